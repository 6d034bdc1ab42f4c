"""Meetings of the network: series, meetings, agenda items, outcomes (information, decisions, action
items), the registry changes decisions made, delegations, participants and documents.

The registry (hub.network) knows nothing of meetings: a decision that changed it points at the
membership event or role term it made through ``DecisionEffect`` (one-to-one), so the member and
governance pages can link back to the decision without a field of their own.
"""

from __future__ import annotations

import zoneinfo
from datetime import date
from datetime import time as dt_time

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.core.models import Sourced


class MeetingKind(models.TextChoices):
    ANNUAL = "annual", _("annual meeting")
    COORDINATION = "coordination", _("coordination meeting")
    WORKSHOP = "workshop", _("workshop")
    PARTNER = "partner", _("partner meeting")


class MeetingScope(models.TextChoices):
    NETWORK = "network", _("the whole network")
    NATIONAL = "national", _("one member state (national meeting)")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    ONLINE = "online", _("online")
    HYBRID = "hybrid", _("hybrid (in person and online)")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    RESTRICTED = "restricted", _("restricted to participants")


# Times of day are kept as "HH:MM" text in the meeting's time zone: exact, sortable, and plain in the change log.
CLOCK = RegexValidator(r"^([01]\d|2[0-3]):[0-5]\d$", _("A time is HH:MM on a 24-hour clock, e.g. 09:30."))


def clock(text: str) -> dt_time | None:
    """The time of day an "HH:MM" text names (None for empty)."""
    return dt_time.fromisoformat(text) if text else None


def _valid_timezone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


