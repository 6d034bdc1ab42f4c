"""Meetings' tasks on "My work" (hub.accounts.work.TASK_PROVIDERS).

- everyone with a role: the open action items they own (as a person or through their organisation);
- city officers: meetings their member is invited to and has not answered, and upcoming meetings;
- National Representatives: their country's upcoming national meetings;
- Chair and Shepherd, during their term: the open action items of network meetings, and the next
  network meeting to prepare.

Two queries per group at most (a first page and, when there are more, a count).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.accounts.work import TaskGroup, TaskItem, group_of
from hub.meetings.models import AttendanceStatus, Delegation, Meeting, MeetingScope, Outcome
from hub.meetings.models.outcomes import OPEN_STATUSES, OutcomeKind
from hub.network.models import Member


def _action_item(outcome: Outcome) -> TaskItem:
    meeting = outcome.agenda_item.meeting
    due = outcome.due_date.isoformat() if outcome.due_date else _("no due date")
    return TaskItem(
        str(outcome),
        outcome.get_absolute_url(),
        _("%(meeting)s; due %(due)s; %(status)s")
        % {"meeting": meeting.title, "due": due, "status": outcome.get_status_display()},
        outcome.due_date or meeting.end_date,
    )


def _meeting_item(meeting: Meeting) -> TaskItem:
    where = ", ".join(part for part in (meeting.city, meeting.venue) if part) or meeting.get_format_display()
    return TaskItem(meeting.title, meeting.get_absolute_url(), where, meeting.start_date)


def _open_actions():
    return (
        Outcome.objects.filter(kind=OutcomeKind.ACTION, status__in=OPEN_STATUSES)
        .select_related("agenda_item__meeting")
        .order_by("due_date", "agenda_item__meeting__end_date", "pk")
    )


def tasks(user, scope) -> list[TaskGroup]:
    if not scope.authenticated or not (scope.roles or scope.organisation_ids):
        return []
    today = timezone.localdate()
    groups: list[TaskGroup] = []
    owned = _open_actions().filter(Q(owner_user_id=user.pk) | Q(owner_organisation_id__in=scope.organisation_ids))
    groups.append(
        group_of(
            "my_actions",
            _("Action items you own"),
            owned,
            _action_item,
            reverse("meetings:actions"),
            _("No open action item is yours."),
        )
    )
    if scope.chair or scope.shepherd:
        network = _open_actions().filter(agenda_item__meeting__scope=MeetingScope.NETWORK)
        groups.append(
            group_of(
                "network_actions",
                _("Open action items of network meetings"),
                network,
                _action_item,
                reverse("meetings:actions"),
                _("No action item of a network meeting is open."),
            )
        )
        upcoming = (
            Meeting.objects.filter(scope=MeetingScope.NETWORK, end_date__gte=today)
            .annotate(items=Count("agenda_items", distinct=True))
            .order_by("start_date", "pk")
        )
        groups.append(
            group_of(
                "next_meeting",
                _("Next network meeting to prepare"),
                upcoming[:1],
                lambda m: TaskItem(
                    m.title,
                    m.get_absolute_url(),
                    _("%(count)s agenda items; check the agenda, delegations and open action items")
                    % {"count": m.items},
                    m.start_date,
                ),
                reverse("meetings:list"),
                _("No network meeting is planned yet."),
            )
        )
    if scope.officer_member_ids:
        visible = Meeting.objects.visible_to(user).filter(end_date__gte=today)
        invited = Delegation.objects.filter(
            member_id__in=scope.officer_member_ids, status=AttendanceStatus.INVITED, meeting__end_date__gte=today
        )
        groups.append(
            group_of(
                "meeting_invitations",
                _("Meeting invitations waiting for your member's answer"),
                invited.select_related("meeting", "member").order_by("meeting__start_date", "pk"),
                lambda d: TaskItem(
                    d.meeting.title,
                    d.meeting.get_absolute_url() + "#attendance",
                    _("%(member)s is invited") % {"member": d.member.name},
                    d.meeting.start_date,
                ),
                empty=_("No meeting invitation waits for an answer."),
            )
        )
        countries = Member.objects.filter(pk__in=scope.officer_member_ids).values("country_id")
        mine = visible.filter(
            Q(scope=MeetingScope.NETWORK)
            | Q(country_id__in=countries)
            | Q(pk__in=Delegation.objects.filter(member_id__in=scope.officer_member_ids).values("meeting_id"))
        )
        groups.append(
            group_of(
                "upcoming_meetings",
                _("Upcoming meetings"),
                mine.order_by("start_date", "pk"),
                _meeting_item,
                reverse("meetings:list"),
                _("No meeting is planned for your member."),
            )
        )
    if scope.nr_country_ids:
        national = Meeting.objects.filter(
            scope=MeetingScope.NATIONAL, country_id__in=scope.nr_country_ids, end_date__gte=today
        )
        groups.append(
            group_of(
                "national_meetings",
                _("Your national meetings"),
                national.order_by("start_date", "pk"),
                _meeting_item,
                reverse("meetings:list"),
                _("No national meeting is planned. Plan one from the meetings page."),
            )
        )
    return groups
