"""Collaboration requests: send (the asking member's officers), accept or decline (the asked member's
officers), withdraw (the asking side, while pending); an accepted request starts a Collaboration.

Every step is a change-log row in the step's transaction. The other side hears of it by e-mail once
the transaction commits (a rolled-back step sends nothing; a failing mail server is logged and never
undoes a step), with absolute links built from ``base_url`` as invitations build theirs.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hub.core import changelog, links
from hub.core.models import ChangeAction
from hub.core.services import Conflict, create_record, update_record
from hub.exchange import policies
from hub.exchange.models import (
    ChallengeStatus,
    Collaboration,
    CollaborationKind,
    CollaborationRequest,
    RequestState,
    challenge_visibility_q,
)
from hub.network.models import Member
from hub.projects.models import Project

log = logging.getLogger(__name__)


class WrongState(Exception):
    """The request is no longer pending (answered or withdrawn): nothing was written."""


def _user(actor):
    return actor if getattr(actor, "pk", None) and hasattr(actor, "email") else None


def _base(base_url: str | None) -> str:
    return (base_url or links.base_url()).rstrip("/")


def _mail(template: str, context: dict[str, Any], recipients: list[str]) -> None:
    if not recipients:
        return
    # The e-mail goes out in English, the hub's default language, whatever page the sender used.
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"exchange/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"exchange/email/{template}.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    except Exception:  # a mail server being down must not undo the step
        log.exception("Could not send '%s' to %s", subject, recipients)


def _officer_emails(member: Member) -> list[str]:
    from hub.monitoring.notify import officers_by_member

    return [u.email for u in officers_by_member([member.pk])[member.pk]]


def _snapshot(obj: CollaborationRequest) -> dict[str, Any]:
    return changelog.snapshot(obj)


@transaction.atomic
def send_request(
    *,
    actor,
    from_member: Member,
    to_member: Member,
    kind: str,
    subject: str,
    message: str,
    challenge=None,
    project: Project | None = None,
    base_url: str | None = None,
    via: str = "",
) -> CollaborationRequest:
    """Ask ``to_member`` for a knowledge exchange, a study visit or a joint project."""
    if not policies.can_send_request_from(actor, from_member):
        raise PermissionDenied(
            _("Only the officers of %(member)s send requests in its name.") % {"member": from_member}
        )
    errors: dict[str, list[str]] = {}
    if to_member.pk == from_member.pk:
        errors["to_member"] = [_("Ask another member: a request cannot go to your own member.")]
    if kind not in CollaborationKind.values:
        errors["kind"] = [_("Choose a knowledge exchange, a study visit or a joint project.")]
    sides = {from_member.pk, to_member.pk}
    if challenge is not None:
        visible = type(challenge).objects.filter(challenge_visibility_q(actor), pk=challenge.pk).exists()
        if not visible or challenge.member_id not in sides:
            errors["challenge"] = [_("The challenge must be one of the two members' own.")]
    if project is not None and project.member_id not in sides:
        errors["project"] = [_("The project must be one of the two members' own.")]
    if errors:
        raise ValidationError(errors)
    request = create_record(
        CollaborationRequest,
        actor=actor,
        data={
            "from_member": from_member,
            "to_member": to_member,
            "kind": kind,
            "subject": (subject or "").strip(),
            "message": (message or "").strip(),
            "challenge": challenge,
            "project": project,
            "created_by": _user(actor),
        },
        via=via,
    )
    context = {"request": request, "link": _base(base_url) + request.get_absolute_url(), "sender": actor}
    recipients = _officer_emails(to_member)
    transaction.on_commit(lambda: _mail("request_sent", context, recipients))
    return request


def _locked_pending(request: CollaborationRequest, expected_version: int | None) -> CollaborationRequest:
    current = (
        CollaborationRequest.objects.select_for_update(of=("self",))
        .select_related("from_member", "to_member", "challenge", "project")
        .get(pk=request.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    if current.state != RequestState.PENDING:
        raise WrongState(
            _("This request is already %(state)s: it can no longer be answered or withdrawn.")
            % {"state": current.get_state_display()}
        )
    return current


def _transition(actor, current: CollaborationRequest, state: str, reply: str, via: str) -> CollaborationRequest:
    before = _snapshot(current)
    current.state = state
    current.reply = reply
    current.decided_at = timezone.now()
    current.decided_by = _user(actor)
    current.version += 1
    current.full_clean()
    current.save()
    changelog.record(
        actor=actor,
        obj=current,
        action=ChangeAction.TRANSITION,
        before=before,
        after=_snapshot(current),
        via=via,
        note=f"{RequestState.PENDING} → {state}",
    )
    return current


def _start_collaboration(actor, request: CollaborationRequest, via: str) -> Collaboration:
    collaboration = create_record(
        Collaboration,
        actor=actor,
        data={
            "topic": request.subject,
            "kind": request.kind,
            "challenge": request.challenge,
            "start_date": timezone.localdate(),
            "source_note": _("Started when %(to)s accepted the collaboration request of %(from)s.")
            % {"to": request.to_member.name, "from": request.from_member.name},
        },
        via=via,
    )
    collaboration.members.set([request.from_member, request.to_member])
    projects = {p.pk: p for p in (request.project, request.challenge and request.challenge.project) if p}
    collaboration.projects.set(list(projects.values()))
    changelog.record(
        actor=actor,
        obj=collaboration,
        action=ChangeAction.UPDATE,
        before={},
        after={
            "members": sorted(m.name for m in (request.from_member, request.to_member)),
            "projects": sorted(p.title for p in projects.values()),
        },
        via=via,
    )
    # The challenge the request was about is now being addressed (if it still waited for help).
    challenge = request.challenge
    if challenge is not None and challenge.status == ChallengeStatus.OPEN:
        update_record(
            challenge,
            actor=actor,
            data={"status": ChallengeStatus.ADDRESSED},
            via=via,
            note=_("A collaboration started on it: %(topic)s") % {"topic": collaboration.topic},
        )
    return collaboration


@transaction.atomic
def answer_request(
    *,
    actor,
    request: CollaborationRequest,
    accept: bool,
    reply: str = "",
    expected_version: int | None = None,
    base_url: str | None = None,
    via: str = "",
) -> CollaborationRequest:
    """The asked member's officers accept (a collaboration starts) or decline (a reply is required)."""
    if not policies.can_answer_request(actor, request):
        raise PermissionDenied(
            _("Only the officers of %(member)s answer this request.") % {"member": request.to_member}
        )
    current = _locked_pending(request, expected_version)
    reply = (reply or "").strip()
    if not accept and not reply:
        raise ValidationError({"reply": _("Say why you decline: a declined request needs a reply.")})
    if len(reply) > 5000:
        raise ValidationError({"reply": _("The reply is at most 5000 characters.")})
    current = _transition(actor, current, RequestState.ACCEPTED if accept else RequestState.DECLINED, reply, via)
    if accept:
        current.collaboration = _start_collaboration(actor, current, via)
        current.save(update_fields=["collaboration"])
    context = {"request": current, "link": _base(base_url) + current.get_absolute_url(), "sender": actor}
    recipients = _officer_emails(current.from_member)
    if current.created_by and current.created_by.is_active and current.created_by.email not in recipients:
        recipients.append(current.created_by.email)
    template = "request_accepted" if accept else "request_declined"
    transaction.on_commit(lambda: _mail(template, context, recipients))
    return current


