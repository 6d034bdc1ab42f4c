"""The idea exchange's tasks on "My work" (hub.accounts.work.TASK_PROVIDERS): my member's open
challenges, and the collaboration requests that wait — for my answer (incoming) or for the other
side's (outgoing). Four queries whatever the numbers (a count and a first page per group).

Slot: "with their best matches" — after the search merge, each open challenge's item can carry the
first projects of hub.exchange.similar.similar_elsewhere (e.g. in ``detail``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from hub.accounts.work import TaskGroup, TaskItem
from hub.exchange.models import Challenge, CollaborationRequest

SHOWN = 10


def _group(key: str, title: str, queryset, item, more_url: str, empty: str) -> TaskGroup:
    rows = list(queryset[:SHOWN])
    total = len(rows) if len(rows) < SHOWN else queryset.count()
    return TaskGroup(key, title, [item(r) for r in rows], total, more_url, empty)


def tasks(user, scope) -> list[TaskGroup]:
    member_ids = scope.officer_member_ids
    if not member_ids:
        return []
    challenges = (
        Challenge.objects.visible_to(user)
        .of_members(member_ids)
        .active()
        .select_related("member")
        .order_by("-severity", "-created_at", "pk")
    )
    query = {"active": "true"}
    if len(member_ids) == 1:
        from hub.network.models import Member

        query["member"] = Member.objects.filter(pk__in=member_ids).values_list("slug", flat=True).first() or ""
    pending = (
        CollaborationRequest.objects.pending().select_related("from_member", "to_member").order_by("created_at", "pk")
    )
    return [
        _group(
            "open_challenges",
            _("Your member's open challenges"),
            challenges,
            lambda c: TaskItem(
                c.title,
                c.get_absolute_url(),
                ", ".join([str(c.get_severity_display()), str(c.get_status_display()), *c.help_wanted_labels]),
            ),
            reverse("exchange:challenges") + "?" + urlencode(query),
            _("No open challenge. Post one when something holds you back: other members can then offer help."),
        ),
        _group(
            "requests_incoming",
            _("Collaboration requests waiting for your answer"),
            pending.filter(to_member_id__in=member_ids),
            lambda r: TaskItem(
                r.subject,
                r.get_absolute_url(),
                _("from %(member)s, %(kind)s") % {"member": r.from_member.name, "kind": r.get_kind_display()},
            ),
            reverse("exchange:requests") + "?state=pending",
            _("No request waits for your answer."),
        ),
        _group(
            "requests_outgoing",
            _("Your requests waiting for the other member"),
            pending.filter(from_member_id__in=member_ids),
            lambda r: TaskItem(
                r.subject,
                r.get_absolute_url(),
                _("to %(member)s, %(kind)s") % {"member": r.to_member.name, "kind": r.get_kind_display()},
            ),
            reverse("exchange:requests") + "?state=pending",
            _("None of your requests waits for an answer."),
        ),
    ]
