"""Every write to projects, indicators and indicator values: pages, API, import and commands alike.

Each function checks the actor's rights (hub.projects.policies), validates, writes in one transaction
through hub.core.services (logged, versioned, ``Conflict`` on a stale version) and logs changes of the
many-to-many fields (focus areas, partners) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.core import changelog
from hub.core.dates import PartialDate
from hub.core.models import ChangeAction
from hub.core.services import Conflict, create_record, delete_record, lock, update_record
from hub.network.models import Organisation
from hub.projects import policies
from hub.projects.models import FOCUS_AREAS, RESERVED_SLUGS, FocusArea, Indicator, IndicatorValue, Project

__all__ = [
    "Conflict",
    "add_indicator_value",
    "create_indicator",
    "create_project",
    "date_fields",
    "delete_indicator",
    "delete_indicator_value",
    "set_focus_areas",
    "update_indicator",
    "update_indicator_value",
    "update_project",
]

SLUG_MAX = 100


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def date_fields(prefix: str, text: str | None) -> dict[str, Any]:
    """``start``/``end`` as written ("2024", "2024-06", "2024-06-25", or empty) to the model's two fields.

    Raises ValidationError on the date field, so forms and the API can show it next to the input.
    """
    if text is None or str(text).strip() == "":
        return {f"{prefix}_date": None, f"{prefix}_precision": ""}
    try:
        value = PartialDate.parse(str(text))
    except ValueError as exc:
        raise ValidationError({f"{prefix}_date": [str(exc)]}) from exc
    return {f"{prefix}_date": value.first_day, f"{prefix}_precision": value.precision}


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:SLUG_MAX].strip("-") or "project"
    slug, n = base, 2
    taken = Project.objects.exclude(pk=exclude_pk) if exclude_pk else Project.objects.all()
    while slug in RESERVED_SLUGS or taken.filter(slug=slug).exists():
        suffix = f"-{n}"
        slug = f"{base[: SLUG_MAX - len(suffix)]}{suffix}"
        n += 1
    return slug


def _focus_areas(codes: Iterable[str] | None, errors: dict[str, list[str]]) -> list[FocusArea] | None:
    if codes is None:
        return None
    wanted = [str(c).strip() for c in codes if str(c).strip()]
    found = {fa.code: fa for fa in FocusArea.objects.filter(code__in=wanted)}
    unknown = [c for c in wanted if c not in found]
    if unknown:
        known = ", ".join(FocusArea.objects.order_by("position").values_list("code", flat=True))
        errors.setdefault("focus_areas", []).append(
            _("Unknown focus area(s): %(codes)s. Use one or more of: %(known)s.")
            % {"codes": ", ".join(unknown), "known": known}
        )
    elif not wanted:
        errors.setdefault("focus_areas", []).append(_("Choose at least one focus area."))
    return sorted({fa.pk: fa for fa in found.values()}.values(), key=lambda fa: fa.position)


def _merge(errors: dict[str, list[str]], exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    else:
        errors.setdefault("__all__", []).extend(exc.messages)


def _bump_version(obj: models.Model) -> None:
    """Raise the version of a record whose many-to-many fields changed while its columns did not."""
    type(obj)._default_manager.filter(pk=obj.pk).update(version=F("version") + 1, updated_at=timezone.now())
    obj.refresh_from_db(fields=["version", "updated_at"])


def _set_m2m(project: Project, name: str, new: list[models.Model]) -> tuple[list[str], list[str]] | None:
    """Set a many-to-many field; return (before, after) as text lists if it changed, else None."""
    manager = getattr(project, name)
    current = list(manager.all())
    if {o.pk for o in current} == {o.pk for o in new}:
        return None
    manager.set(new)
    text = (lambda o: o.code) if name == "focus_areas" else str
    return [text(o) for o in current], [text(o) for o in new]


def _log_m2m(actor, project: Project, changes: dict[str, tuple[list[str], list[str]]], via: str) -> None:
    if not changes:
        return
    changelog.record(
        actor=actor,
        obj=project,
        action=ChangeAction.UPDATE,
        before={k: v[0] for k, v in changes.items()},
        after={k: v[1] for k, v in changes.items()},
        via=via,
    )


# --- the fixed focus areas ----------------------------------------------------------------------


@transaction.atomic
def ensure_focus_areas(*, actor="loadreference", via: str = "command") -> int:
    """Create any of the six ASCF focus areas that is missing (migration 0002 seeds them; a test database
    flushed between browser tests loses them). Returns how many were created."""
    created = 0
    for position, (code, name) in enumerate(FOCUS_AREAS, start=1):
        area, made = FocusArea.objects.get_or_create(code=code, defaults={"name": name, "position": position})
        if made:
            changelog.record(
                actor=actor, obj=area, action=ChangeAction.CREATE, before={}, after=changelog.snapshot(area), via=via
            )
            created += 1
    return created


# --- projects ------------------------------------------------------------------------------------


@transaction.atomic
def create_project(
    *,
    actor,
    data: dict[str, Any],
    focus_areas: Iterable[str],
    partners: Iterable[Organisation] = (),
    via: str = "",
) -> Project:
    """Create a project of ``data["member"]``; the slug comes from the title unless given."""
    member = data.get("member")
    if member is None:
        raise ValidationError({"member": [_("Choose the member the project belongs to.")]})
    _require(
        policies.can_create_project_for(actor, member),
        _("You may not add projects to %(member)s.") % {"member": member},
    )
    errors: dict[str, list[str]] = {}
    areas = _focus_areas(focus_areas, errors)
    data = dict(data)
    if not data.get("slug"):
        data["slug"] = _unique_slug(data.get("title") or "")
    try:
        project = create_record(Project, actor=actor, data=data, via=via)
    except ValidationError as exc:
        _merge(errors, exc)
        raise ValidationError(errors) from exc
    if errors:
        raise ValidationError(errors)
    changes = {}
    for name, new in (("focus_areas", areas), ("partners", list(partners))):
        changed = _set_m2m(project, name, new)
        if changed:
            changes[name] = changed
    _log_m2m(actor, project, changes, via)
    return project


@transaction.atomic
def update_project(
    *,
    actor,
    project: Project,
    data: dict[str, Any],
    focus_areas: Iterable[str] | None = None,
    partners: Iterable[Organisation] | None = None,
    expected_version: int | None = None,
    via: str = "",
) -> Project:
    """Change fields (and, if given, focus areas and partners). Conflict if someone saved in between."""
    _require(policies.can_edit_project(actor, project), _("You may not edit this project."))
    new_member = data.get("member")
    if new_member is not None and new_member.pk != project.member_id:
        _require(
            policies.can_move_project(actor, project, new_member),
            _("You may not move this project to %(member)s.") % {"member": new_member},
        )
    current = lock(project)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    errors: dict[str, list[str]] = {}
    areas = _focus_areas(focus_areas, errors)
    if "slug" in data and not data["slug"]:
        data = {**data, "slug": _unique_slug(data.get("title") or current.title, exclude_pk=current.pk)}
    try:
        updated = update_record(current, actor=actor, data=data, via=via)
    except ValidationError as exc:
        _merge(errors, exc)
        raise ValidationError(errors) from exc
    if errors:
        raise ValidationError(errors)
    changes = {}
    for name, new in (("focus_areas", areas), ("partners", None if partners is None else list(partners))):
        if new is not None:
            changed = _set_m2m(updated, name, new)
            if changed:
                changes[name] = changed
    if changes:
        if updated.version == current.version:
            _bump_version(updated)
        _log_m2m(actor, updated, changes, via)
    return updated


def set_focus_areas(
    *, actor, project: Project, codes: Iterable[str], expected_version: int | None = None, via: str = ""
) -> Project:
    return update_project(
        actor=actor, project=project, data={}, focus_areas=codes, expected_version=expected_version, via=via
    )


# --- indicators and their values -------------------------------------------------------------------


def _require_project_editor(actor, project: Project) -> None:
    _require(
        policies.can_edit_project(actor, project),
        _("You may not change the indicators of %(project)s.") % {"project": project},
    )


def create_indicator(*, actor, project: Project, data: dict[str, Any], via: str = "") -> Indicator:
    _require_project_editor(actor, project)
    return create_record(Indicator, actor=actor, data={**data, "project": project}, via=via)


def update_indicator(
    *, actor, indicator: Indicator, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> Indicator:
    _require_project_editor(actor, indicator.project)
    if "project" in data and data["project"].pk != indicator.project_id:
        raise ValidationError({"project": [_("An indicator stays with its project.")]})
    return update_record(indicator, actor=actor, data=data, expected_version=expected_version, via=via)


@transaction.atomic
def delete_indicator(*, actor, indicator: Indicator, expected_version: int | None = None, via: str = "") -> None:
    """Delete an indicator and its values; every value's deletion is logged too."""
    _require_project_editor(actor, indicator.project)
    current = lock(indicator)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    for value in current.values.all():
        delete_record(value, actor=actor, via=via, note=_("deleted with its indicator"))
    delete_record(current, actor=actor, via=via)


def add_indicator_value(*, actor, indicator: Indicator, data: dict[str, Any], via: str = "") -> IndicatorValue:
    """Add one value. ``reported_by`` is the actor when it is a user and the data names no reporter."""
    _require_project_editor(actor, indicator.project)
    data = {**data, "indicator": indicator}
    if "reported_by" not in data and getattr(actor, "pk", None) and hasattr(actor, "email"):
        data["reported_by"] = actor
    return create_record(IndicatorValue, actor=actor, data=data, via=via)


def update_indicator_value(
    *, actor, value: IndicatorValue, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> IndicatorValue:
    _require_project_editor(actor, value.indicator.project)
    if "indicator" in data and data["indicator"].pk != value.indicator_id:
        raise ValidationError({"indicator": [_("A value stays with its indicator.")]})
    return update_record(value, actor=actor, data=data, expected_version=expected_version, via=via)


def delete_indicator_value(*, actor, value: IndicatorValue, expected_version: int | None = None, via: str = "") -> None:
    _require_project_editor(actor, value.indicator.project)
    delete_record(value, actor=actor, expected_version=expected_version, via=via)
