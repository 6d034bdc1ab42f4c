"""Generic, logged, concurrency-safe writes. Apps' services wrap these with their permission checks."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404

from hub.core import changelog
from hub.core.inputs import sources_problems, text_problem
from hub.core.models import ChangeAction, Sourced

M = TypeVar("M", bound=models.Model)


class Conflict(Exception):
    """The record changed since the writer read it; nothing was written."""

    def __init__(self, obj: models.Model, current_version: int):
        super().__init__(
            f"{obj._meta.verbose_name.capitalize()} '{obj}' was changed by someone else since you opened it "
            f"(now version {current_version}). Nothing was saved: reload it and apply your change again."
        )
        self.current_version = current_version


class Gone(Http404):
    """The record was deleted (by someone else, a moment ago) before this write could lock it: nothing was
    written. An Http404, so pages and the API answer 404 without catching it."""

    def __init__(self, model: type[models.Model]):
        super().__init__(
            f"{model._meta.verbose_name.capitalize()} no longer exists: someone deleted it. Nothing was saved."
        )


def lock(obj: M, queryset: models.QuerySet | None = None) -> M:
    """The record as it is now, locked for this transaction (its writes wait for ours); Gone if deleted.
    ``queryset``: a select_for_update() queryset of the model to read it with (select_related, of=…)."""
    model = type(obj)
    queryset = queryset if queryset is not None else model._default_manager.select_for_update()
    current = queryset.filter(pk=obj.pk).first()
    if current is None:
        raise Gone(model)
    return current


def one_line_problems(obj: models.Model, exclude: list[str] | None = None) -> dict[str, str]:
    """Every CharField is one line of text: no line breaks, tabs or other control characters (a name with a
    line break breaks every list, CSV and e-mail subject it appears in). TextFields may hold lines."""
    problems = {}
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.CharField) and field.editable and field.name not in (exclude or ()):
            value = getattr(obj, field.attname)
            problem = text_problem(value, one_line=True) if isinstance(value, str) else ""
            if problem:
                problems[field.name] = problem
    return problems


def validate(obj: models.Model, *, exclude: list[str] | None = None, queries: bool = True) -> None:
    """The checks every write runs: the model's own (full_clean), one-line text, sources that are web
    addresses (hub.core.inputs.validate_web_address), the domain rules.

    ``queries=False`` leaves out the checks that ask the database (uniqueness and the model's constraints),
    for bulk writers that have established them for all their rows at once (hub.projects.importing.batch);
    related records named in ``exclude`` are then known to exist too."""
    errors = {}
    try:
        obj.full_clean(exclude=exclude, validate_unique=queries, validate_constraints=queries)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    for name, problem in one_line_problems(obj, exclude).items():
        errors.setdefault(name, []).append(problem)
    if isinstance(obj, Sourced):
        for name, problems in sources_problems(obj.sources, obj.alternatives).items():
            errors.setdefault(name, []).extend(problems)
    if errors:
        raise ValidationError(errors)
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
    validate(obj)
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
    current = lock(obj)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    before = changelog.snapshot(current)
    _assign(current, data)
    validate(current)
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
    current = lock(obj)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    before = changelog.snapshot(current)
    changelog.record(actor=actor, obj=current, action=ChangeAction.DELETE, before=before, after={}, via=via, note=note)
    current.delete()
