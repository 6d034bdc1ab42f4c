"""The upload form of a document."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.meetings import uploads
from hub.meetings.models import AgendaItem, Meeting


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False, help_text=_("The file name if empty."))
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), required=False, queryset=AgendaItem.objects.none(), empty_label=_("— the meeting —")
    )
    restricted = forms.BooleanField(
        label=_("Participants only"),
        required=False,
        help_text=_("Only participants and organisers may download it, even if the meeting is public."),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position", "pk")
        self.fields["file"].help_text = _("PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT or CSV; at most %(size)s.") % {
            "size": uploads.human_size(uploads.max_bytes())
        }
        if meeting.is_restricted:
            self.fields["restricted"].initial = True
