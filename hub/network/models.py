"""The registry: countries, members and their membership history, organisations, people, role terms."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from hub.core.dates import Precision, format_partial, last_day
from hub.core.labels import localized
from hub.core.models import Sourced
from hub.core.urlcache import reverse  # remembered: called for every row of a list


class CountryQuerySet(models.QuerySet):
    def labels(self) -> dict[str, str]:
        """ISO code -> the country's name in the active language, for rows read as plain values (PDFs)."""
        return {country.code: country.label for country in self}


class Country(Sourced):
    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    # The name as Indonesian government usage writes it (Filipina, Singapura): pages read ``label``.
    name_id = models.CharField(_("name in Bahasa Indonesia"), max_length=80, blank=True)
    local_name = models.CharField(_("local name"), max_length=120, blank=True)
    asean_joined = models.DateField(_("joined ASEAN"), null=True, blank=True)
    asean_joined_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The country's name in the active language (English ``name`` stays the record's and the API's)."""
        return localized(self)

    def get_absolute_url(self) -> str:
        return reverse("network:country", args=[self.code.lower()])


class MemberKind(models.TextChoices):
    CITY = "city", _("city")
    REGENCY = "regency", _("regency")
    PROVINCE = "province", _("province")
    SPECIAL_REGION = "special_region", _("special administrative region")
    FEDERAL_TERRITORY = "federal_territory", _("federal territory")
    UNION_TERRITORY = "union_territory", _("union territory")
    CITY_STATE = "city_state", _("city-state")


class MembershipStatus(models.TextChoices):
    CANDIDATE = "candidate", _("candidate")
    MEMBER = "member", _("member")
    WITHDRAWN = "withdrawn", _("withdrawn")


class MemberQuerySet(models.QuerySet):
    def with_status(self, on: date) -> MemberQuerySet:
        """Annotate ``status_on``: the status that the latest membership event up to ``on`` gave."""
        latest = MembershipEvent.objects.filter(member=OuterRef("pk"), counts_from__lte=on).order_by(
            "-counts_from", "-pk"
        )
        return self.annotate(status_on=Subquery(latest.values("status")[:1]))

    def with_join(self) -> MemberQuerySet:
        """Annotate ``joined_date`` and ``joined_precision`` from the first event that made it a member."""
        first = MembershipEvent.objects.filter(member=OuterRef("pk"), status=MembershipStatus.MEMBER).order_by(
            "effective_date", "pk"
        )
        return self.annotate(
            joined_date=Subquery(first.values("effective_date")[:1]),
            joined_precision=Subquery(first.values("effective_date_precision")[:1]),
        )

    def members_on(self, on: date) -> MemberQuerySet:
        return self.with_status(on).filter(status_on=MembershipStatus.MEMBER)

    def published(self) -> MemberQuerySet:
        return self

    def visible_to(self, user) -> MemberQuerySet:
        """The registry is public: everyone sees every member."""
        return self

    def editable_by(self, user) -> MemberQuerySet:
        """Members whose profile ``user`` may edit (see hub.core.rights)."""
        from hub.core.rights import scope_for

        return scope_for(user).editable(self, "pk", "country_id")


