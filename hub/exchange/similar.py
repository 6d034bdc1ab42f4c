""" "Similar elsewhere" on a challenge's page: other members' projects that address it, ranked by the one
matcher of hub/search (``hub.search.matching.match``) with the challenge's text, focus areas and the help it
wants; the asking member's own projects never appear."""

from __future__ import annotations

from typing import Any

from hub.exchange.models import Challenge
from hub.search.matching import Match, match


def match_arguments(challenge: Challenge) -> dict[str, Any]:
    """What matching needs of a challenge, read from the one object (focus areas prefetched or not).

    The matcher weighs one kind of help; a challenge that wants several is matched on the first of
    knowledge, partner, funding (the order of the register's form)."""
    wanted = challenge.help_wanted
    return {
        "text": challenge.match_text(),
        "member": challenge.member,
        "focus_areas": tuple(fa.code for fa in challenge.focus_areas.all()),
        "help_wanted": wanted[0] if wanted else None,
    }


def similar_elsewhere(challenge: Challenge, *, limit: int = 10) -> list[Match]:
    """Other members' projects that address the challenge, best first, with the reasons."""
    args = match_arguments(challenge)
    return match(args.pop("text"), limit=limit, **args)
