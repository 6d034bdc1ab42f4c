"""Generic, logged, concurrency-safe writes. Apps' services wrap these with their permission checks."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from hub.core import changelog
from hub.core.models import ChangeAction

M = TypeVar("M", bound=models.Model)


class Conflict(Exception):
    """The record changed since the writer read it; nothing was written."""

    def __init__(self, obj: models.Model, current_version: int):
        super().__init__(
            f"{obj._meta.verbose_name.capitalize()} '{obj}' was changed by someone else since you opened it "
            f"(now version {current_version}). Nothing was saved: reload it and apply your change again."
        )
        self.current_version = current_version


def _validate(obj: models.Model) -> None:
    obj.full_clean()
    extra = getattr(obj, "validate_domain", None)
    if extra is not None:
        extra()


def _assign(obj: models.Model, data: dict[str, Any]) -> None:
    editable = {f.name for f in obj._meta.concrete_fields if f.editable and not f.primary_key}
    unknown = set(data) - editable
    if unknown:
        raise ValidationError({name: "This field cannot be set." for name in sorted(unknown)})
    for name, value in data.items():
        setattr(obj, name, value)


@transaction.atomic
def create_record(model: type[M], *, actor, data: dict[str, Any], via: str = "", note: str = "") -> M:
    obj = model()
    _assign(obj, data)
    _validate(obj)
    obj.save()
    changelog.record(
        actor=actor, obj=obj, action=ChangeAction.CREATE, before={}, after=changelog.snapshot(obj), via=via, note=note
    )
    return obj


@transaction.atomic
def update_record(
    obj: M, *, actor, data: dict[str, Any], expected_version: int | None = None, via: str = "", note: str = ""
) -> M:
    """Change fields of ``obj``. With ``expected_version``, refuse (Conflict) if someone saved in between."""
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    before = changelog.snapshot(current)
    _assign(current, data)
    _validate(current)
    after = changelog.snapshot(current)
    if before == after:
        return current
    current.version += 1
    current.save()
    changelog.record(
        actor=actor, obj=current, action=ChangeAction.UPDATE, before=before, after=after, via=via, note=note
    )
    return current


@transaction.atomic
def delete_record(obj: models.Model, *, actor, expected_version: int | None = None, via: str = "", note: str = ""):
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    before = changelog.snapshot(current)
    changelog.record(actor=actor, obj=current, action=ChangeAction.DELETE, before=before, after={}, via=via, note=note)
    current.delete()