class MeetingSeries(Sourced):
    """Meetings that follow one another, e.g. the ASCN Annual Meetings: open action items of one meeting
    come back on the agenda of the next ones of its series."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    scope = models.CharField(_("scope"), max_length=10, choices=MeetingScope.choices, default=MeetingScope.NETWORK)
    country = models.ForeignKey(
        "network.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_series",
        verbose_name=_("country"),
        help_text=_("For national meetings: the member state."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("meetings:series", args=[self.slug])

    def clean(self):
        super().clean()
        if self.scope == MeetingScope.NATIONAL and not self.country_id:
            raise ValidationError({"country": _("A series of national meetings names its member state.")})


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        """Public meetings for everyone; restricted ones for their organisers and participants.

        The network-wide roles (Secretariat, Chair, Shepherd) see every meeting."""
        from hub.accounts.permissions import scope_for

        scope = scope_for(user)
        if scope.network_wide:
            return self
        allowed = Q(visibility=Visibility.PUBLIC)
        if not scope.authenticated:
            return self.filter(allowed)
        if scope.nr_country_ids:
            allowed |= Q(scope=MeetingScope.NATIONAL, country_id__in=scope.nr_country_ids)
        delegations = Delegation.objects.filter(
            Q(organisation_id__in=scope.organisation_ids)
            | Q(member_id__in=scope.officer_member_ids)
            | Q(country_id__in=scope.nr_country_ids)
        ).values("meeting_id")
        people = Participant.objects.filter(user_id=user.pk).values("meeting_id")
        return self.filter(allowed | Q(pk__in=delegations) | Q(pk__in=people))

    def editable_by(self, user) -> MeetingQuerySet:
        from hub.meetings.policies import organiser_filter

        return self.filter(organiser_filter(user))

    def with_related(self) -> MeetingQuerySet:
        return self.select_related(
            "series",
            "country",
            "venue_country",
            "host_country",
            "host_organisation",
            "chair_country",
            "chair_organisation",
            "chair_person",
        )


class Meeting(Sourced):
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("series"),
    )
    number = models.PositiveSmallIntegerField(
        _("number in the series"), null=True, blank=True, help_text=_("E.g. 7 for the 7th Annual Meeting.")
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=14, choices=MeetingKind.choices)
    scope = models.CharField(_("organised for"), max_length=10, choices=MeetingScope.choices)
    country = models.ForeignKey(
        "network.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_meetings",
        verbose_name=_("member state"),
        help_text=_("For a national meeting: the member state whose National Representative organises it."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    start_time = models.CharField(
        _("starts at"), max_length=5, blank=True, validators=[CLOCK], help_text=_("Local time, HH:MM.")
    )
    end_time = models.CharField(
        _("ends at"), max_length=5, blank=True, validators=[CLOCK], help_text=_("Local time, HH:MM.")
    )
    timezone = models.CharField(
        _("time zone"), max_length=64, blank=True, help_text=_("The time zone of the times, e.g. Asia/Jakarta.")
    )
    format = models.CharField(
        _("format"), max_length=10, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    venue_country = models.ForeignKey(
        "network.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("country of the venue"),
    )
    online_url = models.URLField(_("online meeting address"), blank=True)
    host_country = models.ForeignKey(
        "network.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host country"),
    )
    host_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host organisation"),
    )
    chair_country = models.ForeignKey(
        "network.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chaired by (member state)"),
    )
    chair_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name=_("chaired by (organisation)"),
    )
    chair_person = models.ForeignKey(
        "network.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chaired_meetings",
        verbose_name=_("chaired by (person)"),
    )
    visibility = models.CharField(
        _("who may read it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    summary = models.TextField(_("summary"), blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="meeting_end_after_start"),
            models.UniqueConstraint(
                fields=["series", "number"],
                condition=Q(series__isnull=False, number__isnull=False),
                name="meeting_number_once_per_series",
                violation_error_message=_("This series already has a meeting with this number."),
            ),
        ]
        indexes = [models.Index(fields=["series", "start_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors: dict[str, str] = {}
        if self.scope == MeetingScope.NATIONAL and not self.country_id:
            errors["country"] = _("A national meeting names the member state it is organised for.")
        if self.scope == MeetingScope.NETWORK and self.country_id:
            errors["country"] = _("Only a national meeting names a member state; leave it empty.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day comes before the first day.")
        if self.end_time and not self.start_time:
            errors["start_time"] = _("Give the starting time too.")
        if (self.start_time or self.end_time) and not self.timezone:
            errors["timezone"] = _("Times need their time zone (e.g. Asia/Jakarta).")
        if self.timezone and not _valid_timezone(self.timezone):
            errors["timezone"] = _("'%(zone)s' is not a known time zone (e.g. Asia/Jakarta).") % {"zone": self.timezone}
        if (
            self.start_time
            and self.end_time
            and self.start_date
            and self.start_date == self.end_date
            and self.end_time <= self.start_time
        ):
            errors["end_time"] = _("On a one-day meeting the end comes after the start.")
        if self.format == MeetingFormat.ONLINE and (self.venue or self.city):
            errors["venue"] = _("An online meeting has no venue: choose 'hybrid' or clear the venue and city.")
        if self.series_id and self.series.scope == MeetingScope.NATIONAL and self.series.country_id != self.country_id:
            errors["series"] = _("This series is of another member state's national meetings.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_national(self) -> bool:
        return self.scope == MeetingScope.NATIONAL

    @property
    def is_restricted(self) -> bool:
        return self.visibility == Visibility.RESTRICTED

    @property
    def place_display(self) -> str:
        if self.format == MeetingFormat.ONLINE:
            return str(_("online"))
        parts: list[str] = []
        for part in (self.venue, self.city, self.venue_country.name if self.venue_country_id else ""):
            if part and part not in parts:  # "Singapore, Singapore" reads as a stutter
                parts.append(part)
        text = ", ".join(parts)
        if self.format == MeetingFormat.HYBRID:
            return str(_("%(place)s and online") % {"place": text}) if text else str(_("hybrid"))
        return text

    @property
    def dates_display(self) -> str:
        """24–25 Jun 2024, 30 Jul 2024, 30 Aug – 2 Sep 2025, 31 Dec 2025 – 2 Jan 2026."""
        return dates_display(self.start_date, self.end_date)

    @property
    def host_display(self) -> str:
        names = [_short(self.host_organisation), self.host_country.name if self.host_country_id else ""]
        return ", ".join(n for n in names if n)

    @property
    def chair_display(self) -> str:
        parts = [
            self.chair_person.name if self.chair_person_id else "",
            _short(self.chair_organisation),
            self.chair_country.name if self.chair_country_id else "",
        ]
        return ", ".join(p for p in parts if p)


def _short(organisation) -> str:
    if organisation is None:
        return ""
    return organisation.short_name or organisation.name


def dates_display(start: date, end: date | None) -> str:
    end = end or start
    if start == end:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


class AgendaItem(Sourced):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    day = models.DateField(_("day"), null=True, blank=True, help_text=_("For a meeting of several days."))
    start_time = models.CharField(
        _("time"), max_length=5, blank=True, validators=[CLOCK], help_text=_("Local time, HH:MM.")
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True, help_text=_("Name, as free text."))
    presenter_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presented_items",
        verbose_name=_("presenting organisation"),
    )
    members = models.ManyToManyField(
        "network.Member", blank=True, related_name="agenda_items", verbose_name=_("members concerned")
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="agenda_items", verbose_name=_("projects discussed")
    )
    decisions = models.ManyToManyField(
        "Outcome",
        blank=True,
        related_name="discussed_in",
        verbose_name=_("earlier decisions"),
        limit_choices_to={"kind": "decision"},
    )

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#item-{self.pk}"

    def clean(self):
        super().clean()
        meeting = self.meeting if self.meeting_id else None
        if meeting and self.day and not (meeting.start_date <= self.day <= meeting.end_date):
            raise ValidationError(
                {"day": _("The day is not one of the meeting's days (%(dates)s).") % {"dates": meeting.dates_display}}
            )

    @property
    def presenter_display(self) -> str:
        parts = [p for p in (self.presenter, self.presenter_organisation.name if self.presenter_organisation else "")]
        return ", ".join(p for p in parts if p)


class OutcomeKind(models.TextChoices):
    INFORMATION = "information", _("information")
    DECISION = "decision", _("decision")
    ACTION = "action", _("action item")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class OutcomeQuerySet(models.QuerySet):
    def decisions(self) -> OutcomeQuerySet:
        return self.filter(kind=OutcomeKind.DECISION)

    def actions(self) -> OutcomeQuerySet:
        return self.filter(kind=OutcomeKind.ACTION)

    def open_actions(self) -> OutcomeQuerySet:
        return self.actions().filter(status__in=OPEN_STATUSES)

    def overdue(self, on: date) -> OutcomeQuerySet:
        return self.open_actions().filter(due_date__lt=on)

    def visible_to(self, user) -> OutcomeQuerySet:
        return self.filter(agenda_item__meeting__in=Meeting.objects.visible_to(user))

    def with_related(self) -> OutcomeQuerySet:
        return self.select_related(
            "agenda_item",
            "agenda_item__meeting",
            "agenda_item__meeting__series",
            "owner_organisation",
            "owner_user",
        )


class Outcome(Sourced):
    """What came of an agenda item: a piece of information, a decision or an action item.

    Action items carry an owner (an organisation, a user with an account, or a named person), a due date
    and a status; ``closed_on`` is the day they were done or dropped, so that a meeting's review of open
    action items shows what was open on the meeting's day."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=12, choices=OutcomeKind.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("text"))
    owner_organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owner (organisation)"),
    )
    owner_user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owner (person with an account)"),
    )
    owner_name = models.CharField(
        _("owner (name)"), max_length=200, blank=True, help_text=_("A person without an account, as free text.")
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["agenda_item", "position", "pk"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="action") | (Q(status="") & Q(due_date__isnull=True)),
                name="outcome_action_fields_only_on_actions",
            ),
            models.CheckConstraint(condition=~Q(kind="action") | ~Q(status=""), name="outcome_action_has_status"),
        ]
        indexes = [models.Index(fields=["kind", "status", "due_date"])]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 80 else text[:79] + "…"

    def get_absolute_url(self) -> str:
        if self.kind == OutcomeKind.ACTION:
            return reverse("meetings:action", args=[self.pk])
        return f"{reverse('meetings:detail', args=[self.agenda_item.meeting_id])}#{self.kind}-{self.pk}"

    @property
    def meeting(self) -> Meeting:
        return self.agenda_item.meeting

    def clean(self):
        super().clean()
        errors: dict[str, str] = {}
        if self.kind == OutcomeKind.ACTION:
            if not self.status:
                self.status = ActionStatus.OPEN
            if not (self.owner_organisation_id or self.owner_user_id or self.owner_name.strip()):
                errors["owner_organisation"] = _("An action item needs an owner: an organisation or a person.")
        else:
            if self.owner_organisation_id or self.owner_user_id or self.owner_name or self.due_date:
                errors["kind"] = _("Only an action item has an owner and a due date.")
            self.status = ""
        if errors:
            raise ValidationError(errors)

    @property
    def owner_display(self) -> str:
        parts = [
            self.owner_user.get_full_name() if self.owner_user_id else "",
            self.owner_name,
            self.owner_organisation.name if self.owner_organisation_id else "",
        ]
        return ", ".join(p for p in parts if p)

    def is_overdue(self, on: date) -> bool:
        return (
            self.kind == OutcomeKind.ACTION
            and self.status in OPEN_STATUSES
            and bool(self.due_date)
            and (self.due_date < on)
        )


