"""Admitting a city that is not in the registry yet, from the decision form: the new member and the
decision's admission in one transaction (before, the Secretariat had to add the member elsewhere first)."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.meetings.models import Outcome
from hub.meetings.services.outcomes import EffectSpec, add_decision_effects
from hub.network import services as registry
from hub.network.models import Member


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "member"
    slug, n = base, 2
    while Member.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def admit_with_new_members(
    *, actor, decision: Outcome, effects: list[EffectSpec], new_members: list[dict], via: str = ""
) -> list:
    """Create each of ``new_members`` ({name, kind, country}) in the registry, then apply ``effects`` and
    an admission of each new member; all or nothing. Rights: the registry's and the decision's own."""
    meeting = decision.agenda_item.meeting
    specs = list(effects)
    for data in new_members:
        member = registry.create_member(
            actor=actor,
            data={
                "slug": _free_slug(data["name"]),
                "name": data["name"],
                "kind": data["kind"],
                "country": data["country"],
                "source_note": _("Added when the %(meeting)s admitted it.") % {"meeting": meeting.title},
            },
            via=via,
        )
        specs.append(EffectSpec(kind="admit_member", member=member))
    return add_decision_effects(actor=actor, decision=decision, effects=specs, via=via)
