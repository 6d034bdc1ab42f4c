"""Forms of agenda items: an item with its links, and moving it up or down."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.meetings.forms.common import ClockField, DateInput
from hub.meetings.models import AgendaItem, Meeting, Outcome
from hub.network.models import Member, Organisation


class AgendaItemForm(forms.ModelForm):
    start_time = ClockField(label=_("Time"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "description",
            "day",
            "start_time",
            "duration_minutes",
            "presenter",
            "presenter_organisation",
            "members",
            "projects",
            "decisions",
        ]
        widgets = {
            "day": DateInput,
            "description": forms.Textarea(attrs={"rows": 3}),
            "members": forms.SelectMultiple(attrs={"size": 6}),
            "projects": forms.SelectMultiple(attrs={"size": 6}),
            "decisions": forms.SelectMultiple(attrs={"size": 5}),
        }
        help_texts = {
            "members": _("Hold Ctrl (or Cmd) to choose several."),
            "decisions": _("Decisions of earlier meetings this item follows up."),
        }

    LINKS = ("members", "projects", "decisions")

    def __init__(self, *args, meeting: Meeting, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from hub.projects.models import Project

        self.meeting = meeting
        self.instance.meeting = meeting
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["members"].queryset = Member.objects.select_related("country").order_by("name")
        self.fields["projects"].queryset = Project.objects.select_related("member").order_by("title")
        self.fields["projects"].label_from_instance = lambda p: f"{p.title} ({p.member.name})"
        earlier = (
            Outcome.objects.decisions()
            .visible_to(user)
            .filter(agenda_item__meeting__start_date__lte=meeting.start_date)
            .exclude(agenda_item__meeting=meeting, agenda_item=self.instance.pk or 0)
            .select_related("agenda_item__meeting")
            .order_by("-agenda_item__meeting__start_date", "pk")
        )
        self.fields["decisions"].queryset = earlier
        self.fields["decisions"].label_from_instance = lambda d: f"{d.agenda_item.meeting.title}: {d}"
        self.fields["presenter_organisation"].queryset = Organisation.objects.order_by("name")

    def service_data(self) -> tuple[dict, dict]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.LINKS and k != "version"}
        links = {k: list(self.cleaned_data.get(k) or []) for k in self.LINKS}
        return data, links


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
