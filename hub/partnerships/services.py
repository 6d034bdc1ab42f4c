"""Every write to investment opportunities and expressions of interest: pages, API and commands alike.

Each function is keyword-only, checks the actor's rights (hub.partnerships.policies), validates, writes in
one transaction through hub.core.services (logged in the change log, versioned, ``Conflict`` on a stale
version), and sends its e-mail notices once the transaction commits (hub.partnerships.notify).
Partnerships, financing and candidate assessments are in services_money.py and services_assessments.py;
this module re-exports them so callers import one name: ``from hub.partnerships import services``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.core import changelog
from hub.core.models import ChangeAction
from hub.core.services import Conflict, create_record, update_record
from hub.partnerships import notify, policies
from hub.partnerships.models_opportunities import (
    READINESS,
    Follow,
    Interest,
    InterestMessage,
    InterestState,
    Opportunity,
    OpportunityReview,
    OpportunityState,
    ReviewAction,
)
from hub.partnerships.money import CURRENCIES, amount_problem, parse_amount, to_usd

__all__ = ["Conflict", "WrongState", "create_opportunity", "update_opportunity", "review_opportunity"]

OPPORTUNITY_FIELDS = {
    "title",
    "summary",
    "amount",
    "currency",
    "instrument",
    "stage",
    "readiness",
    "readiness_note",
    "contact_name",
    "contact_email",
}
MAX_MESSAGE = 5000


class WrongState(Exception):
    """The record is not in a state that allows this step; nothing was changed."""


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _user(actor):
    return None if isinstance(actor, str) else actor


def _label(actor) -> str:
    return changelog.actor_label(actor)[:200]


def nul_errors(data: dict[str, Any]) -> dict:
    """Text with a NUL character, which PostgreSQL cannot store (SQLite would): a field message instead."""
    errors = {}
    for name, value in data.items():
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(t, str) and "\x00" in t for t in texts):
            errors[name] = [_("This text contains a character that cannot be stored.")]
    return errors


def money_errors(data: dict[str, Any], *, amount_field: str = "amount", required: bool = True) -> dict:
    """Check and normalise ``amount`` and ``currency`` in ``data`` (in place); return field messages."""
    errors: dict[str, list[str]] = {}
    if amount_field in data:
        raw = data[amount_field]
        if raw in (None, ""):
            data[amount_field] = None
        else:
            try:
                data[amount_field] = parse_amount(raw)
            except ValueError:
                errors[amount_field] = [_("'%(value)s' is not a number.") % {"value": raw}]
        if amount_field not in errors:
            problem = amount_problem(data[amount_field], required=required)
            if problem:
                errors[amount_field] = [_(problem)]
    if "currency" in data:
        code = str(data["currency"] or "").strip().upper()
        data["currency"] = code
        if code and code not in CURRENCIES:
            errors["currency"] = [
                _("Unknown currency '%(code)s': use an ISO 4217 code such as %(known)s.")
                % {"code": code, "known": ", ".join(list(CURRENCIES)[:8])}
            ]
        elif not code and required:
            errors["currency"] = [_("Choose the currency of the amount.")]
    return errors


def _readiness_errors(data: dict[str, Any]) -> dict:
    if "readiness" not in data:
        return {}
    codes = data["readiness"] or []
    unknown = [c for c in codes if c not in READINESS]
    if unknown:
        return {"readiness": [_("Unknown item(s): %(codes)s.") % {"codes": ", ".join(map(str, unknown))}]}
    data["readiness"] = [c for c in READINESS if c in codes]  # one order, no duplicates
    return {}


def _check(data: dict[str, Any]) -> None:
    unknown = set(data) - OPPORTUNITY_FIELDS
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})
    errors = {**money_errors(data, required=True), **_readiness_errors(data), **nul_errors(data)}
    if errors:
        raise ValidationError(errors)


def _convert(opportunity: Opportunity) -> None:
    """Store the need in USD with the rate (and its date) used; no stored rate is a field error."""

    rate = rate_for(opportunity.currency, timezone.localdate())
    if rate is None:
        raise ValidationError(
            {
                "currency": _("No exchange rate of %(currency)s to USD is stored: ask the Secretariat to add one.")
                % {"currency": opportunity.currency}
            }
        )
    usd = to_usd(opportunity.amount, rate.units_per_usd)
    Opportunity.objects.filter(pk=opportunity.pk).update(
        amount_usd=usd, usd_rate=rate.units_per_usd, usd_rate_date=rate.rate_date
    )
    opportunity.amount_usd, opportunity.usd_rate, opportunity.usd_rate_date = usd, rate.units_per_usd, rate.rate_date


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100].strip("-") or "opportunity"
    slug, n = base, 2
    while Opportunity.objects.filter(slug=slug).exists() or slug in {"new", "export-csv", "export-xlsx"}:
        slug, n = f"{base}-{n}", n + 1
    return slug


# --- opportunities ----------------------------------------------------------------------------------


@transaction.atomic
def create_opportunity(*, actor, project, data: dict[str, Any], via: str = "") -> Opportunity:
    """A draft opportunity for ``project``'s member, by its officers, its NR or the Secretariat."""
    _require(
        policies.can_create_opportunity_for(actor, project.member),
        _("Only the member's officers, its National Representative or the Secretariat may draft its opportunities."),
    )
    data = dict(data)
    _check(data)
    values = {
        **data,
        "slug": _unique_slug(str(data.get("title") or "")),
        "project": project,
        "member": project.member,
        "state": OpportunityState.DRAFT,
        "sources": [],
        "confidence": "medium",
        "source_note": _("Entered in ASCN Hub by the member."),
    }
    opportunity = create_record(Opportunity, actor=actor, data=values, via=via)
    _convert(opportunity)
    if _user(actor):
        Opportunity.objects.filter(pk=opportunity.pk).update(created_by=actor)
    return opportunity


