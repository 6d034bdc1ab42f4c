"""Writes of candidate assessments: draft, edit, and the National Representative's nomination.

Admission is not written here: a meeting's decision admits the candidate through hub.meetings' services
(``record_outcome`` with an "admits a member" effect), and the national view reads it from there.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core.services import Conflict, create_record, update_record
from hub.network.models import Member, MembershipStatus
from hub.partnerships import policies
from hub.partnerships.models_assessments import MAX_SCORE, AssessmentState, CandidateAssessment, Recommendation

FIELDS = {"title", "assessed_on", "criteria", "evidence", "sources", "confidence", "source_note"}


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _criteria(raw) -> list[dict]:
    if not isinstance(raw, list) or not raw:
        raise ValidationError({"criteria": _("List at least one criterion with its score and evidence.")})
    rows, errors = [], []
    for n, item in enumerate(raw, start=1):
        name = str((item or {}).get("criterion", "")).strip()
        evidence = str((item or {}).get("evidence", "")).strip()
        try:
            score = int(str((item or {}).get("score", "")).strip())
        except ValueError:
            score = -1
        if not name:
            errors.append(_("Criterion %(n)s: name it.") % {"n": n})
        if not 0 <= score <= MAX_SCORE:
            errors.append(
                _("Criterion %(n)s: the score is a whole number from 0 to %(max)s.") % {"n": n, "max": MAX_SCORE}
            )
        rows.append({"criterion": name, "score": score, "evidence": evidence})
    if errors:
        raise ValidationError({"criteria": errors})
    return rows


def _check(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    data = dict(data)
    from hub.partnerships.services import nul_errors

    texts = {**data, "criteria": [str(c) for c in data.get("criteria") or []]}
    if nul_errors(texts):
        raise ValidationError(nul_errors(texts))
    if "criteria" in data:
        data["criteria"] = _criteria(data["criteria"])
    day = data.get("assessed_on")
    if isinstance(day, str):
        try:
            data["assessed_on"] = date.fromisoformat(day)
        except ValueError as exc:
            raise ValidationError({"assessed_on": _("Give the day as YYYY-MM-DD.")}) from exc
    if data.get("assessed_on") and data["assessed_on"] > timezone.localdate():
        raise ValidationError({"assessed_on": _("An assessment cannot be dated after today.")})
    return data


@transaction.atomic
def create_assessment(*, actor, member: Member, data: dict[str, Any], via: str = "") -> CandidateAssessment:
    _require(
        policies.can_assess(actor, member),
        _("Only the National Representative of the candidate's country or the Secretariat assesses candidates."),
    )
    status = Member.objects.filter(pk=member.pk).with_status(timezone.localdate()).values_list("status_on", flat=True)
    if status.first() == MembershipStatus.MEMBER:
        raise ValidationError({"member": _("%(member)s is already a member.") % {"member": member}})
    data = _check(data)
    return create_record(
        CandidateAssessment,
        actor=actor,
        data={"confidence": "medium", **data, "member": member, "state": AssessmentState.DRAFT},
        via=via,
    )


@transaction.atomic
def update_assessment(
    *, actor, assessment: CandidateAssessment, data: dict[str, Any], expected_version=None, via: str = ""
) -> CandidateAssessment:
    _require(policies.can_assess(actor, assessment.member), _("You may not change this assessment."))
    if assessment.state != AssessmentState.DRAFT:
        raise ValidationError({"state": _("The nomination is made; the assessment can no longer change.")})
    return update_record(assessment, actor=actor, data=_check(data), expected_version=expected_version, via=via)


@transaction.atomic
def nominate(
    *,
    actor,
    assessment: CandidateAssessment,
    recommendation: str,
    text: str,
    expected_version: int | None = None,
    via: str = "",
) -> CandidateAssessment:
    """The NR's recommendation: recommended nominates the candidate; not recommended closes the assessment."""
    _require(
        policies.can_assess(actor, assessment.member),
        _("Only the National Representative of the candidate's country or the Secretariat nominates."),
    )
    current = CandidateAssessment.objects.select_for_update().get(pk=assessment.pk)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)  # before the state check: a stale tab learns it is stale
    assessment = current
    errors = {}
    if assessment.state != AssessmentState.DRAFT:
        errors["recommendation"] = [_("This assessment has its recommendation already.")]
    if recommendation not in Recommendation.values:
        errors["recommendation"] = [_("Choose recommended or not recommended.")]
    if not (text or "").strip():
        errors["text"] = [_("Write the recommendation: why the candidate should (or should not) join.")]
    if errors:
        raise ValidationError(errors)
    state = AssessmentState.NOMINATED if recommendation == Recommendation.RECOMMEND else AssessmentState.NOT_NOMINATED
    return update_record(
        assessment,
        actor=actor,
        data={
            "recommendation": recommendation,
            "recommendation_text": text.strip(),
            "state": state,
            "nominated_on": timezone.localdate(),
        },
        expected_version=expected_version,
        via=via,
    )
