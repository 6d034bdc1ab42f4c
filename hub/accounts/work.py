"""What the "My work" page shows: the user's roles today and the part of the network they look after.

Everything follows from permissions.scope_for (the organisation and the role terms in force today),
read with a fixed number of queries whatever the size of the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from hub.accounts import permissions
from hub.accounts.models import Invitation, User
from hub.core.models import ChangeEntry
from hub.network.models import (
    Country,
    Member,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    Role,
    RoleTerm,
)

CHANGE_LOG_PATH = "/changes/"
RECENT_CHANGES = 8


@dataclass
class RoleLine:
    """One of the user's roles today: what, over what, and where the right comes from."""

    role: str
    label: str
    scope: str
    source: str
    term: RoleTerm | None = None
    days_left: int | None = None


def member_edit_url(member: Member) -> str:
    """The member edit page (built in hub.network); a plain path until its URL name exists."""
    try:
        return reverse("network:member_edit", args=[member.slug])
    except NoReverseMatch:
        return f"/members/{member.slug}/edit/"


def _term_scope(term: RoleTerm) -> str:
    if term.role in (Role.CHAIR, Role.SHEPHERD, Role.SECRETARIAT):
        return _("the network")
    if term.role in (Role.NATIONAL_REPRESENTATIVE, Role.NR_ALTERNATE) and term.country_id:
        return term.country.label
    if term.role in (Role.CSCO, Role.CSCO_ALTERNATE) and term.member_id:
        return term.member.name
    return term.holder_label


def _days_left(term: RoleTerm, today: date) -> int | None:
    return (term.end_until - today).days if term.end_until else None


def role_lines(user: User, scope: permissions.Scope, organisation: Organisation | None, today: date) -> list[RoleLine]:
    lines: list[RoleLine] = []
    if scope.operator:
        lines.append(RoleLine("operator", _("Operator"), _("the installation"), _("your account (administrator)")))
    terms = (
        RoleTerm.objects.held_on(today)
        .filter(organisation_id__in=scope.organisation_ids)
        .with_related()
        .order_by("role", "start_date", "pk")
        if scope.organisation_ids
        else RoleTerm.objects.none()
    )
    term_members = set()
    for term in terms:
        if term.role in (Role.CSCO, Role.CSCO_ALTERNATE):
            term_members.add(term.member_id)
        lines.append(
            RoleLine(
                role=term.role,
                label=term.get_role_display(),
                scope=_term_scope(term),
                source=_("the role term held by %(holder)s") % {"holder": term.organisation.name},
                term=term,
                days_left=_days_left(term, today),
            )
        )
    if (
        organisation is not None
        and organisation.kind == OrganisationKind.LOCAL_GOVERNMENT
        and organisation.member_id
        and organisation.member_id not in term_members
    ):
        lines.append(
            RoleLine(
                "city_officer",
                _("City officer"),
                organisation.member.name,
                _("your organisation, %(organisation)s") % {"organisation": organisation.name},
            )
        )
    if scope.partner and organisation is not None:
        lines.append(
            RoleLine(
                "partner",
                _("Partner"),
                organisation.name,
                _("your organisation, %(organisation)s") % {"organisation": organisation.name},
            )
        )
    return lines


def _members(ids=None, country_ids=None, today: date | None = None):
    qs = Member.objects.with_status(today).with_join().select_related("country")
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if country_ids is not None:
        qs = qs.filter(country_id__in=country_ids)
    members = list(qs.order_by("country__name", "name"))
    for member in members:
        member.edit_url = member_edit_url(member)
    return members


def _recent_changes_to(members: list[Member]):
    if not members:
        return []
    content_type = ContentType.objects.get_for_model(Member)
    return _with_labels(
        ChangeEntry.objects.filter(content_type=content_type, object_id__in=[str(m.pk) for m in members])
        .select_related("actor", "content_type")
        .order_by("-at", "-pk")[:RECENT_CHANGES]
    )


def _with_labels(entries) -> list[ChangeEntry]:
    """The entries, each with ``field_labels``: the changed fields as people call them, not their names."""
    from hub.core.log_views import describe

    views = describe(list(entries))
    for view in views:
        view.entry.field_labels = [f.label for f in view.fields]
    return [view.entry for view in views]


def editable_member_fields() -> list[str]:
    """The labels of the member fields a city officer or National Representative may change."""
    fields = [f for f in Member._meta.concrete_fields if f.name in permissions.MEMBER_PROFILE_FIELDS]
    return [str(field.verbose_name) for field in fields]