@transaction.atomic
def update_opportunity(
    *, actor, opportunity: Opportunity, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> Opportunity:
    _require(
        policies.can_edit_opportunity(actor, opportunity),
        _("Only the member's officers, its National Representative or the Secretariat may edit this opportunity."),
    )
    if opportunity.state != OpportunityState.DRAFT:
        raise WrongState(
            _("Only a draft can be edited: this opportunity is %(state)s.") % {"state": opportunity.get_state_display()}
        )
    data = dict(data)
    _check(data)
    updated = update_record(opportunity, actor=actor, data=data, expected_version=expected_version, via=via)
    _convert(updated)
    return updated


_STEPS = {
    ReviewAction.SUBMIT: ({OpportunityState.DRAFT}, OpportunityState.SUBMITTED),
    ReviewAction.PUBLISH: ({OpportunityState.SUBMITTED}, OpportunityState.PUBLISHED),
    ReviewAction.RETURN: ({OpportunityState.SUBMITTED, OpportunityState.PUBLISHED}, OpportunityState.DRAFT),
    ReviewAction.CLOSE: ({OpportunityState.PUBLISHED}, OpportunityState.CLOSED),
}


def _acting_as(actor, opportunity: Opportunity, action: str) -> str:
    if isinstance(actor, str):
        return "command"
    scope = policies.scope_for(actor)
    if action in (ReviewAction.PUBLISH, ReviewAction.RETURN):
        if opportunity.member.country_id in scope.nr_country_ids:
            return "national_representative"
        return "secretariat" if scope.secretariat else ""
    if opportunity.member_id in scope.officer_member_ids:
        return "city_officer"
    if opportunity.member.country_id in scope.nr_country_ids:
        return "national_representative"
    return "secretariat" if scope.secretariat else ""


@transaction.atomic
def review_opportunity(
    *,
    actor,
    opportunity: Opportunity,
    action: str,
    comment: str = "",
    expected_version: int | None = None,
    via: str = "",
    base_url: str = "",
) -> Opportunity:
    """One step of the chain: submit (its member's people), publish or return with a comment (the member's
    National Representative or the Secretariat), close (its member's people)."""
    if action not in _STEPS:
        raise ValidationError({"action": _("Unknown step '%(action)s'.") % {"action": action}})
    if action in (ReviewAction.PUBLISH, ReviewAction.RETURN):
        _require(
            policies.can_review_opportunity(actor, opportunity),
            _("Only the member's National Representative or the Secretariat may publish or return it."),
        )
    else:
        _require(
            policies.can_edit_opportunity(actor, opportunity),
            _("Only the member's officers, its National Representative or the Secretariat may do this."),
        )
    current = Opportunity.objects.select_for_update().select_related("member").get(pk=opportunity.pk)
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    allowed_from, to = _STEPS[action]
    if current.state not in allowed_from:
        raise WrongState(
            _("This step cannot be taken: the opportunity is %(state)s.") % {"state": current.get_state_display()}
        )
    comment = (comment or "").strip()
    if action == ReviewAction.RETURN and not comment:
        raise ValidationError({"comment": _("Say what should change: a return needs a comment.")})
    data: dict[str, Any] = {"state": to}
    if action == ReviewAction.PUBLISH:
        data["published_at"] = timezone.now()
        data["return_comment"] = ""
    if action == ReviewAction.RETURN:
        data["return_comment"] = comment
        data["published_at"] = None
    updated = update_record(current, actor=actor, data=data, via=via, note=comment)
    OpportunityReview.objects.create(
        opportunity=updated,
        action=action,
        actor=_user(actor),
        actor_label=_label(actor),
        acting_as=_acting_as(actor, updated, action),
        comment=comment,
    )
    transaction.on_commit(lambda: notify.opportunity_step(updated, action, comment, base_url))
    return updated


# --- expressions of interest -------------------------------------------------------------------------


def _message_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"message": _("Write a message.")})
    if len(text) > MAX_MESSAGE:
        raise ValidationError({"message": _("A message has at most %(n)s characters.") % {"n": MAX_MESSAGE}})
    if "\x00" in text:
        raise ValidationError({"message": _("The message contains a character that cannot be stored.")})
    return text


