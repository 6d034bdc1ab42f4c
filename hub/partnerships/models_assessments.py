"""The assessment a National Representative uses to nominate a candidate member (PRODUCT §3.8).

The chain: the NR (or the Secretariat) drafts the assessment of a candidate — criteria with scores and
evidence — then records its recommendation and nominates the candidate; a meeting's decision admits it
through the meetings' existing decisions (hub.meetings DecisionEffect "admits a member"). The admission
is read from that decision, never copied here, so the registry stays the one truth.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.core.models import Sourced

MAX_SCORE = 5


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("draft")
    NOMINATED = "nominated", _("nominated by the National Representative")
    NOT_NOMINATED = "not_nominated", _("not nominated")


class Recommendation(models.TextChoices):
    RECOMMEND = "recommend", _("recommended")
    NOT_RECOMMEND = "not_recommend", _("not recommended")


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> AssessmentQuerySet:
        """Nominations are public once made; drafts only to the country's NR and the network-wide roles."""
        from django.db.models import Q

        from hub.accounts.permissions import scope_for

        scope = scope_for(user)
        if scope.network_wide:
            return self
        return self.filter(Q(state=AssessmentState.NOMINATED) | Q(member__country_id__in=scope.nr_country_ids))


class CandidateAssessment(Sourced):
    member = models.ForeignKey(
        "network.Member", on_delete=models.PROTECT, related_name="assessments", verbose_name=_("candidate")
    )
    title = models.CharField(_("title"), max_length=200)
    assessed_on = models.DateField(_("assessed on"))
    # [{"criterion": "...", "score": 0..MAX_SCORE, "evidence": "..."}]
    criteria = models.JSONField(_("criteria, scores and evidence"), default=list)
    evidence = models.TextField(_("evidence"), blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=14, choices=Recommendation.choices, blank=True)
    recommendation_text = models.TextField(_("the National Representative's recommendation"), blank=True)
    state = models.CharField(_("state"), max_length=14, choices=AssessmentState.choices, default=AssessmentState.DRAFT)
    nominated_on = models.DateField(_("nominated on"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "pk"]
        verbose_name = _("candidate assessment")
        verbose_name_plural = _("candidate assessments")

    def __str__(self) -> str:
        return self.title

    @property
    def total_score(self) -> int:
        return sum(int(c.get("score", 0)) for c in self.criteria)

    @property
    def max_total(self) -> int:
        return MAX_SCORE * len(self.criteria)
