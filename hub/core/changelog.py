"""The change log: every write records who, when, which object, and the fields before and after."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from hub.core.models import ChangeAction, ChangeEntry

# Bookkeeping fields that change on every save and say nothing to a reviewer.
IGNORED = {"updated_at", "created_at", "version", "end_until"}


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The reviewable state of a record: its concrete fields, foreign keys by their text."""
    state = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.name in IGNORED:
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            state[field.name] = str(related) if related is not None else None
        else:
            state[field.name] = _plain(getattr(obj, field.attname))
    return state


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def actor_label(actor) -> str:
    if actor is None:
        return "system"
    if isinstance(actor, str):
        return actor
    return getattr(actor, "email", None) or str(actor)


def record(
    *,
    actor,
    obj: models.Model,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    via: str = "",
    note: str = "",
) -> ChangeEntry | None:
    """Append one entry. Must run inside the write's transaction (it checks)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Change log entries are written in the transaction of the change they describe")
    changes = diff(before or {}, after or {})
    if action == ChangeAction.UPDATE and not changes:
        return None
    user = actor if getattr(actor, "pk", None) and hasattr(actor, "email") else None
    return ChangeEntry.objects.create(
        actor=user,
        actor_label=actor_label(actor)[:200],
        via=via,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes,
        note=note,
    )
