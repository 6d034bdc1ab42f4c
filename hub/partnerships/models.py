"""Partnerships and investment (PRODUCT §3.7): partner programmes, partnerships, exchange rates and the
financing recorded against partnerships and investment opportunities. Opportunities, expressions of
interest and candidate assessments are in models_opportunities.py and models_assessments.py.

A collaboration between members (hub/exchange, built in parallel) is meant to link to a Partnership after
the merge: add ``collaboration = models.OneToOneField("exchange.Collaboration", null=True, blank=True,
on_delete=models.SET_NULL, related_name="partnership")`` here in a migration of its own. Nothing else in
this app depends on it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.core.dates import Precision, format_partial
from hub.core.models import Sourced
from hub.partnerships.choices import Instrument
from hub.partnerships.money import CURRENCY_CHOICES


class PartnershipKind(models.TextChoices):
    TWINNING = "twinning", _("twinning")
    TECHNICAL_ASSISTANCE = "technical_assistance", _("technical assistance")
    FEASIBILITY_STUDY = "feasibility_study", _("feasibility study")
    FINANCING = "financing", _("financing")
    TRAINING = "training", _("training")
    KNOWLEDGE_EXCHANGE = "knowledge_exchange", _("knowledge exchange")


class PartnershipStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    ENDED = "ended", _("ended early")


class DatedMixin(models.Model):
    """A start and an end known to the day, month or year (hub.core.dates)."""

    start_date = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_precision = models.CharField(max_length=5, choices=Precision.choices, blank=True)

    class Meta:
        abstract = True

    @property
    def start_display(self) -> str:
        return format_partial(self.start_date, self.start_precision)

    @property
    def end_display(self) -> str:
        return format_partial(self.end_date, self.end_precision)

    @property
    def period_display(self) -> str:
        start, end = self.start_display, self.end_display
        if not start and not end:
            return ""
        return start if start == end else f"{start or '?'} – {end or '…'}"


def _linked() -> list:
    """Members with their country and projects with their member, one query each (none per row)."""
    from hub.network.models import Member
    from hub.projects.models import Project

    return [
        models.Prefetch("members", queryset=Member.objects.select_related("country").order_by("name")),
        models.Prefetch("projects", queryset=Project.objects.select_related("member").order_by("title")),
    ]


class ProgrammeQuerySet(models.QuerySet):
    def with_related(self) -> ProgrammeQuerySet:
        return self.prefetch_related("organisations", *_linked())


class Programme(Sourced, DatedMixin):
    """A partner programme: a funder's or a partner country's line of support to ASEAN smart cities."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    partner_country = models.CharField(_("partner country or body"), max_length=80, blank=True)
    organisations = models.ManyToManyField(
        "network.Organisation", blank=True, related_name="programmes", verbose_name=_("organisations")
    )
    # What the programme says it will spend, as stated (an envelope, not money received by members).
    envelope_amount = models.DecimalField(_("stated envelope"), max_digits=18, decimal_places=2, null=True, blank=True)
    envelope_currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, blank=True)
    envelope_note = models.CharField(_("about the envelope"), max_length=300, blank=True)
    members = models.ManyToManyField(
        "network.Member", blank=True, related_name="programmes", verbose_name=_("members supported")
    )
    projects = models.ManyToManyField(
        "projects.Project", blank=True, related_name="programmes", verbose_name=_("projects supported")
    )
    website = models.URLField(_("website"), blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner programme")
        verbose_name_plural = _("partner programmes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnerships:programme", args=[self.slug])


class PartnershipQuerySet(models.QuerySet):
    def with_related(self) -> PartnershipQuerySet:
        return self.select_related("partner", "programme").prefetch_related(*_linked())

    def visible_to(self, user) -> PartnershipQuerySet:
        """Partnerships are public records (PRODUCT §3.7): everyone reads them."""
        return self

    def of_partner(self, organisation_ids) -> PartnershipQuerySet:
        return self.filter(partner_id__in=organisation_ids)


class Partnership(Sourced, DatedMixin):
    """A partner organisation working with one or more members and/or projects (none: the network as a whole)."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    title = models.CharField(_("title"), max_length=200)
    partner = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("partner")
    )
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("programme"),
    )
    members = models.ManyToManyField("network.Member", blank=True, related_name="partnerships")
    projects = models.ManyToManyField("projects.Project", blank=True, related_name="partnerships")
    kind = models.CharField(_("kind"), max_length=24, choices=PartnershipKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=PartnershipStatus.choices, default=PartnershipStatus.ACTIVE
    )
    description = models.TextField(_("description"), blank=True)
    amount = models.DecimalField(_("stated amount"), max_digits=18, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES, blank=True)
    documents = models.JSONField(_("documents"), default=list, blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="partnership_amount_gte_0"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:partnership", args=[self.slug])


class ExchangeRate(Sourced):
    """Units of ``currency`` per one US dollar on ``rate_date`` (or over the period ``note`` names).

    Entered as data (data/exchange_rates.yaml, loaded by loadreference), never fetched. A conversion uses the
    latest rate on or before the day of the amount it converts, and keeps a reference to it and a copy of its
    value."""

    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    rate_date = models.DateField(_("rate date"))
    units_per_usd = models.DecimalField(_("units per US dollar"), max_digits=20, decimal_places=8)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["currency", "-rate_date"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "rate_date"], name="exchangerate_one_per_day"),
            models.CheckConstraint(condition=Q(units_per_usd__gt=0), name="exchangerate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.units_per_usd} per USD ({self.rate_date.isoformat()})"


class FinancingStage(models.TextChoices):
    COMMITTED = "committed", _("committed")
    SECURED = "secured", _("secured")
    DISBURSED = "disbursed", _("disbursed")


STAGES = [FinancingStage.COMMITTED, FinancingStage.SECURED, FinancingStage.DISBURSED]


class FinancingQuerySet(models.QuerySet):
    def with_related(self) -> FinancingQuerySet:
        return self.select_related(
            "member__country", "partnership__partner", "opportunity__member__country", "opportunity__project", "rate"
        )

    def visible_to(self, user) -> FinancingQuerySet:
        """A partnership's money is public; an opportunity's is seen where the opportunity is."""

        return self.filter(
            Q(partnership__isnull=False) | Q(opportunity__in=Opportunity.objects.visible_to(user).values("pk"))
        )


class Financing(Sourced):
    """Money at one stage (committed, secured or disbursed) for a partnership or an opportunity, on a day,
    with its evidence, converted to USD with the rate stored beside it (hub.partnerships.money).

    ``member`` is whom the money is for: an opportunity's member, or one of a partnership's members (empty
    for a partnership with the network as a whole). Figures per member, country, year and instrument add
    these rows' stored ``amount_usd``."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="financing"
    )
    opportunity = models.ForeignKey(
        "partnerships.Opportunity", on_delete=models.CASCADE, null=True, blank=True, related_name="financing"
    )
    member = models.ForeignKey(
        "network.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="financing"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=FinancingStage.choices)
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    on_date = models.DateField(_("date"))
    evidence = models.TextField(_("evidence"), help_text=_("A document, an address or a statement that shows it."))
    rate = models.ForeignKey(ExchangeRate, on_delete=models.PROTECT, related_name="conversions")
    rate_value = models.DecimalField(_("rate used"), max_digits=20, decimal_places=8)
    rate_date = models.DateField(_("date of the rate"))
    amount_usd = models.DecimalField(_("amount in USD"), max_digits=18, decimal_places=2)

    objects = FinancingQuerySet.as_manager()

    class Meta:
        ordering = ["on_date", "pk"]
        verbose_name = _("financing")
        verbose_name_plural = _("financing")
        constraints = [
            models.CheckConstraint(
                condition=(Q(partnership__isnull=False) & Q(opportunity__isnull=True))
                | (Q(partnership__isnull=True) & Q(opportunity__isnull=False)),
                name="financing_one_parent",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="financing_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.currency} {self.amount} ({self.on_date.isoformat()})"

    @property
    def parent(self):
        return self.partnership if self.partnership_id else self.opportunity


from hub.partnerships.models_assessments import CandidateAssessment  # noqa: E402,F401
from hub.partnerships.models_opportunities import (  # noqa: E402,F401
    Follow,
    Interest,
    InterestMessage,
    Opportunity,
    OpportunityReview,
    OpportunityStage,
    OpportunityState,
)
