"""Series and meetings: when and where, who hosts and chairs, who may read them (``visible_to``)."""

from __future__ import annotations

import zoneinfo
from datetime import date
from datetime import time as dt_time

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import dateformat
from django.utils.translation import gettext_lazy as _

from hub.core.models import Sourced
from hub.core.urlcache import reverse  # remembered: called for every row of a list


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


# Paths under /meetings/series/ that a series' slug may not take.
RESERVED_SERIES_SLUGS = frozenset({"new"})


class MeetingSeriesQuerySet(models.QuerySet):
    def with_meetings(self, user) -> MeetingSeriesQuerySet:
        """Annotate ``meeting_count`` and ``last_number`` over the meetings of each series ``user`` may see,
        and ``next_number``, the number proposed for its next meeting (1 for a series without meetings, None
        for one whose meetings have no numbers). Organisers see every meeting of the series they organise,
        so the number proposed to them is free; others learn nothing of restricted meetings."""
        visible = Meeting.objects.visible_to(user).filter(series=OuterRef("pk"))
        count = visible.order_by().values("series").annotate(n=Count("pk")).values("n")
        last = visible.filter(number__isnull=False).order_by("-number").values("number")[:1]
        return self.annotate(
            meeting_count=Coalesce(Subquery(count, output_field=models.IntegerField()), 0),
            last_number=Subquery(last, output_field=models.IntegerField()),
        ).annotate(
            next_number=Case(
                When(last_number__isnull=False, then=F("last_number") + 1),
                When(meeting_count=0, then=Value(1)),
                default=None,
                output_field=models.IntegerField(),
            )
        )

    def editable_by(self, user) -> MeetingSeriesQuerySet:
        from hub.meetings.policies import series_organiser_filter

        return self.filter(series_organiser_filter(user))


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

    objects = MeetingSeriesQuerySet.as_manager()

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
        if self.scope == MeetingScope.NETWORK and self.country_id:
            raise ValidationError({"country": _("Only a series of national meetings names a member state.")})
        if self.slug in RESERVED_SERIES_SLUGS:
            raise ValidationError({"slug": _("'%(slug)s' is kept for the hub's own pages.") % {"slug": self.slug}})


def place_text(meeting_format: str, venue: str, city: str, country: str) -> str:
    """A meeting's place in words (``Meeting.place_display``; the API's list writes it from rows too)."""
    if meeting_format == MeetingFormat.ONLINE:
        return str(_("online"))
    parts: list[str] = []
    for part in (venue, city, country):
        if part and part not in parts:  # "Singapore, Singapore" reads as a stutter
            parts.append(part)
    text = ", ".join(parts)
    if meeting_format == MeetingFormat.HYBRID:
        return str(_("%(place)s and online") % {"place": text}) if text else str(_("hybrid"))
    return text


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        """Public meetings for everyone; restricted ones for their organisers and participants.

        The network-wide roles (Secretariat, Chair, Shepherd) see every meeting."""
        from hub.accounts.permissions import scope_for
        from hub.meetings.models.attendance import Delegation, Participant  # they point at Meeting

        scope = scope_for(user)
        if scope.network_wide:
            return self
        allowed = Q(visibility=Visibility.PUBLIC)
        if not scope.authenticated:
            return self.filter(allowed)
        if scope.nr_country_ids:
            allowed |= Q(scope=MeetingScope.NATIONAL, country_id__in=scope.nr_country_ids)
        delegations = Delegation.objects.filter(
            Q(organisation_id__in=scope.organisation_ids) | scope.speaks_for_q("member_id", "country_id")
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
        indexes = [
            models.Index(fields=["series", "start_date"]),
            # The lists' order (latest first): a page is read along the index, not sorted from every meeting.
            models.Index(fields=["-start_date", "-id"], name="meeting_latest_first"),
        ]

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
        country = self.venue_country.label if self.venue_country_id else ""
        return place_text(self.format, self.venue, self.city, country)

    @property
    def dates_display(self) -> str:
        """24–25 Jun 2024, 30 Jul 2024, 30 Aug – 2 Sep 2025, 31 Dec 2025 – 2 Jan 2026."""
        return dates_display(self.start_date, self.end_date)

    @property
    def host_display(self) -> str:
        return host_text(self.host_organisation, self.host_country.label if self.host_country_id else "")

    @property
    def chair_display(self) -> str:
        parts = [
            self.chair_person.name if self.chair_person_id else "",
            _short(self.chair_organisation),
            self.chair_country.label if self.chair_country_id else "",
        ]
        return ", ".join(p for p in parts if p)


def host_text(organisation, country: str) -> str:
    """A meeting's host in words (``Meeting.host_display``; the list's rows write it with labels they read once)."""
    names = [_short(organisation), country]
    return ", ".join(n for n in names if n)


def _short(organisation) -> str:
    if organisation is None:
        return ""
    return organisation.short_name or organisation.name


def month_name(day: date) -> str:
    """The month's short name in the active language (Jun, Agu, …)."""
    return dateformat.format(day, "M")


def dates_display(start: date, end: date | None, month=month_name) -> str:
    """``month(day)``: the month's short name (a list passes a remembering one: hub/meetings/rows.py)."""
    end = end or start
    if start == end:
        return f"{start.day} {month(start)} {start.year}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {month(end)} {end.year}"
    if start.year == end.year:
        return f"{start.day} {month(start)} – {end.day} {month(end)} {end.year}"
    return f"{start.day} {month(start)} {start.year} – {end.day} {month(end)} {end.year}"
