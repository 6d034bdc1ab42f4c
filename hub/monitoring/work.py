"""Monitoring's tasks on "My work" (hub.accounts.work.TASK_PROVIDERS).

- city officers: updates returned for changes (with the reviewer's comment), drafts to finish and submit,
  and projects expected in the open cycle without an update yet;
- National Representatives: updates waiting for their endorsement, and their members that have not
  reported in the open cycle;
- the Secretariat: updates waiting for acceptance (and for endorsement where a country has no National
  Representative in force), and the members that have not reported, network-wide.

A fixed number of queries whatever the numbers: the cycle's facts are read at once (CycleFacts).
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub.accounts.work import SHOWN, TaskGroup, TaskItem, as_date, group_of
from hub.monitoring import policies
from hub.monitoring.models import REWORK_ACTIONS, CycleState, ProgressUpdate, ReportingCycle, ReviewStep, UpdateState
from hub.monitoring.selectors import CycleFacts


def _open_cycles() -> list[ReportingCycle]:
    return list(ReportingCycle.objects.filter(state=CycleState.OPEN).order_by("start_date"))


def _since(cycle: ReportingCycle):
    return as_date(cycle.opened_at) or cycle.start_date


def _writing(member_ids, cycles: list[ReportingCycle]) -> list[TaskGroup]:
    """Returned updates, drafts and missing updates of the officer's members in the open cycles."""
    facts = CycleFacts(member_ids=member_ids)
    returned, drafts, missing = [], [], []
    draft_ids = []
    for cycle in cycles:
        for pid in facts.late(cycle):
            row = facts.update_in(cycle, pid)
            if row is not None:
                draft_ids.append(row.id)
            else:
                missing.append((cycle, facts.projects[pid]))
    comments: dict[int, ReviewStep] = {}
    if draft_ids:
        steps = ReviewStep.objects.filter(update_id__in=draft_ids, action__in=REWORK_ACTIONS).order_by("at", "pk")
        for step in steps:
            comments[step.update_id] = step  # the latest return wins
    updates = (
        ProgressUpdate.objects.filter(pk__in=draft_ids).with_related().order_by("created_at", "pk") if draft_ids else []
    )
    for update in updates:
        step = comments.get(update.pk)
        if step is not None:
            returned.append(
                TaskItem(
                    _("%(project)s (%(cycle)s)") % {"project": update.project.title, "cycle": update.cycle.label},
                    reverse("monitoring:update_edit", args=[update.pk]),
                    _("returned by %(who)s: %(comment)s")
                    % {"who": step.actor_label, "comment": step.comment or _("no comment")},
                    as_date(step.at),
                )
            )
        else:
            drafts.append(
                TaskItem(
                    _("%(project)s (%(cycle)s)") % {"project": update.project.title, "cycle": update.cycle.label},
                    reverse("monitoring:update", args=[update.pk]),
                    _("draft of %(progress)s %%, due %(due)s")
                    % {"progress": update.progress, "due": update.cycle.due_date.isoformat()},
                    as_date(update.created_at),
                )
            )
    returned.sort(key=lambda i: i.since)
    groups = []
    more = reverse("monitoring:updates") + "?state=draft"
    if returned:
        groups.append(
            TaskGroup(
                "updates_returned",
                _("Updates returned to you for changes"),
                returned[:SHOWN],
                len(returned),
                more,
            )
        )
    groups.append(
        TaskGroup(
            "updates_drafts",
            _("Draft updates to finish and submit"),
            drafts[:SHOWN],
            len(drafts),
            more,
            _("No draft waits for you."),
        )
    )
    items = [
        TaskItem(
            _("%(project)s (%(cycle)s)") % {"project": project.title, "cycle": cycle.label},
            reverse("monitoring:update_new") + "?" + urlencode({"project": project.slug, "cycle": cycle.slug}),
            _("%(member)s; due %(due)s") % {"member": project.member_name, "due": cycle.due_date.isoformat()},
            _since(cycle),
        )
        for cycle, project in missing
    ]
    groups.append(
        TaskGroup(
            "updates_missing",
            _("Projects without an update in the open cycle"),
            items[:SHOWN],
            len(items),
            reverse("monitoring:update_new"),
            _("Every project of yours has an update in the open cycle."),
        )
    )
    return groups


def _late_members(country_ids, cycles: list[ReportingCycle], key_country: str = "") -> TaskGroup:
    """Members with projects expected in the open cycle that have no submitted update, by member."""
    facts = CycleFacts(country_ids=country_ids)
    late: dict[int, list] = defaultdict(list)
    for cycle in cycles:
        for pid in facts.late(cycle):
            late[facts.projects[pid].member_id].append((cycle, facts.projects[pid]))
    items = []
    for rows in late.values():
        cycle, project = rows[0]
        query = {"cycle": cycle.slug}
        if key_country:
            query["country"] = project.country_code
        items.append(
            TaskItem(
                project.member_name,
                reverse("monitoring:late") + "?" + urlencode(query),
                ngettext(
                    "%(count)s project without a submitted update (due %(due)s)",
                    "%(count)s projects without a submitted update (due %(due)s)",
                    len(rows),
                )
                % {"count": len(rows), "due": cycle.due_date.isoformat()},
                cycle.due_date,
            )
        )
    items.sort(key=lambda i: (i.since, i.label.lower()))
    return TaskGroup(
        "late_members",
        _("Members that have not reported in the open cycle"),
        items[:SHOWN],
        len(items),
        reverse("monitoring:late"),
        _("Every member has reported in the open cycle."),
    )


def _review_item(update: ProgressUpdate) -> TaskItem:
    return TaskItem(
        _("%(project)s (%(cycle)s)") % {"project": update.project.title, "cycle": update.cycle.label},
        reverse("monitoring:update", args=[update.pk]),
        _("%(member)s, %(state)s") % {"member": update.project.member.name, "state": update.get_state_display()},
        as_date(update.endorsed_at if update.state == UpdateState.ENDORSED else update.submitted_at),
    )


def tasks(user, scope) -> list[TaskGroup]:
    groups: list[TaskGroup] = []
    cycles = _open_cycles()
    if scope.officer_member_ids and cycles:
        groups.extend(_writing(scope.officer_member_ids, cycles))
    if scope.nr_country_ids:
        to_endorse = ProgressUpdate.objects.filter(policies.endorsement_queue_q(scope))
        groups.append(
            group_of(
                "updates_to_endorse",
                _("Updates waiting for your endorsement"),
                to_endorse.with_related().order_by("submitted_at", "pk"),
                _review_item,
                reverse("monitoring:updates") + "?state=submitted",
                _("No update waits for your endorsement."),
            )
        )
        if cycles and not scope.secretariat:  # the Secretariat's list below takes in every country
            groups.append(_late_members(scope.nr_country_ids, cycles, key_country="yes"))
    if scope.secretariat:
        to_accept = ProgressUpdate.objects.filter(policies.secretariat_queue_q())
        groups.append(
            group_of(
                "updates_to_accept",
                _("Updates waiting for the Secretariat"),
                to_accept.with_related().order_by("endorsed_at", "submitted_at", "pk"),
                _review_item,
                reverse("monitoring:updates") + "?state=endorsed",
                _("No update waits for acceptance."),
            )
        )
        if cycles:
            groups.append(_late_members(None, cycles))
    return groups