class EffectKind(models.TextChoices):
    ADMIT_MEMBER = "admit_member", _("admits a member")
    CHAIR_HANDOVER = "chair_handover", _("hands over the Chair")
    SHEPHERD_HANDOVER = "shepherd_handover", _("hands over the Shepherd role")


class DecisionEffect(Sourced):
    """A change of the registry that a decision made: the membership event or role term it created.

    ``created_by_decision`` says whether deleting the decision deletes the registry record (it was made
    here) or only unlinks it (the reference dataset made it and links it to the decision that took it)."""

    decision = models.ForeignKey(Outcome, on_delete=models.PROTECT, related_name="effects")
    kind = models.CharField(_("kind"), max_length=20, choices=EffectKind.choices)
    membership_event = models.OneToOneField(
        "network.MembershipEvent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision_effect",
    )
    role_term = models.OneToOneField(
        "network.RoleTerm", on_delete=models.PROTECT, null=True, blank=True, related_name="decision_effect"
    )
    created_by_decision = models.BooleanField(default=True)

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("effect of a decision")
        verbose_name_plural = _("effects of decisions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(membership_event__isnull=False) & Q(role_term__isnull=True))
                | (Q(membership_event__isnull=True) & Q(role_term__isnull=False)),
                name="decisioneffect_one_target",
            ),
        ]

    def __str__(self) -> str:
        target = self.membership_event or self.role_term
        return f"{self.get_kind_display()}: {target}"

    @property
    def target(self):
        return self.membership_event if self.membership_event_id else self.role_term


