"""Investment opportunities (a project's financing need), their review chain, and partners' expressions
of interest with the conversation that follows.

An opportunity is drafted by its member's officers, submitted, and published only when the member's
National Representative (or the Secretariat) agrees; a reviewer may return it to draft with a comment
(the style of hub.monitoring's progress updates). Partners see published opportunities only.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hub.core.models import Sourced
from hub.partnerships.choices import Instrument
from hub.partnerships.money import CURRENCY_CHOICES


class OpportunityState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted to the National Representative")
    PUBLISHED = "published", _("published")
    CLOSED = "closed", _("closed")


class OpportunityStage(models.TextChoices):
    CONCEPT = "concept", _("concept")
    PRE_FEASIBILITY = "pre_feasibility", _("pre-feasibility")
    FEASIBILITY = "feasibility", _("feasibility")
    STRUCTURING = "structuring", _("structuring")
    FINANCING = "financing", _("financing")
    IMPLEMENTATION = "implementation", _("implementation")


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("submitted")
    PUBLISH = "publish", _("published")
    RETURN = "return", _("returned with a comment")
    CLOSE = "close", _("closed")


# What may be ready, as the issue names it: studies, land, permits (and the rest as text).
READINESS = {
    "studies": _("studies"),
    "land": _("land"),
    "permits": _("permits"),
    "financial_model": _("financial model"),
}


class OpportunityQuerySet(models.QuerySet):
    def with_related(self) -> OpportunityQuerySet:
        return self.select_related("member__country", "project").prefetch_related("project__focus_areas")

    def published(self) -> OpportunityQuerySet:
        return self.filter(state=OpportunityState.PUBLISHED)

    def visible_to(self, user) -> OpportunityQuerySet:
        """Published ones for everyone; drafts and submitted ones to their member's officers, the member's
        National Representative and the network-wide roles. Closed ones stay readable where published ones are."""
        from hub.accounts.permissions import scope_for

        scope = scope_for(user)
        if scope.network_wide:
            return self
        public = Q(state__in=[OpportunityState.PUBLISHED, OpportunityState.CLOSED], published_at__isnull=False)
        own = Q(member_id__in=scope.officer_member_ids) | Q(member__country_id__in=scope.nr_country_ids)
        return self.filter(public | own)

    def editable_by(self, user) -> OpportunityQuerySet:
        from hub.accounts.permissions import scope_for

        scope = scope_for(user)
        if scope.secretariat:
            return self
        return self.filter(Q(member_id__in=scope.officer_member_ids) | Q(member__country_id__in=scope.nr_country_ids))


class Opportunity(Sourced):
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="opportunities", verbose_name=_("project")
    )
    # The project's member, kept on the row so that rights and figures filter without a join.
    member = models.ForeignKey("network.Member", on_delete=models.PROTECT, related_name="opportunities")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("what the money is for"))
    amount = models.DecimalField(_("amount needed"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCY_CHOICES)
    # The need in USD for filtering by size: converted when saved, at the latest stored rate on or before
    # that day, which is kept beside it (hub.partnerships.money).
    amount_usd = models.DecimalField(_("amount in USD"), max_digits=18, decimal_places=2, editable=False, default=0)
    usd_rate = models.DecimalField(_("rate used"), max_digits=20, decimal_places=8, editable=False, default=1)
    usd_rate_date = models.DateField(_("date of the rate"), null=True, editable=False)
    instrument = models.CharField(_("instrument"), max_length=20, choices=Instrument.choices)
    stage = models.CharField(_("stage"), max_length=16, choices=OpportunityStage.choices)
    readiness = models.JSONField(_("what is ready"), default=list, blank=True)
    readiness_note = models.TextField(_("more on what is ready"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=120)
    contact_email = models.EmailField(_("contact e-mail"))
    state = models.CharField(
        _("state"), max_length=10, choices=OpportunityState.choices, default=OpportunityState.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    return_comment = models.TextField(_("comment of the last return"), blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "title"]
        verbose_name = _("investment opportunity")
        verbose_name_plural = _("investment opportunities")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="opportunity_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:opportunity", args=[self.slug])

    @property
    def readiness_labels(self) -> list[str]:
        return [str(READINESS.get(code, code)) for code in self.readiness]


class OpportunityReview(models.Model):
    """One step of the review chain: who, when, what, and the comment of a return."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(_("step"), max_length=10, choices=ReviewAction.choices)
    actor = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor_label = models.CharField(_("who"), max_length=200)
    acting_as = models.CharField(_("as"), max_length=30, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("review step of an opportunity")
        verbose_name_plural = _("review steps of opportunities")


class InterestState(models.TextChoices):
    OPEN = "open", _("waiting for the member's answer")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class InterestQuerySet(models.QuerySet):
    def visible_to(self, user) -> InterestQuerySet:
        """A partner sees its own organisation's; the opportunity's member (officers, its NR) and the
        network-wide roles see all on it. Never another partner's."""
        from hub.accounts.permissions import scope_for

        scope = scope_for(user)
        if scope.network_wide:
            return self
        if not scope.authenticated:
            return self.none()
        return self.filter(
            Q(organisation_id__in=scope.organisation_ids)
            | Q(opportunity__member_id__in=scope.officer_member_ids)
            | Q(opportunity__member__country_id__in=scope.nr_country_ids)
        )


class Interest(models.Model):
    """A partner's expression of interest in a published opportunity, and the conversation on it."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.PROTECT, related_name="interests", verbose_name=_("partner")
    )
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=InterestState.choices, default=InterestState.OPEN)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "pk"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "organisation"], name="interest_one_per_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.opportunity}"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:interest", args=[self.pk])


class InterestMessage(models.Model):
    interest = models.ForeignKey(Interest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    author_label = models.CharField(_("author"), max_length=200)
    from_partner = models.BooleanField(_("from the partner"))
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")


class Follow(models.Model):
    """A partner follows a published opportunity (without writing to the member): it shows on its page."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="follows")
    organisation = models.ForeignKey("network.Organisation", on_delete=models.CASCADE, related_name="follows")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("followed opportunity")
        verbose_name_plural = _("followed opportunities")
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "organisation"], name="follow_once_per_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} follows {self.opportunity}"
