"""Agenda items: add, change (with their links to members, projects and earlier decisions), delete, move."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from hub.core.services import create_record, delete_record, update_record
from hub.meetings import uploads
from hub.meetings.models import AgendaItem, DecisionEffect, Meeting, OutcomeKind
from hub.meetings.services.common import _log_links, _require_organiser

LINK_FIELDS = ("members", "projects", "decisions")


def _check_links(item: AgendaItem, links: dict[str, list]) -> None:
    decisions = links.get("decisions") or []
    errors = []
    for decision in decisions:
        if decision.kind != OutcomeKind.DECISION:
            errors.append(_("'%(text)s' is not a decision.") % {"text": decision})
        elif decision.agenda_item_id == item.pk:
            errors.append(_("An agenda item cannot refer to its own decision."))
        elif decision.agenda_item.meeting.start_date > item.meeting.start_date:
            errors.append(_("'%(text)s' was decided after this meeting.") % {"text": decision})
    if errors:
        raise ValidationError({"decisions": errors})


def _set_links(item: AgendaItem, *, actor, links: dict[str, list] | None, via: str) -> None:
    if not links:
        return
    _check_links(item, links)
    before, after = {}, {}
    for name in LINK_FIELDS:
        if name not in links:
            continue
        manager = getattr(item, name)
        old = sorted(str(o) for o in manager.all())
        manager.set(links[name] or [])
        new = sorted(str(o) for o in links[name] or [])
        if old != new:
            before[name], after[name] = old, new
    if after:
        _log_links(item, actor=actor, before=before, after=after, via=via)


@transaction.atomic
def add_agenda_item(
    *, actor, meeting: Meeting, data: dict[str, Any], links: dict[str, list] | None = None, via: str = ""
) -> AgendaItem:
    _require_organiser(actor, meeting)
    position = (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1
    item = create_record(AgendaItem, actor=actor, data={**data, "meeting": meeting, "position": position}, via=via)
    _set_links(item, actor=actor, links=links, via=via)
    return item


@transaction.atomic
def update_agenda_item(
    *,
    actor,
    item: AgendaItem,
    data: dict[str, Any],
    links: dict[str, list] | None = None,
    expected_version: int | None = None,
    via: str = "",
) -> AgendaItem:
    _require_organiser(actor, item.meeting)
    if "meeting" in data and data["meeting"] != item.meeting:
        raise ValidationError({"meeting": _("An agenda item stays in its meeting.")})
    updated = update_record(item, actor=actor, data=data, expected_version=expected_version, via=via)
    _set_links(updated, actor=actor, links=links, via=via)
    return updated


@transaction.atomic
def delete_agenda_item(*, actor, item: AgendaItem, expected_version: int | None = None, via: str = "") -> None:
    _require_organiser(actor, item.meeting)
    if DecisionEffect.objects.filter(decision__agenda_item=item).exists():
        raise ValidationError(
            _(
                "A decision of this agenda item changed the registry. Delete that decision first (that takes "
                "its changes back), then the item."
            )
        )
    stored = list(item.documents.values_list("stored_name", flat=True))
    for outcome in item.outcomes.all():
        delete_record(outcome, actor=actor, via=via, note="with its agenda item")
    for document in item.documents.all():
        delete_record(document, actor=actor, via=via, note="with its agenda item")
    delete_record(item, actor=actor, expected_version=expected_version, via=via)
    transaction.on_commit(lambda: [uploads.remove(name) for name in stored])


@transaction.atomic
def move_agenda_item(*, actor, item: AgendaItem, direction: str, via: str = "") -> AgendaItem:
    """Swap the item with its neighbour above ("up") or below ("down"); positions become 1..n."""
    _require_organiser(actor, item.meeting)
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move an item 'up' or 'down'.")})
    items = list(AgendaItem.objects.select_for_update().filter(meeting_id=item.meeting_id).order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    moved = item
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other = update_record(other, actor=actor, data={"position": position}, via=via)
        if other.pk == item.pk:
            moved = other
    return moved
