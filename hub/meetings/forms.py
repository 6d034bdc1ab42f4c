"""Forms of the meeting pages. They validate input and hand ``cleaned_data`` to hub.meetings.services;
they never save by themselves."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hub.accounts.models import User
from hub.core.dates import PartialDate
from hub.meetings import policies, uploads
from hub.meetings.models import (
    ActionStatus,
    AgendaItem,
    Delegation,
    EffectKind,
    Meeting,
    MeetingScope,
    MeetingSeries,
    Outcome,
    OutcomeKind,
    Participant,
)
from hub.network.models import Country, Member, MembershipStatus, Organisation, Person

ASEAN_TIMEZONES = [
    "Asia/Brunei",
    "Asia/Phnom_Penh",
    "Asia/Jakarta",
    "Asia/Makassar",
    "Asia/Jayapura",
    "Asia/Vientiane",
    "Asia/Kuala_Lumpur",
    "Asia/Yangon",
    "Asia/Manila",
    "Asia/Singapore",
    "Asia/Bangkok",
    "Asia/Dili",
    "Asia/Ho_Chi_Minh",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Sydney",
    "Europe/Brussels",
    "America/New_York",
    "UTC",
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class SourcesField(forms.CharField):
    """Source addresses, one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def validate(self, value):
        super().validate(value)
        check = URLValidator(schemes=["http", "https"])
        for address in value:
            try:
                check(address)
            except ValidationError:
                raise ValidationError(_("'%(address)s' is not a web address.") % {"address": address}) from None


