"""The slot for "Similar elsewhere" on a challenge's page (and, later, best matches on "My work").

hub/search builds the matching (``hub.search.matching.match(text, *, member=None, focus_areas=(),
help_wanted=None, limit=20)``). Until it is merged, ``similar_elsewhere`` answers None and the
challenge page leaves its "Similar elsewhere" section out (templates/exchange/partials/similar.html).
After the merge, this one function calls the matcher with what ``match_arguments`` reads from the
challenge; the page renders whatever list it returns, under the heading already in place.
"""

from __future__ import annotations

from typing import Any

from hub.exchange.models import Challenge


def match_arguments(challenge: Challenge) -> dict[str, Any]:
    """What matching needs of a challenge, read from the one object (focus areas prefetched or not)."""
    return {
        "text": challenge.match_text(),
        "member": challenge.member,
        "focus_areas": tuple(fa.code for fa in challenge.focus_areas.all()),
        "help_wanted": challenge.help_wanted or None,
    }


def similar_elsewhere(challenge: Challenge, user, *, limit: int = 10) -> list | None:
    """Other members' projects that address the challenge, best first; None while no matcher is installed."""
    try:
        from hub.search.matching import match  # noqa: PLC0415  (present after the search branch is merged)
    except ImportError:
        return None
    args = match_arguments(challenge)
    return match(args.pop("text"), limit=limit, **args)
