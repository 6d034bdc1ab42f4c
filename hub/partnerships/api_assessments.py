"""Candidate assessments in the API: read (nominations are public, drafts only to the country's NR and the
network-wide roles), draft one, and the NR's nomination (ETag/If-Match). Admission stays a meeting decision
(``POST /meetings/.../outcomes`` with an "admit_member" effect); ``admitted_by`` reads it back.

No ``from __future__ import annotations``: ninja reads the annotations at import time.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Field, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from hub.accounts.auth import WRITE, caller
from hub.core.api import (
    IF_MATCH_HELP,
    OPEN_READ,
    VIA,
    ETags,
    Pagination,
    detail_responses,
    list_responses,
    service_errors,
    write_responses,
)
from hub.network.models import Member
from hub.partnerships import services
from hub.partnerships.api import router
from hub.partnerships.models_assessments import CandidateAssessment
from hub.partnerships.national import admission_of

ETAGS = ETags(lambda obj: f"assessment-{obj.pk}")


class CriterionOut(Schema):
    criterion: str
    score: int
    evidence: str


class AssessmentOut(Schema):
    id: int
    member: str = Field(description="Slug of the candidate.")
    title: str
    assessed_on: date
    criteria: list[CriterionOut]
    total_score: int
    max_total: int
    evidence: str
    state: str
    recommendation: str
    recommendation_text: str
    nominated_on: date | None
    admitted_by: str | None = Field(description="The meeting whose decision admitted the candidate, if any.")

    @staticmethod
    def resolve_member(obj) -> str:
        return obj.member.slug

    @staticmethod
    def resolve_admitted_by(obj) -> str | None:
        effect = admission_of(obj.member)
        return effect.decision.agenda_item.meeting.title if effect else None


class AssessmentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    member: str = Field(description="Slug of the candidate.")
    title: str = Field(max_length=200)
    assessed_on: str = Field(description="YYYY-MM-DD")
    criteria: list[dict] = Field(description='[{"criterion": "...", "score": 0-5, "evidence": "..."}]')
    evidence: str = ""


class NominationIn(Schema):
    model_config = ConfigDict(extra="forbid")
    recommendation: str = Field(description="recommend or not_recommend")
    text: str = Field(max_length=5000)


def _visible(request):
    return CandidateAssessment.objects.visible_to(caller(request)).select_related("member")


@router.get(
    "/assessments",
    openapi_extra=OPEN_READ,
    response=list_responses(AssessmentOut),
    operation_id="list_assessments",
    summary="Candidate assessments (nominations; drafts to their NR)",
)
@paginate(Pagination)
def list_assessments(request):
    return _visible(request).order_by("-assessed_on", "pk")


@router.get(
    "/assessments/{pk}",
    openapi_extra=OPEN_READ,
    response=detail_responses(AssessmentOut),
    operation_id="get_assessment",
    summary="One candidate assessment",
)
def get_assessment(request, pk: int, response: HttpResponse):
    return ETAGS.with_etag(response, get_object_or_404(_visible(request), pk=pk))


@router.post(
    "/assessments",
    auth=WRITE,
    response=write_responses(AssessmentOut, 201),
    operation_id="create_assessment",
    summary="Draft the assessment of a candidate (its NR, the Secretariat)",
)
def create_assessment(request, payload: AssessmentIn, response: HttpResponse):
    with service_errors():
        member = Member.objects.filter(slug=payload.member).first()
        if member is None:
            raise ValidationError({"member": "Unknown member."})
        data = payload.model_dump(exclude={"member"})
        obj = services.create_assessment(actor=caller(request), member=member, data=data, via=VIA)
    return ETAGS.created(response, obj, "get_assessment", pk=obj.pk)


@router.post(
    "/assessments/{pk}/nomination",
    auth=WRITE,
    response=write_responses(AssessmentOut),
    operation_id="nominate",
    summary="The National Representative's recommendation",
    description=IF_MATCH_HELP,
)
def nominate(request, pk: int, payload: NominationIn, response: HttpResponse):
    obj = get_object_or_404(_visible(request), pk=pk)
    version = ETAGS.expected_version(request, obj)
    with service_errors():
        obj = services.nominate(
            actor=caller(request),
            assessment=obj,
            recommendation=payload.recommendation,
            text=payload.text,
            expected_version=version,
            via=VIA,
        )
    return ETAGS.with_etag(response, obj)
