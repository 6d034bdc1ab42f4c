"""Every write to the action plans: rights checked (hub.plans.policies), validated, atomic, logged in the
change log (hub.core.services), stale writes refused by the record's version (ETag / If-Match)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hub.core.services import create_record, delete_record, update_record
from hub.network.models import Member
from hub.plans.models import ActionPlan, StrategicTarget
from hub.plans.policies import can_edit_plan

PLAN_FIELDS = {
    "title",
    "vision",
    "focus_areas",
    "focus_notes",
    "as_of",
    "as_of_precision",
    "sources",
    "confidence",
    "source_note",
}
TARGET_FIELDS = {
    "position",
    "heading",
    "text",
    "value",
    "unit",
    "year",
    "indicator",
    "sources",
    "confidence",
    "source_note",
}


def _check(actor, member: Member) -> None:
    if not can_edit_plan(actor, member):
        raise PermissionDenied(_("Only the member's officers and the Secretariat keep its action plan."))


def _only(data: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    from django.core.exceptions import ValidationError

    unknown = set(data) - allowed
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    return data


@transaction.atomic
def save_plan(
    *, actor, member: Member, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> ActionPlan:
    """Write the member's plan: create it if it has none, else change the fields given."""
    _check(actor, member)
    data = _only(dict(data), PLAN_FIELDS)
    plan = ActionPlan.objects.filter(member=member).first()
    if plan is None:
        if not data.get("sources") and not data.get("source_note"):
            data["source_note"] = _("Written in the hub by the member's officers.")
        return create_record(ActionPlan, actor=actor, data={"member": member, **data}, via=via)
    return update_record(plan, actor=actor, data=data, expected_version=expected_version, via=via)


@transaction.atomic
def add_target(*, actor, plan: ActionPlan, data: dict[str, Any], via: str = "") -> StrategicTarget:
    _check(actor, plan.member)
    data = _only(dict(data), TARGET_FIELDS)
    if "position" not in data:
        data["position"] = (plan.targets.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    if not data.get("sources") and not data.get("source_note"):
        data["source_note"] = _("Written in the hub by the member's officers.")
    return create_record(StrategicTarget, actor=actor, data={"plan": plan, **data}, via=via)


@transaction.atomic
def update_target(
    *, actor, target: StrategicTarget, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> StrategicTarget:
    _check(actor, target.plan.member)
    return update_record(
        target, actor=actor, data=_only(dict(data), TARGET_FIELDS), expected_version=expected_version, via=via
    )


@transaction.atomic
def delete_target(*, actor, target: StrategicTarget, expected_version: int | None = None, via: str = "") -> None:
    _check(actor, target.plan.member)
    delete_record(target, actor=actor, expected_version=expected_version, via=via)