def accept_request(*, actor, request, reply: str = "", expected_version=None, base_url=None, via: str = ""):
    return answer_request(
        actor=actor,
        request=request,
        accept=True,
        reply=reply,
        expected_version=expected_version,
        base_url=base_url,
        via=via,
    )


def decline_request(*, actor, request, reply: str, expected_version=None, base_url=None, via: str = ""):
    return answer_request(
        actor=actor,
        request=request,
        accept=False,
        reply=reply,
        expected_version=expected_version,
        base_url=base_url,
        via=via,
    )


@transaction.atomic
def withdraw_request(
    *, actor, request: CollaborationRequest, expected_version: int | None = None, via: str = ""
) -> CollaborationRequest:
    if not policies.can_withdraw_request(actor, request):
        raise PermissionDenied(
            _("Only the officers of %(member)s withdraw this request.") % {"member": request.from_member}
        )
    current = _locked_pending(request, expected_version)
    return _transition(actor, current, RequestState.WITHDRAWN, "", via)


COLLABORATION_FIELDS = frozenset({"topic", "status", "end_date"})


@transaction.atomic
def update_collaboration(
    *, actor, collaboration: Collaboration, data: dict[str, Any], expected_version: int | None = None, via: str = ""
) -> Collaboration:
    """Topic, status and end date: the officers of any of its members."""
    member_ids = set(collaboration.members.values_list("pk", flat=True))
    if not any(policies.is_officer_of(actor, m) for m in member_ids):
        raise PermissionDenied(_("Only the officers of the collaboration's members change it."))
    unknown = sorted(set(data) - COLLABORATION_FIELDS)
    if unknown:
        raise ValidationError({name: [_("This field cannot be set.")] for name in unknown})
    return update_record(collaboration, actor=actor, data=data, expected_version=expected_version, via=via)


@transaction.atomic
def add_collaboration_member(
    *, actor, collaboration: Collaboration, member: Member, expected_version: int | None = None, via: str = ""
) -> Collaboration:
    """A third (fourth…) member joins: the officers of any member already in it add it; logged."""
    current = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    member_ids = set(current.members.values_list("pk", flat=True))
    if not any(policies.is_officer_of(actor, m) for m in member_ids):
        raise PermissionDenied(_("Only the officers of the collaboration's members change it."))
    if expected_version is not None and current.version != expected_version:
        raise Conflict(current, current.version)
    if member.pk in member_ids:
        raise ValidationError({"member": [_("%(member)s already takes part.") % {"member": member.name}]})
    before = sorted(current.members.values_list("name", flat=True))
    current.members.add(member)
    current.version += 1
    current.save(update_fields=["version", "updated_at"])
    changelog.record(
        actor=actor,
        obj=current,
        action=ChangeAction.UPDATE,
        before={"members": before},
        after={"members": sorted([*before, member.name])},
        via=via,
    )
    return current