def network_figures(today: date) -> dict[str, int]:
    statuses = Member.objects.with_status(today).values_list("status_on", flat=True)
    counted = list(statuses)
    return {
        "members": sum(1 for s in counted if s == MembershipStatus.MEMBER),
        "candidates": sum(1 for s in counted if s == MembershipStatus.CANDIDATE),
        "countries": Country.objects.count(),
        "organisations": Organisation.objects.count(),
        "accounts": User.objects.filter(is_active=True).count(),
        "pending_invitations": Invitation.objects.pending().count(),
        "changes_this_week": ChangeEntry.objects.filter(at__gte=timezone.now() - timedelta(days=7)).count(),
    }


# --- tasks: what waits for the user, by kind --------------------------------------------------------
# Each provider is a function (user, scope) -> list[TaskGroup], named by dotted path so that an app adds
# its kind of task here without this module importing it; the page shows the groups in this order.
# A provider returns only the groups of the roles the user holds, each at a fixed number of queries.
TASK_PROVIDERS = [
    "hub.monitoring.work.tasks",  # updates to write, resubmit, endorse, accept; who is late
    "hub.partnerships.work.tasks",  # expressions of interest to answer, opportunities to publish, answers
    "hub.meetings.work.tasks",  # action items owned, meeting invitations, upcoming and next meetings
    "hub.accounts.work_invitations.tasks",  # account invitations not yet accepted
    "hub.exchange.work.tasks",  # my member's open challenges, my pending collaboration requests
]

# How many items of a group the page and the API show; the rest are behind the group's "See all" link.
SHOWN = 10


@dataclass
class TaskItem:
    label: str
    url: str
    detail: str = ""
    since: date | None = None  # since when it waits (or when it is due): the inbox is oldest first


@dataclass
class TaskGroup:
    """One kind of task: a heading, the items (the first few), how many there are, and where the rest are."""

    key: str
    title: str
    items: list[TaskItem] = field(default_factory=list)
    total: int = 0
    more_url: str = ""
    empty: str = ""


def group_of(key: str, title: str, queryset, item, more_url: str = "", empty: str = "") -> TaskGroup:
    """A group from an ordered queryset: one query for the first page, a count only when there are more."""
    rows = list(queryset[:SHOWN])
    total = len(rows) if len(rows) < SHOWN else queryset.count()
    return TaskGroup(key, title, [item(r) for r in rows], total, more_url, empty)


def as_date(moment) -> date | None:
    """The local day of a datetime (a date stays as it is)."""
    if moment is None or not hasattr(moment, "tzinfo"):
        return moment
    return timezone.localtime(moment).date()


def tasks_for(user: User, scope: permissions.Scope) -> list[TaskGroup]:
    groups: list[TaskGroup] = []
    for path in TASK_PROVIDERS:
        groups.extend(import_string(path)(user, scope))
    return groups


def task_count(groups: list[TaskGroup]) -> int:
    return sum(group.total for group in groups)


def work_for(user: User) -> dict:
    today = timezone.localdate()
    scope = permissions.scope_for(user)
    organisation = (
        Organisation.objects.select_related("country", "member", "parent").filter(pk=user.organisation_id).first()
        if user.organisation_id
        else None
    )
    context: dict = {
        "today": today,
        "scope": scope,
        "organisation": organisation,
        "roles": role_lines(user, scope, organisation, today),
        "can_invite": permissions.can_invite(user),
        "can_read_change_log": permissions.can_read_change_log(user),
        "change_log_path": CHANGE_LOG_PATH,
        "tasks": tasks_for(user, scope),
    }
    context["task_total"] = task_count(context["tasks"])
    if scope.officer_member_ids:
        officer_members = _members(ids=scope.officer_member_ids, today=today)
        context["officer_members"] = officer_members
        context["editable_fields"] = editable_member_fields()
        context["officer_changes"] = _recent_changes_to(officer_members)
    if scope.nr_country_ids:
        members = _members(country_ids=scope.nr_country_ids, today=today)
        context["nr_countries"] = list(Country.objects.filter(pk__in=scope.nr_country_ids).order_by("name"))
        context["nr_members"] = [m for m in members if m.status_on == MembershipStatus.MEMBER]
        context["nr_candidates"] = [m for m in members if m.status_on == MembershipStatus.CANDIDATE]
        context["nr_others"] = [
            m for m in members if m.status_on not in (MembershipStatus.MEMBER, MembershipStatus.CANDIDATE)
        ]
        context["editable_fields"] = editable_member_fields()
    if scope.network_wide:
        context["figures"] = network_figures(today)
        if context["can_read_change_log"]:
            context["recent_changes"] = _with_labels(
                ChangeEntry.objects.select_related("actor", "content_type").order_by("-at", "-pk")[:10]
            )
    if scope.partner and organisation is not None:
        context["partner_people"] = list(organisation.people.order_by("name"))
    return context