def _add_message(actor, interest: Interest, text: str, *, from_partner: bool, via: str) -> InterestMessage:
    message = InterestMessage.objects.create(
        interest=interest, author=_user(actor), author_label=_label(actor), from_partner=from_partner, text=text
    )
    changelog.record(
        actor=actor,
        obj=message,
        action=ChangeAction.CREATE,
        before={},
        after={"interest": str(interest), "from_partner": from_partner, "text": text},
        via=via,
    )
    return message


@transaction.atomic
def express_interest(*, actor, opportunity: Opportunity, message: str, via: str = "", base_url: str = "") -> Interest:
    """A partner's expression of interest in a published opportunity, with its first message."""
    scope = policies.scope_for(actor)
    if not scope.partner:
        raise PermissionDenied(_("Only a partner organisation's people may express interest."))
    if not policies.can_read_opportunity(actor, opportunity):
        raise Opportunity.DoesNotExist  # a draft stays invisible: the caller answers 404
    if opportunity.state != OpportunityState.PUBLISHED:
        raise ValidationError(
            {"message": _("This opportunity is closed: interest can be expressed only in a published one.")}
        )
    text = _message_text(message)
    interest = Interest.objects.filter(opportunity=opportunity, organisation_id=scope.organisation_id).first()
    if interest is None:
        interest = Interest.objects.create(
            opportunity=opportunity, organisation_id=scope.organisation_id, created_by=_user(actor)
        )
        changelog.record(
            actor=actor,
            obj=interest,
            action=ChangeAction.CREATE,
            before={},
            after=changelog.snapshot(interest),
            via=via,
        )
    else:
        Interest.objects.filter(pk=interest.pk).update(state=InterestState.OPEN, updated_at=timezone.now())
    _add_message(actor, interest, text, from_partner=True, via=via)
    transaction.on_commit(lambda: notify.interest_message(interest, text, from_partner=True, base_url=base_url))
    return interest


@transaction.atomic
def reply(*, actor, interest: Interest, message: str, via: str = "", base_url: str = "") -> InterestMessage:
    """A message in the conversation: from the partner, or the member's answer (which marks it answered)."""
    if not policies.can_write_in(actor, interest):
        raise Interest.DoesNotExist  # another partner's conversation does not exist for this caller
    text = _message_text(message)
    from_partner = policies.is_partner_side(actor, interest)
    state = InterestState.OPEN if from_partner else InterestState.ANSWERED
    before = changelog.snapshot(interest)
    Interest.objects.filter(pk=interest.pk).update(state=state, updated_at=timezone.now(), version=interest.version + 1)
    interest.refresh_from_db()
    changelog.record(
        actor=actor,
        obj=interest,
        action=ChangeAction.UPDATE,
        before=before,
        after=changelog.snapshot(interest),
        via=via,
    )
    message_row = _add_message(actor, interest, text, from_partner=from_partner, via=via)
    transaction.on_commit(lambda: notify.interest_message(interest, text, from_partner=from_partner, base_url=base_url))
    return message_row


@transaction.atomic
def follow(*, actor, opportunity: Opportunity, following: bool = True, via: str = "") -> bool:
    """A partner follows a published opportunity (or stops); returns whether it follows it now. Logged."""
    scope = policies.scope_for(actor)
    if not scope.partner:
        raise PermissionDenied(_("Only a partner organisation's people may follow an opportunity."))
    if not policies.can_read_opportunity(actor, opportunity):
        raise Opportunity.DoesNotExist  # a draft stays invisible: the caller answers 404
    current = Follow.objects.filter(opportunity=opportunity, organisation_id=scope.organisation_id).first()
    if following and current is None:
        if opportunity.state != OpportunityState.PUBLISHED:
            raise ValidationError({"opportunity": _("Only a published opportunity can be followed.")})
        current = Follow.objects.create(
            opportunity=opportunity, organisation_id=scope.organisation_id, created_by=_user(actor)
        )
        changelog.record(
            actor=actor, obj=current, action=ChangeAction.CREATE, before={}, after=changelog.snapshot(current), via=via
        )
    elif not following and current is not None:
        changelog.record(
            actor=actor, obj=current, action=ChangeAction.DELETE, before=changelog.snapshot(current), after={}, via=via
        )
        current.delete()
    return following


from hub.partnerships.services_assessments import create_assessment, nominate, update_assessment  # noqa: E402,F401
from hub.partnerships.services_money import (  # noqa: E402,F401
    create_partnership,
    delete_financing,
    rate_for,
    record_financing,
    update_partnership,
)
