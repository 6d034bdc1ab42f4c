"""What the exchange API answers and accepts (conventions of hub.projects.schemas)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from ninja import Field, Schema

from hub.exchange.models import (
    ChallengeStatus,
    CollaborationKind,
    CollaborationStatus,
    FollowKind,
    HelpKind,
    RequestState,
    Severity,
)
from hub.network.models import Member
from hub.network.schemas import CountryRef, Provenance, provenance
from hub.network.schemas_in import WriteSchema
from hub.projects.models import Language, Project
from hub.projects.schemas import FocusAreaOut, ProjectRef


def _page_url(obj, context: dict[str, Any] | None) -> str:
    path = obj.get_absolute_url()
    request = (context or {}).get("request")
    return request.build_absolute_uri(path) if request is not None else path


class MemberOut(Schema):
    id: int
    slug: str
    name: str
    country: CountryRef


class ChallengeOut(Schema):
    id: int
    title: str
    text: str
    language: str
    member: MemberOut
    project: ProjectRef | None
    focus_areas: list[FocusAreaOut]
    severity: int = Field(description="1 minor, 2 moderate, 3 serious, 4 critical.")
    severity_label: str
    status: ChallengeStatus
    solved_by_project: ProjectRef | None
    solved_by_collaboration: int | None = Field(description="Id of the collaboration that solved it.")
    solution: str
    help_wanted: list[HelpKind]
    published: bool
    from_update: int | None = Field(description="Id of the accepted progress update it came from.")
    from_cycle: str | None = Field(description="That update's M&E cycle, e.g. 2024-2025.")
    is_demo: bool
    provenance: Provenance
    url: str = Field(description="Its page in the hub.")

    @staticmethod
    def resolve_focus_areas(obj) -> list:
        return list(obj.focus_areas.all())

    @staticmethod
    def resolve_severity_label(obj) -> str:
        return str(obj.get_severity_display())

    @staticmethod
    def resolve_solved_by_collaboration(obj) -> int | None:
        return obj.solved_by_collaboration_id

    @staticmethod
    def resolve_from_update(obj) -> int | None:
        return obj.source_update_id

    @staticmethod
    def resolve_from_cycle(obj) -> str | None:
        return obj.source_update.cycle.slug if obj.source_update_id else None

    @staticmethod
    def resolve_provenance(obj) -> dict:
        return provenance(obj)

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _page_url(obj, context)


def _member(value: int | str) -> Member:
    found = Member.objects.filter(slug=str(value)).first() if not str(value).isdigit() else None
    found = found or (Member.objects.filter(pk=int(value)).first() if str(value).isdigit() else None)
    if found is None:
        raise ValueError(f"No member with the id or slug '{value}'.")
    return found


def _project(value: int | str) -> Project:
    found = Project.objects.filter(slug=str(value)).first() if not str(value).isdigit() else None
    found = found or (Project.objects.filter(pk=int(value)).first() if str(value).isdigit() else None)
    if found is None:
        raise ValueError(f"No project with the id or slug '{value}'.")
    return found


class ChallengeIn(WriteSchema):
    member: int | str = Field(description="The member's id or slug (you must be one of its officers).")
    project: int | str | None = Field(None, description="One of the member's projects, by id or slug.")
    title: str = Field(max_length=200)
    text: str = Field(max_length=10000)
    language: Language = Language.EN
    focus_areas: list[str] = Field(description="Codes, e.g. civic-social (see GET /focus-areas).", min_length=1)
    severity: Severity = Severity.MODERATE
    status: ChallengeStatus = ChallengeStatus.OPEN
    solved_by_project: int | str | None = None
    solution: str = Field("", max_length=5000)
    wants_knowledge: bool = False
    wants_partner: bool = False
    wants_funding: bool = False
    published: bool = False
    sources: list[str] = Field(default_factory=list, max_length=20)

    references: ClassVar[dict[str, Any]] = {"member": _member, "project": _project, "solved_by_project": _project}
    not_stored: ClassVar[frozenset[str]] = frozenset({"focus_areas"})


class ChallengePatch(WriteSchema):
    project: int | str | None = None
    title: str | None = Field(None, max_length=200)
    text: str | None = Field(None, max_length=10000)
    language: Language | None = None
    focus_areas: list[str] | None = Field(None, min_length=1)
    severity: Severity | None = None
    status: ChallengeStatus | None = None
    solved_by_project: int | str | None = None
    solution: str | None = Field(None, max_length=5000)
    wants_knowledge: bool | None = None
    wants_partner: bool | None = None
    wants_funding: bool | None = None
    published: bool | None = None
    sources: list[str] | None = Field(None, max_length=20)

    references: ClassVar[dict[str, Any]] = {"project": _project, "solved_by_project": _project}
    not_stored: ClassVar[frozenset[str]] = frozenset({"focus_areas"})


class ChallengeRef(Schema):
    id: int
    title: str


class RequestOut(Schema):
    id: int
    from_member: MemberOut
    to_member: MemberOut
    kind: CollaborationKind
    subject: str
    message: str
    challenge: ChallengeRef | None
    project: ProjectRef | None
    state: RequestState
    reply: str
    created_at: datetime
    decided_at: datetime | None
    collaboration: int | None = Field(description="Id of the collaboration an acceptance started.")
    url: str

    @staticmethod
    def resolve_collaboration(obj) -> int | None:
        return obj.collaboration_id

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _page_url(obj, context)


class RequestIn(WriteSchema):
    from_member: int | str = Field(description="Your member (id or slug): you must be one of its officers.")
    to_member: int | str = Field(description="The member you ask (id or slug).")
    kind: CollaborationKind
    subject: str = Field(min_length=1, max_length=200)
    message: str = Field(min_length=1, max_length=5000)
    challenge: int | None = Field(None, description="Id of a challenge of either member.")
    project: int | str | None = Field(None, description="A project of either member, by id or slug.")

    references: ClassVar[dict[str, Any]] = {"from_member": _member, "to_member": _member, "project": _project}


class AnswerIn(Schema):
    reply: str = Field("", max_length=5000, description="Required to decline.")


class CollaborationOut(Schema):
    id: int
    topic: str
    kind: CollaborationKind
    members: list[MemberOut]
    challenge: ChallengeRef | None
    projects: list[ProjectRef]
    status: CollaborationStatus
    start_date: date
    end_date: date | None
    is_demo: bool
    url: str

    @staticmethod
    def resolve_members(obj) -> list:
        return list(obj.members.all())

    @staticmethod
    def resolve_projects(obj) -> list:
        return list(obj.projects.all())

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _page_url(obj, context)


class FollowOut(Schema):
    id: int
    kind: FollowKind
    key: str = Field(description="The member's or project's slug, the challenge's id, the country's code.")
    label: str
    url: str

    @staticmethod
    def resolve_key(obj) -> str:
        target = obj.target
        if obj.kind in (FollowKind.MEMBER, FollowKind.PROJECT):
            return target.slug
        if obj.kind == FollowKind.COUNTRY:
            return target.code
        return str(target.pk)

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj.target)

    @staticmethod
    def resolve_url(obj, context) -> str:
        return _page_url(obj.target, context)


class FollowIn(Schema):
    kind: FollowKind
    key: str = Field(
        min_length=1, max_length=120, description="Slug (member, project), id (challenge), code (country)."
    )


class CollaborationPatch(WriteSchema):
    topic: str | None = Field(None, min_length=1, max_length=200)
    status: CollaborationStatus | None = None
    end_date: date | None = None


class CollaborationMemberIn(WriteSchema):
    member: int | str = Field(description="The member that joins, by id or slug.")

    references: ClassVar[dict[str, Any]] = {"member": _member}
