"""Writes of partnerships and of financing (committed, secured, disbursed) with its conversion to USD.

A financing row stores its amount, the exchange rate used (a reference and a copy of the value and its
date) and the amount in USD rounded once (hub.partnerships.money). Rules: no negative or absurd amount,
a known currency, a rate on or before the day (never fetched: "no rate" is an error), and for each
partnership or opportunity the money disbursed never above the money committed (in USD).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.core import changelog
from hub.core.dates import PartialDate
from hub.core.models import ChangeAction
from hub.core.services import create_record, delete_record, update_record
from hub.partnerships import policies
from hub.partnerships.choices import Instrument
from hub.partnerships.models import ExchangeRate, Financing, FinancingStage, Partnership
from hub.partnerships.money import REPORTING_CURRENCY, to_usd

# Paths under /partnerships/ that are pages, not partnerships (hub/partnerships/urls.py).
RESERVED = frozenset(
    {"new", "export", "programmes", "opportunities", "interests", "investment", "partner", "assessments", "financing"}
)

PARTNERSHIP_FIELDS = {
    "title",
    "partner",
    "programme",
    "kind",
    "status",
    "description",
    "amount",
    "currency",
    "documents",
    "start",
    "end",
    "sources",
    "confidence",
    "source_note",
}


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def rate_for(currency: str, day: date) -> ExchangeRate | None:
    """The latest stored rate of ``currency`` on or before ``day`` (USD is always 1, as a stored row too)."""
    return ExchangeRate.objects.filter(currency=currency, rate_date__lte=day).order_by("-rate_date").first()


def _dates(data: dict[str, Any], errors: dict) -> None:
    for prefix in ("start", "end"):
        if prefix not in data:
            continue
        text = data.pop(prefix)
        if text in (None, ""):
            data[f"{prefix}_date"], data[f"{prefix}_precision"] = None, ""
            continue
        try:
            value = PartialDate.parse(str(text))
        except ValueError as exc:
            errors[prefix] = [str(exc)]
            continue
        data[f"{prefix}_date"], data[f"{prefix}_precision"] = value.first_day, value.precision


def _period_errors(obj) -> dict:
    from hub.core.dates import last_day

    if obj.start_date and obj.end_date and last_day(obj.end_date, obj.end_precision or "day") < obj.start_date:
        return {"end": [_("The end comes before the start.")]}
    return {}


def _check_partnership(data: dict[str, Any]) -> dict[str, Any]:
    from hub.partnerships.services import money_errors, nul_errors

    unknown = set(data) - PARTNERSHIP_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    data = dict(data)
    errors = {**nul_errors(data), **money_errors(data, required=False)}
    if data.get("amount") is not None and not data.get("currency"):
        errors.setdefault("currency", []).append(_("An amount needs its currency."))
    _dates(data, errors)
    if errors:
        raise ValidationError(errors)
    return data


def _unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:100].strip("-") or "partnership"
    slug, n = base, 2
    taken = Partnership.objects.exclude(pk=exclude_pk) if exclude_pk else Partnership.objects.all()
    while taken.filter(slug=slug).exists() or slug in RESERVED:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _set_links(actor, partnership: Partnership, members, projects, via: str) -> None:
    before, after = {}, {}
    for name, new in (("members", members), ("projects", projects)):
        if new is None:
            continue
        manager = getattr(partnership, name)
        old = list(manager.all())
        if {o.pk for o in old} != {o.pk for o in new}:
            manager.set(new)
            before[name], after[name] = sorted(map(str, old)), sorted(map(str, new))
    if after:
        changelog.record(actor=actor, obj=partnership, action=ChangeAction.UPDATE, before=before, after=after, via=via)
        Partnership.objects.filter(pk=partnership.pk).update(version=F("version") + 1, updated_at=timezone.now())


@transaction.atomic
def create_partnership(
    *, actor, data: dict[str, Any], members: Iterable = (), projects: Iterable = (), via: str = ""
) -> Partnership:
    members, projects = list(members), list(projects)
    partner = data.get("partner")
    if partner is None:
        raise ValidationError({"partner": _("Choose the partner organisation.")})
    _require(
        policies.can_create_partnership(actor, partner=partner, members=members + [p.member for p in projects]),
        _(
            "A partnership is recorded by the partner itself, the officers or National Representative of every "
            "member in it, or the Secretariat."
        ),
    )
    data = _check_partnership(data)
    values = {"confidence": "medium", **data, "slug": _unique_slug(str(data.get("title") or ""))}
    partnership = Partnership(**{k: v for k, v in values.items()})
    errors = _period_errors(partnership)
    if errors:
        raise ValidationError(errors)
    partnership = create_record(Partnership, actor=actor, data=values, via=via)
    _set_links(actor, partnership, members, projects, via)
    partnership.refresh_from_db()
    return partnership


@transaction.atomic
def update_partnership(
    *,
    actor,
    partnership: Partnership,
    data: dict[str, Any],
    members: Iterable | None = None,
    projects: Iterable | None = None,
    expected_version: int | None = None,
    via: str = "",
) -> Partnership:
    _require(policies.can_edit_partnership(actor, partnership), _("You may not change this partnership."))
    data = _check_partnership(data)
    if members is not None or projects is not None:
        new_members = list(members if members is not None else partnership.members.all())
        new_projects = list(projects if projects is not None else partnership.projects.all())
        partner = data.get("partner", partnership.partner)
        _require(
            policies.can_create_partnership(
                actor, partner=partner, members=new_members + [p.member for p in new_projects]
            ),
            _("You may not link this partnership to members you do not look after."),
        )
    probe = Partnership(**{**{f.attname: getattr(partnership, f.attname) for f in Partnership._meta.concrete_fields}})
    for name, value in data.items():
        setattr(probe, name, value)
    errors = _period_errors(probe)
    if errors:
        raise ValidationError(errors)
    updated = update_record(partnership, actor=actor, data=data, expected_version=expected_version, via=via)
    _set_links(
        actor, updated, None if members is None else list(members), None if projects is None else list(projects), via
    )
    updated.refresh_from_db()
    return updated


# --- financing -----------------------------------------------------------------------------------------


def _financing_values(parent, data: dict[str, Any]) -> dict[str, Any]:
    """Check one financing row and work out its conversion; ValidationError with field messages."""
    from hub.partnerships.models_opportunities import Opportunity
    from hub.partnerships.services import money_errors, nul_errors

    data = dict(data)
    errors = {**nul_errors(data), **money_errors(data, required=True)}
    stage, instrument = data.get("stage"), data.get("instrument")
    if stage not in FinancingStage.values:
        errors["stage"] = [_("Choose committed, secured or disbursed.")]
    if instrument not in Instrument.values:
        errors["instrument"] = [_("Choose an instrument: %(known)s.") % {"known": ", ".join(Instrument.values)}]
    day = data.get("on_date")
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            errors["on_date"] = [_("Give the day as YYYY-MM-DD.")]
            day = None
    if day is None and "on_date" not in errors:
        errors["on_date"] = [_("Give the day the money was committed, secured or disbursed.")]
    elif day is not None and day > timezone.localdate() and stage == FinancingStage.DISBURSED:
        errors["on_date"] = [_("Money cannot have been disbursed on a day still to come.")]
    if not str(data.get("evidence") or "").strip():
        errors["evidence"] = [_("Say what shows it: a document, an address or a statement.")]
    member = data.get("member")
    if isinstance(parent, Opportunity):
        member = parent.member
    else:
        linked = list(parent.members.all())
        if member is None and len(linked) == 1:
            member = linked[0]
        elif member is None and len(linked) > 1:
            errors["member"] = [_("Say which of the partnership's members this money is for.")]
        elif member is not None and member not in linked:
            errors["member"] = [_("%(member)s is not in this partnership.") % {"member": member}]
    values = {
        "stage": stage,
        "instrument": instrument,
        "amount": data.get("amount"),
        "currency": data.get("currency"),
        "on_date": day,
        "evidence": str(data.get("evidence") or "").strip(),
        "member": member,
        "sources": data.get("sources", []),
        "confidence": data.get("confidence", "medium"),
        "source_note": data.get("source_note", ""),
        "is_demo": bool(data.get("is_demo", False)),
    }
    if not errors:
        rate = rate_for(values["currency"], day)
        if rate is None:
            errors["currency"] = [
                _("No exchange rate of %(currency)s to USD is stored for %(day)s or before: add one first.")
                % {"currency": values["currency"], "day": day.isoformat()}
            ]
        else:
            values.update(
                rate=rate,
                rate_value=rate.units_per_usd,
                rate_date=rate.rate_date,
                amount_usd=to_usd(values["amount"], rate.units_per_usd),
            )
    if errors:
        raise ValidationError(errors)
    return values


def _check_disbursed(parent) -> None:
    totals = {stage: Decimal("0") for stage in FinancingStage.values}
    for stage, usd in parent.financing.values_list("stage", "amount_usd"):
        totals[stage] += usd
    if totals[FinancingStage.DISBURSED] > totals[FinancingStage.COMMITTED]:
        raise ValidationError(
            {
                "amount": [
                    _(
                        "Disbursed (%(disbursed)s %(usd)s) would be above committed (%(committed)s %(usd)s): "
                        "record the commitment first."
                    )
                    % {
                        "disbursed": totals[FinancingStage.DISBURSED],
                        "committed": totals[FinancingStage.COMMITTED],
                        "usd": REPORTING_CURRENCY,
                    }
                ]
            }
        )


@transaction.atomic
def record_financing(*, actor, parent, data: dict[str, Any], via: str = "") -> Financing:
    """Add money at one stage to a partnership or an opportunity (``parent``)."""
    from hub.partnerships.models_opportunities import Opportunity

    _require(policies.can_record_financing(actor, parent), _("You may not record financing here."))
    # Lock the parent: two writers adding disbursements at once must not both pass the "≤ committed" check.
    type(parent)._default_manager.select_for_update().filter(pk=parent.pk).first()
    values = _financing_values(parent, data)
    key = "opportunity" if isinstance(parent, Opportunity) else "partnership"
    row = create_record(Financing, actor=actor, data={**values, key: parent}, via=via)
    _check_disbursed(parent)  # inside the transaction: a refusal rolls the row back
    return row


@transaction.atomic
def delete_financing(*, actor, financing: Financing, expected_version: int | None = None, via: str = "") -> None:
    parent = financing.parent
    _require(policies.can_record_financing(actor, parent), _("You may not change the financing here."))
    delete_record(financing, actor=actor, expected_version=expected_version, via=via)
    _check_disbursed(parent)
