"""The "challenges" a city writes in a progress update become a challenge of the register, without retyping.

When the Secretariat accepts an update (hub.monitoring.signals.update_accepted, sent in the acceptance's
transaction), the update's challenges text becomes — or updates — the one challenge linked to it
(``Challenge.source_update``): public, in the update's language, filed under the project's focus areas.
When the update is reopened (update_reopened), the challenge is withdrawn and private again, as the
update is; accepting it again brings it back with the new text. Officers, the National Representative
and the Secretariat may then change the classification (focus areas, severity, help wanted): a later
acceptance updates the title and text but keeps that classification.

Written as the actor of the review step (the Secretariat, or a command), without a second rights check:
the step itself was authorised.
"""

from __future__ import annotations

import re

from django.dispatch import receiver
from django.utils.translation import gettext as _

from hub.core.services import create_record, update_record
from hub.exchange.models import Challenge, ChallengeStatus
from hub.monitoring.models import ProgressUpdate
from hub.monitoring.signals import update_accepted, update_reopened
from hub.projects.models import Language
from hub.projects.services import _log_m2m

TITLE_MAX = 120
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s*")


def title_from(text: str) -> str:
    """The first line of the text, without a bullet, cut at a word before TITLE_MAX characters."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    first = _BULLET.sub("", first).strip()
    if len(first) <= TITLE_MAX:
        return first
    cut = first[: TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(",;:.-")
    return f"{cut}…"


def _language(update: ProgressUpdate) -> str:
    return update.language if update.language in Language.values else Language.EN


@receiver(update_accepted, dispatch_uid="exchange.challenge_from_accepted_update")
def challenge_from_accepted_update(sender, *, update: ProgressUpdate, actor, via: str = "", **kwargs) -> None:
    text = (update.challenges or "").strip()
    existing = Challenge.objects.filter(source_update=update).first()
    note = _("From the %(cycle)s progress update of %(project)s, accepted by the ASEAN Secretariat.") % {
        "cycle": update.cycle.label,
        "project": update.project.title,
    }
    if not text:
        # Accepted again without challenges: the old text is no longer what the member reports.
        if existing is not None and existing.published:
            update_record(
                existing,
                actor=actor,
                data={"published": False, "status": ChallengeStatus.WITHDRAWN},
                via=via,
                note=_("The accepted update no longer names challenges."),
            )
        return
    data = {"title": title_from(text), "text": text, "language": _language(update), "published": True}
    if existing is None:
        challenge = create_record(
            Challenge,
            actor=actor,
            data={
                **data,
                "member": update.project.member,
                "project": update.project,
                "source_update": update,
                "is_demo": update.is_demo or update.project.is_demo,
                "source_note": note,
                "created_by": update.created_by,
            },
            via=via,
            note=note,
        )
        areas = list(update.project.focus_areas.order_by("position"))
        if areas:
            challenge.focus_areas.set(areas)
            _log_m2m(actor, challenge, {"focus_areas": ([], [a.code for a in areas])}, via)
        return
    if existing.status == ChallengeStatus.WITHDRAWN:
        solved = existing.solved_by_project_id or existing.solved_by_collaboration_id or existing.solution.strip()
        data["status"] = ChallengeStatus.SOLVED if solved else ChallengeStatus.OPEN
    update_record(existing, actor=actor, data={**data, "source_note": note}, via=via, note=note)


@receiver(update_reopened, dispatch_uid="exchange.challenge_of_reopened_update")
def challenge_of_reopened_update(sender, *, update: ProgressUpdate, actor, via: str = "", **kwargs) -> None:
    existing = Challenge.objects.filter(source_update=update).first()
    if existing is None:
        return
    update_record(
        existing,
        actor=actor,
        data={"published": False, "status": ChallengeStatus.WITHDRAWN},
        via=via,
        note=_("Withdrawn: the %(cycle)s update it came from was reopened.") % {"cycle": update.cycle.label},
    )
