"""The hub's own document providers: members, projects, progress updates, meetings and decisions.

Visibility reuses each app's rule: updates that are not accepted are read through
ProgressUpdate.objects.visible_to (hub.monitoring.policies), restricted meetings and their decisions
through Meeting.objects.visible_to / Outcome.objects.visible_to (hub.meetings.policies).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from hub.meetings.models import AgendaItem, Meeting, Outcome
from hub.meetings.models.meetings import Visibility
from hub.meetings.models.outcomes import OutcomeKind
from hub.monitoring.models import ProgressUpdate, UpdateState
from hub.network.models import Country, Member
from hub.projects.models import FocusArea, Project
from hub.search.providers import Doc, DocumentProvider, registry

_AREAS = Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position"))


class MemberProvider(DocumentProvider):
    kind = "member"
    label = _("Members")
    model = Member

    def queryset(self):
        return Member.objects.select_related("country")

    def document(self, m: Member) -> Doc:
        return Doc(
            title=m.name,
            body=m.summary,
            extra_terms=f"{m.local_name} {m.country.name} {m.country.name_id}",
            url=m.get_absolute_url(),
            language="en",
            country=m.country.code,
            member_id=m.pk,
            is_demo=m.is_demo,
        )


class ProjectProvider(DocumentProvider):
    kind = "project"
    label = _("Projects")
    model = Project

    def queryset(self):
        return Project.objects.select_related("member__country").prefetch_related(_AREAS)

    def document(self, p: Project) -> Doc:
        body = "\n".join(text for text in (p.summary, p.description) if text)
        return Doc(
            title=p.title,
            body=body,
            # The country by its English and Indonesian names: "banjir Filipina" finds flood projects there.
            extra_terms=f"{p.local_title} {p.member.name} {p.member.country.name} {p.member.country.name_id}",
            url=p.get_absolute_url(),
            language=p.language,
            country=p.member.country.code,
            focus_areas=[fa.code for fa in p.focus_areas.all()],
            status=p.status,
            member_id=p.member_id,
            is_demo=p.is_demo,
        )


class UpdateProvider(DocumentProvider):
    kind = "update"
    label = _("Progress updates")
    model = ProgressUpdate

    def queryset(self):
        return ProgressUpdate.objects.select_related("project__member__country", "cycle").prefetch_related(
            Prefetch("project__focus_areas", queryset=FocusArea.objects.order_by("position"))
        )

    def document(self, u: ProgressUpdate) -> Doc:
        parts = [u.narrative, u.challenges, u.support_needed]
        return Doc(
            title=f"{u.project.title} — {u.cycle.label}",
            body="\n".join(text for text in parts if text),
            url=u.get_absolute_url(),
            language=u.language,
            country=u.project.member.country.code,
            focus_areas=[fa.code for fa in u.project.focus_areas.all()],
            status=u.status,
            member_id=u.project.member_id,
            public=u.state == UpdateState.ACCEPTED,
            is_demo=u.is_demo,
        )


class MeetingProvider(DocumentProvider):
    kind = "meeting"
    label = _("Meetings")
    model = Meeting

    def queryset(self):
        return Meeting.objects.select_related("country", "venue_country", "host_country")

    def document(self, m: Meeting) -> Doc:
        country = m.country or m.host_country or m.venue_country
        return Doc(
            title=m.title,
            body=m.summary,
            extra_terms=f"{m.city} {m.venue}",
            url=m.get_absolute_url(),
            language="en",
            country=country.code if country else "",
            public=m.visibility == Visibility.PUBLIC,
            is_demo=m.is_demo,
        )


class DecisionProvider(DocumentProvider):
    kind = "decision"
    label = _("Decisions")
    model = Outcome

    def queryset(self):
        return Outcome.objects.filter(kind=OutcomeKind.DECISION).select_related(
            "agenda_item__meeting__country", "agenda_item__meeting__host_country"
        )

    def document(self, o: Outcome) -> Doc | None:
        if o.kind != OutcomeKind.DECISION:
            return None
        meeting = o.agenda_item.meeting
        country = meeting.country or meeting.host_country
        return Doc(
            title=f"{meeting.title}: {o.agenda_item.title}",
            body=o.text,
            url=o.get_absolute_url(),
            language="en",
            country=country.code if country else "",
            public=meeting.visibility == Visibility.PUBLIC,
            is_demo=o.is_demo,
        )


def _projects_of_member(member):
    return Project.objects.filter(member_id=member.pk).only("pk")


def _projects_of_country(country):
    return Project.objects.filter(member__country_id=country.pk).only("pk")


# A member's document carries its country's names in English and Bahasa Indonesia: a renamed country reindexes them.
registry.register(MemberProvider(), related={Country: lambda country: country.members.all()})
registry.register(
    ProjectProvider(),
    m2m=[Project.focus_areas.through],
    related={Member: _projects_of_member, Country: _projects_of_country},
)
registry.register(UpdateProvider())
registry.register(MeetingProvider())
registry.register(
    DecisionProvider(),
    related={
        Meeting: lambda meeting: Outcome.objects.filter(agenda_item__meeting=meeting, kind=OutcomeKind.DECISION),
        AgendaItem: lambda item: Outcome.objects.filter(agenda_item=item, kind=OutcomeKind.DECISION),
    },
)