class ClockField(forms.TimeField):
    """A time of day typed or picked in the browser, kept as "HH:MM" text."""

    widget = TimeInput

    def clean(self, value):
        result = super().clean(value)
        return result.strftime("%H:%M") if result else ""


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
        }
        help_texts = {"end_date": _("Leave empty for a one-day meeting.")}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
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
        self.fields["series"].queryset = MeetingSeries.objects.order_by("name")
        for name in ("venue_country", "host_country", "chair_country"):
            self.fields[name].queryset = Country.objects.order_by("name")
        self.fields["chair_person"].queryset = Person.objects.order_by("name")
        self.fields["host_organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["chair_organisation"].queryset = Organisation.objects.order_by("name")

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


class OutcomeForm(forms.ModelForm):
    owner_email = forms.EmailField(
        label=_("Owner's account (e-mail)"),
        required=False,
        help_text=_("Optional: the person who owns the action, if they have an account. They get the reminders."),
    )
    effect_kind = forms.ChoiceField(
        label=_("Change to the registry"),
        required=False,
        choices=[("", _("none"))] + list(EffectKind.choices),
    )
    effect_members = forms.ModelMultipleChoiceField(
        label=_("Members admitted"),
        required=False,
        queryset=Member.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Candidates and others not yet members on the meeting's first day; they become members from it."),
    )
    effect_country = forms.ModelChoiceField(
        label=_("Member state taking over"), required=False, queryset=Country.objects.order_by("name")
    )
    effect_organisation = forms.ModelChoiceField(
        label=_("Acting body"), required=False, queryset=Organisation.objects.order_by("name")
    )
    effect_person = forms.ModelChoiceField(label=_("Person"), required=False, queryset=Person.objects.order_by("name"))
    effect_start = forms.CharField(
        label=_("Term starts"),
        required=False,
        max_length=10,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD; the meeting's first day if empty."),
    )
    effect_end = forms.CharField(
        label=_("Term ends"), required=False, max_length=10, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD; open if empty.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    EFFECT_FIELDS = (
        "effect_kind",
        "effect_members",
        "effect_country",
        "effect_organisation",
        "effect_person",
        "effect_start",
        "effect_end",
    )

    class Meta:
        model = Outcome
        fields = ["kind", "text", "owner_organisation", "owner_name", "due_date", "status"]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 4}),
            "due_date": DateInput,
        }
        labels = {"owner_organisation": _("Owner (organisation)"), "owner_name": _("Owner (name, without account)")}

    def __init__(
        self, *args, item: AgendaItem, user=None, allow_effects: bool = False, fixed_kind: str | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.item = item
        self.fixed_kind = fixed_kind
        self.instance.agenda_item = item
        self.allow_effects = allow_effects and not self.instance.pk
        self.fields["kind"].choices = [(value, capfirst(label)) for value, label in OutcomeKind.choices]
        self.fields["status"].choices = [("", _("— for action items —"))] + list(ActionStatus.choices)
        self.fields["status"].required = False
        self.fields["owner_organisation"].queryset = Organisation.objects.order_by("name")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            if self.instance.owner_user_id:
                self.fields["owner_email"].initial = self.instance.owner_user.email
        if fixed_kind:
            # Reached through "Record a decision" (or an action item, information): only that kind's fields.
            self.fields["kind"].widget = forms.HiddenInput()
            self.fields["kind"].initial = fixed_kind
            if fixed_kind != OutcomeKind.ACTION:
                for name in self.ACTION_FIELDS:
                    del self.fields[name]
            if fixed_kind != OutcomeKind.DECISION:
                self.allow_effects = False
        if not self.allow_effects:
            for name in self.EFFECT_FIELDS:
                del self.fields[name]
        else:
            day = item.meeting.start_date
            self.fields["effect_members"].queryset = (
                Member.objects.with_status(day)
                .filter(Q(status_on__isnull=True) | ~Q(status_on=MembershipStatus.MEMBER))
                .select_related("country")
                .order_by("name")
            )
            self.fields["effect_members"].label_from_instance = lambda m: f"{m.name} ({m.country.name})"

    @property
    def effect_bound_fields(self):
        return [self[name] for name in self.EFFECT_FIELDS if name in self.fields]

    ACTION_FIELDS = ("owner_organisation", "owner_email", "owner_name", "due_date", "status")

    @property
    def main_bound_fields(self):
        skip = {*self.EFFECT_FIELDS, *self.ACTION_FIELDS, "version"}
        return [self[name] for name in self.fields if name not in skip]

    @property
    def action_bound_fields(self):
        return [self[name] for name in self.ACTION_FIELDS if name in self.fields]

    def clean_owner_email(self):
        email = (self.cleaned_data.get("owner_email") or "").strip().lower()
        if not email:
            self.instance.owner_user = None
            return None
        user = User.objects.filter(email=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No active account has this e-mail address."))
        self.instance.owner_user = user
        return user

    def _partial(self, name: str) -> PartialDate | None:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            self.add_error(name, str(exc))
            return None

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == OutcomeKind.ACTION and not data.get("status"):
            data["status"] = ActionStatus.OPEN
            self.instance.status = ActionStatus.OPEN
        if self.allow_effects:
            effect = data.get("effect_kind")
            data["effect_start_date"] = self._partial("effect_start")
            data["effect_end_date"] = self._partial("effect_end")
            if effect and kind != OutcomeKind.DECISION:
                self.add_error("effect_kind", _("Only a decision changes the registry."))
            if effect == EffectKind.ADMIT_MEMBER and not data.get("effect_members"):
                self.add_error("effect_members", _("Choose the member(s) the decision admits."))
            if effect in (EffectKind.CHAIR_HANDOVER, EffectKind.SHEPHERD_HANDOVER) and not data.get("effect_country"):
                self.add_error("effect_country", _("Choose the member state that takes over."))
        return data

    def service_data(self) -> dict:
        data = {
            "kind": self.fixed_kind or self.cleaned_data["kind"],
            "text": self.cleaned_data["text"],
            "owner_organisation": self.cleaned_data.get("owner_organisation"),
            "owner_user": self.cleaned_data.get("owner_email"),
            "owner_name": self.cleaned_data.get("owner_name") or "",
            "due_date": self.cleaned_data.get("due_date"),
        }
        if data["kind"] == OutcomeKind.ACTION:
            data["status"] = self.cleaned_data.get("status") or ActionStatus.OPEN
        return data

    def effect_specs(self) -> list:
        from hub.meetings.services import EffectSpec

        if not self.allow_effects:
            return []
        kind = self.cleaned_data.get("effect_kind")
        if not kind:
            return []
        if kind == EffectKind.ADMIT_MEMBER:
            return [EffectSpec(kind=kind, member=m) for m in self.cleaned_data["effect_members"]]
        return [
            EffectSpec(
                kind=kind,
                country=self.cleaned_data.get("effect_country"),
                organisation=self.cleaned_data.get("effect_organisation"),
                person=self.cleaned_data.get("effect_person"),
                start=self.cleaned_data.get("effect_start_date"),
                end=self.cleaned_data.get("effect_end_date"),
            )
        ]


class DelegationForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = ["kind", "member", "country", "organisation", "status", "note"]
        help_texts = {
            "member": _("For a member delegation."),
            "country": _("For a member state's delegation."),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["member"].queryset = Member.objects.select_related("country").order_by("name")
        self.fields["country"].queryset = Country.objects.order_by("name")
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except ValidationError as exc:
            self._update_errors(exc)


class ParticipantForm(forms.ModelForm):
    email = forms.EmailField(
        label=_("User account (e-mail)"),
        required=False,
        help_text=_("A participant with an account may read the meeting and its documents even if restricted."),
    )

    class Meta:
        model = Participant
        fields = ["name", "position", "person", "delegation", "status"]
        help_texts = {"name": _("Leave empty if you choose a person or give an account.")}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["delegation"].queryset = meeting.delegations.select_related("member", "country", "organisation")
        self.fields["person"].queryset = Person.objects.order_by("name")

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if not email:
            self.instance.user = None
            return None
        user = User.objects.filter(email=email, is_active=True).first()
        if user is None:
            raise ValidationError(_("No active account has this e-mail address."))
        self.instance.user = user
        return user

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except ValidationError as exc:
            self._update_errors(exc)

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "email"}
        data["user"] = self.cleaned_data.get("email")
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices


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


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])
