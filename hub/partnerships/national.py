"""The national view (PRODUCT §3.8): what /countries/<code>/ shows beyond the registry — its members'
projects and progress, its candidates with the assessments used to nominate them and the meeting decision
that admitted them, its national coordination meetings with the programmes they discussed, and the
partnerships and investment realised. Read through ``national_view(country, user)`` (the country page's
``{% national_view %}`` tag); a fixed number of queries whatever the size of the country.

Each member shows at most ``PROJECTS_PER_MEMBER`` of its projects (by title) and, when it has more, a link to
all of them on the projects list: a country of 180 members and 4,600 projects rendered every one of them
(0.5 s of CPU per view, issue 10 target 3), while its members' lists are one click away.
"""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
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


PROJECTS_PER_MEMBER = 12


def _first_projects(country):
    """The first ``PROJECTS_PER_MEMBER`` projects of each member of ``country`` by title, each with its
    member's number of projects (``of_member``): one query, its rows bounded by the number of members, and
    only the fields the page shows (no JSON provenance to decode)."""
    member = [F("member_id")]
    ranked = Project.objects.filter(member__country=country).annotate(
        rank=Window(RowNumber(), partition_by=member, order_by=[F("title").asc(), F("pk").asc()]),
        of_member=Window(Count("pk"), partition_by=member),
    )
    shown = ranked.filter(rank__lte=PROJECTS_PER_MEMBER).only("slug", "title", "member_id", "status", "is_demo")
    return annotate_public_progress(shown.order_by("title", "pk"))


def national_view(country, user) -> dict:
    today = timezone.localdate()
    members = list(Member.objects.filter(country=country).with_status(today).with_join().order_by("name"))
    by_member: dict[int, list] = {}
    for project in _first_projects(country):
        by_member.setdefault(project.member_id, []).append(project)
    for member in members:
        member.project_rows = by_member.get(member.pk, [])
        member.projects_count = member.project_rows[0].of_member if member.project_rows else 0

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
