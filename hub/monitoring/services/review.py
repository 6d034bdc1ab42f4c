"""The review chain of a progress update: submit, endorse, accept, or return it to draft with a comment;
and reopen an accepted update.

On acceptance its figures become public indicator values; every step is a ReviewStep and a change-log
row, and the people concerned are told once the transaction commits (hub.monitoring.notify).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.core import changelog
from hub.core.models import ChangeAction
from hub.core.services import Conflict, create_record, delete_record, lock, update_record
from hub.monitoring import notify, policies, signals
from hub.monitoring.models import CycleState, ProgressUpdate, ReviewAction, ReviewStep, UpdateState
from hub.monitoring.services.common import WrongState, _check_open, _is_command, _user
from hub.projects.models import IndicatorValue

_STEPS = {
    ReviewAction.SUBMIT: (UpdateState.DRAFT, UpdateState.SUBMITTED),
    ReviewAction.ENDORSE: (UpdateState.SUBMITTED, UpdateState.ENDORSED),
    ReviewAction.ACCEPT: (UpdateState.ENDORSED, UpdateState.ACCEPTED),
}


def _acting_as(actor, update: ProgressUpdate, action: str) -> str:
    if _is_command(actor):
        return "command"
    scope = policies.scope_for(actor)
    if action == ReviewAction.ENDORSE or (action == ReviewAction.RETURN and update.state == UpdateState.SUBMITTED):
        role = policies.endorses_as(actor, update)
        if role:
            return role
    if action in (ReviewAction.ACCEPT, ReviewAction.RETURN, ReviewAction.REOPEN) and scope.secretariat:
        return "secretariat"
    if update.project.member_id in scope.officer_member_ids:
        return "city_officer"
    if update.project.member.country_id in scope.nr_country_ids:  # the role it acted in, not a right
        return "national_representative"
    return ""


def _check_submittable(update: ProgressUpdate) -> None:
    errors = {}
    if not update.narrative.strip():
        errors["narrative"] = _("Say what happened in the cycle before you submit.")
    if errors:
        raise ValidationError(errors)


def _publish_values(actor, update: ProgressUpdate, via: str) -> None:
    """On acceptance, each reported figure becomes a public IndicatorValue for the cycle."""
    cycle = update.cycle
    accepted_on = timezone.localdate()
    for row in update.values.select_related("indicator", "published"):
        data = {
            "indicator": row.indicator,
            "period_start": cycle.start_date,
            "period_end": cycle.end_date,
            "period_label": cycle.label,
            "value": row.value,
            "note": row.note,
            "reported_by": update.created_by,
            "confidence": "medium",
            "source_note": _(
                "Reported by %(member)s in its progress update for the %(cycle)s M&E cycle, "
                "endorsed and accepted by the ASEAN Secretariat on %(day)s."
            )
            % {"member": update.project.member.name, "cycle": cycle.label, "day": accepted_on.isoformat()},
        }
        if row.published_id:
            update_record(row.published, actor=actor, data=data, via=via)
        else:
            row.published = create_record(IndicatorValue, actor=actor, data=data, via=via)
            row.save(update_fields=["published"])


def _withdraw_values(actor, update: ProgressUpdate, via: str) -> None:
    """On reopening, the figures published with the update leave the catalogue (each deletion logged), so
    that every page and export falls back to the values before; accepting again publishes them anew."""
    for row in update.values.select_related("published").filter(published__isnull=False):
        delete_record(
            row.published,
            actor=actor,
            via=via,
            note=_("Withdrawn: the %(cycle)s update was reopened.") % {"cycle": update.cycle.label},
        )


@transaction.atomic
def _transition(
    *, actor, update: ProgressUpdate, action: str, comment: str = "", expected_version=None, via: str = ""
) -> ProgressUpdate:
    current = lock(
        update,
        ProgressUpdate.objects.select_for_update(of=("self",)).select_related(
            "project__member__country", "cycle", "created_by"
        ),
    )
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    comment = (comment or "").strip()
    if action == ReviewAction.RETURN:
        checks = policies.can_return
        if current.state not in (UpdateState.SUBMITTED, UpdateState.ENDORSED):
            raise WrongState(
                _("Only a submitted or endorsed update can be returned; this one is %(state)s.")
                % {"state": current.get_state_display()}
            )
        from_state, to_state = current.state, UpdateState.DRAFT
    elif action == ReviewAction.REOPEN:
        checks = policies.can_reopen
        if current.state != UpdateState.ACCEPTED:
            raise WrongState(
                _("Only an accepted update can be reopened; this one is %(state)s.")
                % {"state": current.get_state_display()}
            )
        from_state, to_state = current.state, UpdateState.DRAFT
    else:
        checks = {
            ReviewAction.SUBMIT: policies.can_submit,
            ReviewAction.ENDORSE: policies.can_endorse,
            ReviewAction.ACCEPT: policies.can_accept,
        }[action]
        from_state, to_state = _STEPS[action]
        if current.state != from_state:
            raise WrongState(
                _("This update is %(state)s; it must be %(needed)s to be %(done)s.")
                % {
                    "state": current.get_state_display(),
                    "needed": UpdateState(from_state).label,
                    "done": ReviewAction(action).label,
                }
            )
    if action == ReviewAction.REOPEN and current.cycle.state != CycleState.OPEN:
        raise WrongState(
            _(
                "The %(cycle)s cycle is %(state)s and its report published from the accepted updates: open the "
                "cycle again first, then reopen the update."
            )
            % {"cycle": current.cycle.label, "state": current.cycle.get_state_display()}
        )
    _check_open(current.cycle)
    if not _is_command(actor) and not checks(actor, current):
        raise PermissionDenied(_refusal(action, current))
    if action == ReviewAction.RETURN and not comment:
        raise ValidationError({"comment": _("Say what should change: a returned update needs a comment.")})
    if action == ReviewAction.REOPEN and not comment:
        raise ValidationError(
            {"comment": _("Say why the accepted update is reopened: a reopened update needs a comment.")}
        )
    if len(comment) > 5000:
        raise ValidationError({"comment": _("The comment is at most 5000 characters.")})
    if action == ReviewAction.SUBMIT:
        _check_submittable(current)

    acting_as = _acting_as(actor, current, action)
    before = changelog.snapshot(current)
    now = timezone.now()
    current.state = to_state
    if action == ReviewAction.SUBMIT:
        current.submitted_at = now
    elif action == ReviewAction.ENDORSE:
        current.endorsed_at = now
    elif action == ReviewAction.ACCEPT:
        current.accepted_at = now
    else:
        current.submitted_at = current.endorsed_at = current.accepted_at = None
    current.version += 1
    current.save()
    ReviewStep.objects.create(
        update=current,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=_user(actor),
        actor_label=changelog.actor_label(actor)[:200],
        acting_as=acting_as,
        comment=comment,
    )
    changelog.record(
        actor=actor,
        obj=current,
        action=ChangeAction.TRANSITION,
        before=before,
        after=changelog.snapshot(current),
        via=via,
        note=f"{action}: {from_state} → {to_state}" + (f" — {comment}" if comment else ""),
    )
    if action == ReviewAction.ACCEPT:
        _publish_values(actor, current, via)
        signals.update_accepted.send(sender=ProgressUpdate, update=current, actor=actor, via=via)
    elif action == ReviewAction.REOPEN:
        _withdraw_values(actor, current, via)
        signals.update_reopened.send(sender=ProgressUpdate, update=current, actor=actor, via=via)
    transaction.on_commit(lambda: notify.transition(current, action, comment))
    return current


def _refusal(action: str, update: ProgressUpdate) -> str:
    member, country = update.project.member.name, update.project.member.country.label
    if action == ReviewAction.SUBMIT:
        return _(
            "Only the officers of %(member)s and the National Representative of %(country)s submit its updates."
        ) % {
            "member": member,
            "country": country,
        }
    if action == ReviewAction.ENDORSE:
        return _("Only the National Representative of %(country)s endorses this update.") % {"country": country}
    if action == ReviewAction.ACCEPT:
        return _("Only the ASEAN Secretariat accepts updates.")
    if action == ReviewAction.REOPEN:
        return _("Only the ASEAN Secretariat reopens an accepted update.")
    return _("Only the reviewer of this step (or the Secretariat) can return this update.")


def submit(*, actor, update: ProgressUpdate, expected_version: int | None = None, via: str = "") -> ProgressUpdate:
    return _transition(
        actor=actor, update=update, action=ReviewAction.SUBMIT, expected_version=expected_version, via=via
    )


def endorse(
    *, actor, update: ProgressUpdate, comment: str = "", expected_version: int | None = None, via: str = ""
) -> ProgressUpdate:
    return _transition(
        actor=actor,
        update=update,
        action=ReviewAction.ENDORSE,
        comment=comment,
        expected_version=expected_version,
        via=via,
    )


def accept(
    *, actor, update: ProgressUpdate, comment: str = "", expected_version: int | None = None, via: str = ""
) -> ProgressUpdate:
    return _transition(
        actor=actor,
        update=update,
        action=ReviewAction.ACCEPT,
        comment=comment,
        expected_version=expected_version,
        via=via,
    )


def return_update(
    *, actor, update: ProgressUpdate, comment: str, expected_version: int | None = None, via: str = ""
) -> ProgressUpdate:
    return _transition(
        actor=actor,
        update=update,
        action=ReviewAction.RETURN,
        comment=comment,
        expected_version=expected_version,
        via=via,
    )


def reopen(
    *, actor, update: ProgressUpdate, comment: str, expected_version: int | None = None, via: str = ""
) -> ProgressUpdate:
    """The Secretariat takes back an accepted update: it goes back to **draft**, with a required comment.

    Draft, not submitted or endorsed: an accepted update is reopened because what it says must change
    (a wrong figure, a status that did not hold), and only its authors can change it, in a draft. The
    changed content then needs the whole chain again, the National Representative's endorsement
    included, since that endorsement was given to the old content. It is the same as a return, one
    step later; the comment tells the authors what to correct.

    From that moment the update is private again: public status and progress, dashboards and reports
    fall back to the project's previous accepted update, and the indicator values it published are
    withdrawn from the catalogue (logged), to be published anew when it is accepted again.

    Only while the cycle is open. A closed cycle's report has been published from its accepted
    updates; to correct one, the Secretariat reopens the cycle first, which is itself a logged step
    and makes the report provisional again.
    """
    return _transition(
        actor=actor,
        update=update,
        action=ReviewAction.REOPEN,
        comment=comment,
        expected_version=expected_version,
        via=via,
    )


TRANSITIONS = {"submit": submit, "endorse": endorse, "accept": accept, "return": return_update, "reopen": reopen}


def apply_transition(
    name: str, *, actor, update: ProgressUpdate, comment: str = "", expected_version=None, via: str = ""
) -> ProgressUpdate:
    """Dispatch by name (what pages and the API receive): submit, endorse, accept, return or reopen."""
    if name not in TRANSITIONS:
        raise ValidationError({"action": _("Unknown step '%(name)s'.") % {"name": name}})
    kwargs = {"actor": actor, "update": update, "expected_version": expected_version, "via": via}
    if name != "submit":
        kwargs["comment"] = comment
    return TRANSITIONS[name](**kwargs)
