"""The form of a meeting: what, when, where, host and chair, who may read it, and its sources."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hub.core.labels import use_labels
from hub.meetings import policies
from hub.meetings.forms.common import ASEAN_TIMEZONES, ClockField, DateInput, SourcesField
from hub.meetings.models import Meeting, MeetingScope, MeetingSeries
from hub.network.models import Country, Organisation, Person


class SeriesSelect(forms.Select):
    """Each series' option carries the number proposed for its next meeting (``data-next-number``), which
    meetings/series.js puts in the number field when the series is chosen."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        number = getattr(getattr(value, "instance", None), "next_number", None)
        if number is not None:
            option["attrs"]["data-next-number"] = str(number)
        return option


class MeetingForm(forms.ModelForm):
    start_time = ClockField(label=_("Starts at"), required=False, help_text=_("Local time; leave empty if not known."))
    end_time = ClockField(label=_("Ends at"), required=False)
    online_url = forms.URLField(
        label=_("Online meeting address"), required=False, assume_scheme="https", max_length=200
    )
    sources = SourcesField(label=_("Sources"), required=False, help_text=_("Web addresses, one per line."))
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_("Needed when you give times."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = [
            "title",
            "kind",
            "scope",
            "country",
            "series",
            "number",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "timezone",
            "format",
            "venue",
            "city",
            "venue_country",
            "online_url",
            "host_country",
            "host_organisation",
            "chair_country",
            "chair_organisation",
            "chair_person",
            "visibility",
            "summary",
            "sources",
            "confidence",
            "source_note",
        ]
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "source_note": forms.Textarea(attrs={"rows": 2}),
            "series": SeriesSelect,
        }
        help_texts = {
            "end_date": _("Leave empty for a one-day meeting."),
            "number": _("E.g. 7 for the 7th Annual Meeting. Choosing a series proposes its next number."),
        }

    # The page adds meetings/series.js, which proposes the number when a series is chosen.
    proposes_numbers = True

    def __init__(self, *args, user=None, series: MeetingSeries | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        use_labels(self)
        self.user = user
        network, countries = policies.creatable_scopes(user)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if self.instance.is_national:
                countries = countries | {self.instance.country_id}
            else:
                network = True
        scopes = [(v, label) for v, label in MeetingScope.choices if v != MeetingScope.NETWORK or network]
        if not countries:
            scopes = [s for s in scopes if s[0] != MeetingScope.NATIONAL]
        self.fields["scope"].choices = [(v, capfirst(label)) for v, label in scopes]
        for name in ("kind", "format", "visibility", "confidence"):
            self.fields[name].choices = [(v, capfirst(label) if v else label) for v, label in self.fields[name].choices]
        self.fields["country"].queryset = Country.objects.filter(pk__in=countries).order_by("name")
        self.fields["country"].help_text = _("Only for a national meeting.")
        self.fields["end_date"].required = False
        zones = list(ASEAN_TIMEZONES)
        current = self.instance.timezone if self.instance.pk else ""
        if current and current not in zones:
            zones.insert(0, current)
        self.fields["timezone"].choices = [("", _("— none —"))] + [(z, z.replace("_", " ")) for z in zones]
        self.fields["series"].queryset = MeetingSeries.objects.with_meetings(user).order_by("name")
        if series is not None and not self.is_bound and not self.instance.pk:
            self._start_in(series)
        for name in ("venue_country", "host_country", "chair_country"):
            self.fields[name].queryset = Country.objects.order_by("name")
        self.fields["chair_person"].queryset = Person.objects.order_by("name")
        self.fields["host_organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["chair_organisation"].queryset = Organisation.objects.order_by("name")

    def _start_in(self, series: MeetingSeries) -> None:
        """A new meeting of ``series`` (the series page's link): the series, its scope and next number."""
        self.initial.update(series=series.pk, scope=series.scope, country=series.country_id)
        proposed = self.fields["series"].queryset.filter(pk=series.pk).values_list("next_number", flat=True).first()
        if proposed is not None:
            self.initial["number"] = proposed
            self.fields["number"].widget.attrs["data-proposed"] = str(proposed)

    FIELDSETS = [
        (_("The meeting"), ["title", "kind", "scope", "country", "series", "number"]),
        (_("When"), ["start_date", "end_date", "start_time", "end_time", "timezone"]),
        (_("Where"), ["format", "venue", "city", "venue_country", "online_url"]),
        (
            _("Host and chair"),
            ["host_country", "host_organisation", "chair_country", "chair_organisation", "chair_person"],
        ),
        (_("Access and summary"), ["visibility", "summary"]),
        (_("Sources"), ["sources", "confidence", "source_note"]),
    ]

    @property
    def fieldsets(self):
        return [(legend, [self[name] for name in names if name in self.fields]) for legend, names in self.FIELDSETS]

    def clean_timezone(self):
        zone = self.cleaned_data.get("timezone") or ""
        if zone:
            try:
                zoneinfo.ZoneInfo(zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                raise ValidationError(_("Not a known time zone.")) from None
        return zone

    def clean(self):
        data = super().clean()
        if data.get("start_date") and not data.get("end_date"):
            data["end_date"] = data["start_date"]
            self.instance.end_date = data["start_date"]
        if data.get("scope") == MeetingScope.NETWORK:
            data["country"] = None
            self.instance.country = None
        return data

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if self.instance.pk:
            return {k: v for k, v in data.items() if k in self.changed_data or k in ("end_date", "country")}
        return data
