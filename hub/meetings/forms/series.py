"""The form of a meeting series: its name and address, whose meetings it gathers, and its sources."""

from __future__ import annotations

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hub.core.labels import use_labels
from hub.meetings import policies
from hub.meetings.forms.common import SourcesField
from hub.meetings.models import MeetingScope, MeetingSeries
from hub.network.models import Country


class SeriesForm(forms.ModelForm):
    sources = SourcesField(label=_("Sources"), required=False, help_text=_("Web addresses, one per line."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MeetingSeries
        fields = ["name", "slug", "scope", "country", "description", "sources", "confidence", "source_note"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "source_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        use_labels(self)
        network, countries = policies.creatable_scopes(user)
        slug = self.fields["slug"]
        slug.label = _("Address (slug)")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            slug.disabled = True
            slug.help_text = _("The address of the series' page and calendar feed; it does not change.")
            if self.instance.scope == MeetingScope.NATIONAL:
                countries = countries | {self.instance.country_id}
            else:
                network = True
        else:
            slug.required = False
            slug.help_text = _(
                "The address of the series' page and calendar feed, e.g. ascn-annual-meetings. "
                "Leave empty to make it from the name. It cannot be changed later."
            )
        scopes = [(v, capfirst(label)) for v, label in MeetingScope.choices if v != MeetingScope.NETWORK or network]
        if not countries:
            scopes = [s for s in scopes if s[0] != MeetingScope.NATIONAL]
        self.fields["scope"].choices = scopes
        self.fields["country"].queryset = Country.objects.filter(pk__in=countries).order_by("name")
        self.fields["country"].help_text = _("Only for a series of national meetings.")
        self.fields["confidence"].choices = [(v, capfirst(label)) for v, label in self.fields["confidence"].choices]

    def clean(self):
        data = super().clean()
        if data.get("scope") == MeetingScope.NETWORK:
            data["country"] = None
            self.instance.country = None
        return data

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if self.instance.pk:
            data.pop("slug", None)
            return {k: v for k, v in data.items() if k in self.changed_data or k == "country"}
        return data
