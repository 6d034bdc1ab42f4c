"""The national view (PRODUCT §3.8): what /countries/<code>/ shows beyond the registry — its members'
projects and progress, its candidates with the assessments used to nominate them and the meeting decision
that admitted them, its national coordination meetings with the programmes they discussed, and the
partnerships and investment realised. Read through ``national_view(country, user)`` (the country page's
``{% national_view %}`` tag); a fixed number of queries whatever the size of the country.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from hub.meetings.models import AgendaItem, DecisionEffect, EffectKind, Meeting
from hub.monitoring.selectors import annotate_public_progress
from hub.network.models import Member, MembershipStatus
from hub.partnerships.figures import investment
from hub.partnerships.models import Financing, Partnership
from hub.partnerships.models_assessments import CandidateAssessment
from hub.partnerships.policies import can_assess
from hub.projects.models import Project


def admission_of(member: Member) -> DecisionEffect | None:
    """The meeting decision that admitted ``member`` (hub.meetings' "admits a member" effect), if any."""
    return (
        DecisionEffect.objects.filter(kind=EffectKind.ADMIT_MEMBER, membership_event__member=member)
        .select_related("decision__agenda_item__meeting", "membership_event")
        .order_by("-membership_event__effective_date")
        .first()
    )


def _admissions(member_ids) -> dict[int, DecisionEffect]:
    effects = (
        DecisionEffect.objects.filter(kind=EffectKind.ADMIT_MEMBER, membership_event__member_id__in=member_ids)
        .select_related("decision__agenda_item__meeting", "membership_event")
        .order_by("membership_event__effective_date")
    )
    return {e.membership_event.member_id: e for e in effects}


def national_view(country, user) -> dict:
    today = timezone.localdate()
    members = list(Member.objects.filter(country=country).with_status(today).with_join().order_by("name"))
    projects = annotate_public_progress(
        Project.objects.filter(member__country=country).select_related("member").order_by("title")
    )
    by_member: dict[int, list] = {}
    for project in projects:
        by_member.setdefault(project.member_id, []).append(project)
    for member in members:
        member.project_rows = by_member.get(member.pk, [])

    assessments = list(
        CandidateAssessment.objects.visible_to(user).filter(member__country=country).select_related("member")
    )
    assessed_ids = {a.member_id for a in assessments}
    candidate_ids = {m.pk for m in members if m.status_on == MembershipStatus.CANDIDATE} | assessed_ids
    admissions = _admissions(candidate_ids)
    candidates = []
    for member in members:
        if member.pk in candidate_ids:
            member.assessment_rows = [a for a in assessments if a.member_id == member.pk]
            member.admission = admissions.get(member.pk)
            candidates.append(member)

    items = AgendaItem.objects.prefetch_related("projects__member").order_by("position", "pk")
    meetings = list(
        Meeting.objects.visible_to(user)
        .filter(country=country)
        .select_related("series")
        .prefetch_related(Prefetch("agenda_items", queryset=items))
        .order_by("-start_date")
    )
    for meeting in meetings:
        meeting.discussed = [p for item in meeting.agenda_items.all() for p in item.projects.all()]

    links = Partnership.members.through.objects.filter(member__country=country).values("partnership_id")
    partnerships = list(Partnership.objects.visible_to(user).filter(pk__in=links).with_related().order_by("title"))
    rows = Financing.objects.visible_to(user).filter(member__country=country)
    return {
        "members": [m for m in members if m.status_on == MembershipStatus.MEMBER],
        "candidates": candidates,
        "meetings": meetings,
        "partnerships": partnerships,
        "figures": investment("member", rows),
        "can_assess": bool(members) and can_assess(user, members[0]),
        "monitoring_url": reverse("monitoring:country", args=[country.code.lower()]),
        "investment_url": reverse("partnerships:investment") + f"?country={country.code}&group_by=member",
    }