class Member(Sourced):
    """A member (or candidate) of the network: an administrative area, not only a city."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    local_name = models.CharField(_("local name"), max_length=160, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MemberKind.choices, default=MemberKind.CITY)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="members", verbose_name=_("country"))
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    summary = models.TextField(_("summary"), blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90), name="member_lat_range"
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="member_lon_range",
            ),
        ]
        # The API's list order (lower(name), id): a page of 50 reads 50 entries, not every member sorted.
        indexes = [models.Index(Lower("name"), "id", name="member_name_order")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("network:member", args=[self.slug])


class MembershipEvent(Sourced):
    """One change of a member's status, from the date it took effect, and what decided it."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events", verbose_name=_("member"))
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices)
    effective_date = models.DateField(_("effective from"))
    effective_date_precision = models.CharField(
        _("precision"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    decided_by = models.CharField(_("decided by"), max_length=300, blank=True)
    # A bound from another source on a date known only to its year or month: "joined 2025, but not before
    # 2025-10" (the 2025 M&E report counts 35 cities on 30 Sep 2025). Counting starts from it (0002).
    not_before = models.DateField(_("not before"), null=True, blank=True)
    not_before_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    # The first day the event counts: the bound if there is one, else the first day of its date. Kept by save().
    counts_from = models.DateField(editable=False, null=True, db_index=True)

    class Meta:
        ordering = ["effective_date", "pk"]
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        indexes = [
            models.Index(fields=["member", "effective_date"]),
            # The API's list order (effective date, then member and id): a page reads its dates' entries only.
            models.Index(fields=["effective_date", "id"], name="membership_event_date_order"),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()} from {self.effective_display}"

    def clean(self):
        super().clean()
        if bool(self.not_before) != bool(self.not_before_precision):
            raise ValidationError({"not_before_precision": _("A bound needs its precision (day, month or year).")})
        if self.not_before and self.effective_date and self.effective_date_precision:
            period_end = last_day(self.effective_date, self.effective_date_precision)
            if not self.effective_date <= self.not_before <= period_end:
                raise ValidationError(
                    {
                        "not_before": _("The bound must fall within the period of the date it narrows (%(date)s).")
                        % {"date": self.effective_display}
                    }
                )

    def save(self, *args, **kwargs):
        self.counts_from = max(self.effective_date, self.not_before) if self.not_before else self.effective_date
        super().save(*args, **kwargs)

    @property
    def effective_display(self) -> str:
        return format_partial(self.effective_date, self.effective_date_precision)

    @property
    def not_before_display(self) -> str:
        return format_partial(self.not_before, self.not_before_precision)


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("ministry or government agency")
    LOCAL_GOVERNMENT = "local_government", _("local government")
    SECRETARIAT = "secretariat", _("secretariat")
    PARTNER = "partner", _("partner")
    OTHER = "other", _("other")


class Organisation(Sourced):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    local_name = models.CharField(_("local name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations")
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text=_("The member this organisation governs, for a local government."),
    )
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="units")
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Person(Sourced):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=160)
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SHEPHERD = "shepherd", _("Shepherd")
    NATIONAL_REPRESENTATIVE = "national_representative", _("National Representative")
    CSCO = "csco", _("Chief Smart City Officer")
    SECRETARIAT = "secretariat", _("Secretariat")
    # Alternates act for the holder (the NR/CSCO list names them); they are their own roles so that the
    # one-holder-a-day rule of the National Representative's seat does not count them (hub/network/seats.py).
    NR_ALTERNATE = "nr_alternate", _("National Representative (alternate)")
    CSCO_ALTERNATE = "csco_alternate", _("Chief Smart City Officer (alternate)")


# The role whose rights an alternate has.
PRINCIPAL_ROLE = {Role.NR_ALTERNATE: Role.NATIONAL_REPRESENTATIVE, Role.CSCO_ALTERNATE: Role.CSCO}


def held_on_q(on: date) -> Q:
    """``RoleTerm.objects.held_on(on)`` as a filter, to combine with others in one query."""
    return (Q(counts_from__isnull=True) | Q(counts_from__lte=on)) & (Q(end_until__isnull=True) | Q(end_until__gte=on))


class RoleTermQuerySet(models.QuerySet):
    def held_on(self, on: date) -> RoleTermQuerySet:
        """Terms in force on a day. An unknown start counts as in force, unless a source knows the term in
        force from a day (``in_force_on``): then from that day; an empty end counts as ongoing."""
        return self.filter(held_on_q(on))

    def with_related(self) -> RoleTermQuerySet:
        return self.select_related("country", "member", "member__country", "organisation", "person")