class ActionComment(models.Model):
    action = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    author_label = models.CharField(_("author"), max_length=200)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment on an action item")
        verbose_name_plural = _("comments on action items")

    def __str__(self) -> str:
        return f"{self.author_label}: {self.text[:60]}"


class ActionReminder(models.Model):
    """One reminder sent: ``actionreminders`` sends nobody two for the same item on the same day."""

    action = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    email = models.EmailField(_("sent to"))
    sent_on = models.DateField(_("day"))
    reason = models.CharField(_("reason"), max_length=10)  # "due" or "overdue"
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "pk"]
        verbose_name = _("action reminder sent")
        verbose_name_plural = _("action reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["action", "email", "sent_on"], name="actionreminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.sent_on} {self.email}: {self.action}"


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    ATTENDING = "attending", _("attending")
    DECLINED = "declined", _("declined")
    ABSENT = "absent", _("absent")


class DelegationKind(models.TextChoices):
    MEMBER = "member", _("member")
    COUNTRY = "country", _("member state")
    PARTNER = "partner", _("partner organisation")
    SECRETARIAT = "secretariat", _("Secretariat")
    ORGANISATION = "organisation", _("other organisation")


class Delegation(Sourced):
    """A party taking part: a member, a member state, a partner organisation, the Secretariat.

    Users of the delegation's organisation (or of a unit of it), the officers of a member delegation and
    the National Representative of a country delegation read the meeting even when it is restricted."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="delegations")
    kind = models.CharField(_("kind"), max_length=14, choices=DelegationKind.choices)
    member = models.ForeignKey(
        "network.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="delegations"
    )
    country = models.ForeignKey(
        "network.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="delegations"
    )
    organisation = models.ForeignKey(
        "network.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        help_text=_("The body that sends the delegation (for a member state: e.g. its National Representative)."),
    )
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["meeting", "kind", "pk"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], condition=Q(member__isnull=False), name="delegation_member_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "country"], condition=Q(kind="country"), name="delegation_country_once"
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(organisation__isnull=False) & ~Q(kind="country") & ~Q(kind="member"),
                name="delegation_organisation_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.kind == DelegationKind.MEMBER and self.member_id:
            return self.member.name
        if self.kind == DelegationKind.COUNTRY and self.country_id:
            return self.country.name
        return self.organisation.name if self.organisation_id else ""

    def clean(self):
        super().clean()
        from hub.network.models import OrganisationKind

        errors: dict[str, str] = {}
        if self.kind == DelegationKind.MEMBER and not self.member_id:
            errors["member"] = _("Choose the member.")
        if self.kind == DelegationKind.COUNTRY and not self.country_id:
            errors["country"] = _("Choose the member state.")
        if self.kind in (DelegationKind.PARTNER, DelegationKind.SECRETARIAT, DelegationKind.ORGANISATION):
            if not self.organisation_id:
                errors["organisation"] = _("Choose the organisation.")
            elif self.kind == DelegationKind.PARTNER and self.organisation.kind != OrganisationKind.PARTNER:
                errors["organisation"] = _("%(name)s is not a partner organisation.") % {"name": self.organisation.name}
            elif self.kind == DelegationKind.SECRETARIAT and self.organisation.kind != OrganisationKind.SECRETARIAT:
                errors["organisation"] = _("%(name)s is not the Secretariat.") % {"name": self.organisation.name}
        if self.kind != DelegationKind.MEMBER and self.member_id:
            errors["member"] = _("Only a member delegation names a member.")
        if self.kind not in (DelegationKind.COUNTRY,) and self.country_id:
            errors["country"] = _("Only a member state's delegation names a country.")
        if errors:
            raise ValidationError(errors)


class Participant(Sourced):
    """A person at the meeting: a user with an account (who then reads the meeting), a person of the
    registry, or a name; optionally in a delegation."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("delegation"),
    )
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("user account"),
    )
    person = models.ForeignKey(
        "network.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participations",
        verbose_name=_("person in the registry"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="participant_user_once"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.person_id:
            return self.person.name
        if self.user_id:
            return self.user.get_full_name()
        return ""

    def clean(self):
        super().clean()
        errors: dict[str, str] = {}
        if not (self.user_id or self.person_id or self.name.strip()):
            errors["name"] = _("Give a name, or choose a person or a user account.")
        if self.delegation_id and self.meeting_id and self.delegation.meeting_id != self.meeting_id:
            errors["delegation"] = _("That delegation belongs to another meeting.")
        if errors:
            raise ValidationError(errors)


class Document(models.Model):
    """An uploaded file, stored outside the web root and served only through a view that checks rights."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    stored_name = models.CharField(max_length=255, unique=True)
    file_type = models.CharField(_("type"), max_length=8)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    restricted = models.BooleanField(
        _("participants only"),
        default=False,
        help_text=_("Only the meeting's participants and organisers may download it, even if the meeting is public."),
    )
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:document", args=[self.pk])