class RoleTerm(Sourced):
    """Who held a governance role, from when to when.

    Chair and Shepherd are held by a member state (``country``), with the body and person that acted for
    it where known; a National Representative is a body of one country; a CSCO serves one member; the
    Secretariat is an organisation.
    """

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, db_index=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True, related_name="role_terms")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="role_terms")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="role_terms"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="role_terms")
    start_date = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    # The last day the term covers: 2025 (year precision) runs through 2025-12-31. Kept by save().
    end_until = models.DateField(editable=False, null=True, blank=True, db_index=True)
    # A day on which a source shows the term in force while its start is unknown (the NR/CSCO list "as of
    # 31 January 2026"): the term counts from that day, no earlier, and no start day is invented (0002).
    in_force_on = models.DateField(_("known in force on"), null=True, blank=True)
    # The first day the term counts: its start, else ``in_force_on``, else none (in force since ever). Kept by save().
    counts_from = models.DateField(editable=False, null=True, blank=True, db_index=True)
    decided_by = models.CharField(_("decided by"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = RoleTermQuerySet.as_manager()

    class Meta:
        ordering = ["role", "start_date", "pk"]
        verbose_name = _("role term")
        verbose_name_plural = _("role terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_until__gte=models.F("start_date")),
                name="roleterm_end_after_start",
            ),
        ]

    def clean(self):
        super().clean()
        errors: dict[str, str] = {}
        if self.role in (Role.CHAIR, Role.SHEPHERD) and not self.country_id:
            errors["country"] = _("A Chair or Shepherd term names the member state that holds it.")
        if self.role == Role.NATIONAL_REPRESENTATIVE and not (self.country_id and self.organisation_id):
            errors["organisation"] = _("A National Representative term names its country and its body.")
        if self.role in (Role.CSCO, Role.CSCO_ALTERNATE) and not self.member_id:
            errors["member"] = _("A Chief Smart City Officer term names the member it serves.")
        if self.role == Role.NR_ALTERNATE and not (self.country_id and self.person_id):
            errors["person"] = _("An alternate National Representative term names its country and the person.")
        if self.start_date and self.in_force_on and self.in_force_on < self.start_date:
            errors["in_force_on"] = _("A term cannot be known in force before it starts.")
        if (
            self.in_force_on
            and self.end_date
            and last_day(self.end_date, self.end_precision or "day") < self.in_force_on
        ):
            errors["end_date"] = _("The end comes before the day the term is known in force.")
        if self.role == Role.SECRETARIAT and not self.organisation_id:
            errors["organisation"] = _("A Secretariat term names the organisation.")
        if bool(self.start_date) != bool(self.start_precision):
            errors["start_precision"] = _("A start date needs its precision (day, month or year).")
        if bool(self.end_date) != bool(self.end_precision):
            errors["end_precision"] = _("An end date needs its precision (day, month or year).")
        if self.start_date and self.end_date and last_day(self.end_date, self.end_precision or "day") < self.start_date:
            errors["end_date"] = _("The end comes before the start.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.end_until = last_day(self.end_date, self.end_precision or Precision.DAY) if self.end_date else None
        self.counts_from = self.start_date or self.in_force_on
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.holder_name} ({self.period_display})"

    @property
    def label(self) -> str:
        """``str(term)`` with the holder's name in the active language, for pages."""
        return f"{self.get_role_display()}: {self.holder_label} ({self.period_display})"

    def is_held_on(self, on: date) -> bool:
        """The same rule as ``RoleTerm.objects.held_on``, for a term already in memory."""
        first = self.start_date or self.in_force_on
        return (first is None or first <= on) and (self.end_until is None or self.end_until >= on)

    @property
    def holder_name(self) -> str:
        """The name a reader expects: the member state for Chair and Shepherd, else the body or person
        (English country names: the API's and the record's; pages read ``holder_label``)."""
        return self._holder(lambda country: country.name)

    @property
    def holder_label(self) -> str:
        """``holder_name`` with a member state's name in the active language (pages, e-mails, PDFs)."""
        return self._holder(lambda country: country.label)

    def _holder(self, country_name) -> str:
        if self.role in (Role.CHAIR, Role.SHEPHERD) and self.country_id:
            return country_name(self.country)
        if self.organisation_id:
            return self.organisation.name
        if self.person_id:
            return self.person.name
        if self.country_id:
            return country_name(self.country)
        return ""

    @property
    def start_display(self) -> str:
        return format_partial(self.start_date, self.start_precision)

    @property
    def end_display(self) -> str:
        return format_partial(self.end_date, self.end_precision)

    @property
    def period_display(self) -> str:
        start = self.start_display or "?"
        end = self.end_display or "…"
        return start if start == end else f"{start} – {end}"


from hub.network.models_tallies import MemberTally  # noqa: E402, F401  (tallies.py)
