"""GET /api/v1/search and GET /api/v1/match: thin endpoints over hub.search.engine and
hub.search.matching (the same functions as the pages). Open to everyone; a signed-in caller (token or
session) also finds the drafts and restricted meetings they may read.

No ``from __future__ import annotations``: ninja reads the Query[...] annotations at import.
"""

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from hub.accounts.auth import READ, caller
from hub.core.api import OPEN_READ, ValidationErrorOut
from hub.network.models import Member
from hub.search.engine import search
from hub.search.filters import MatchFilter, SearchFilter
from hub.search.matching import match
from hub.search.schemas import MatchListOut, SearchOut

router = Router(auth=READ)


@router.get(
    "/search",
    response={200: SearchOut, 422: ValidationErrorOut},
    tags=["search"],
    operation_id="search",
    summary="Search members, projects, progress updates, meetings and decisions",
    description="One search across the hub in English and Bahasa Indonesia (stems, stop words, and the "
    "English equivalents of Indonesian words, so `banjir` finds flood projects). Every word must match. "
    "Paginated with `limit` (1–100, default 20) and `offset`; `facets` count the matches per kind, "
    "country, status and focus area. Drafts and restricted meetings only for those who may read them.",
    openapi_extra=OPEN_READ,
)
def search_endpoint(request, filters: Query[SearchFilter], limit: int = 20, offset: int = 0):
    limit = max(1, min(limit, 100))
    offset = max(0, min(offset, 10_000))
    results = search(
        filters.q,
        user=caller(request),
        kind=filters.kind,
        country=filters.country,
        focus_area=filters.focus_area,
        status=filters.status,
        limit=limit,
        offset=offset,
    )
    return {
        "count": results.count,
        "items": [
            {
                "kind": h.kind,
                "id": h.object_id,
                "title": h.title,
                "url": h.url,
                "snippet": str(h.snippet),
                "country": h.country,
                "focus_areas": h.focus_areas,
                "status": h.status,
                "is_demo": h.is_demo,
            }
            for h in results.items
        ],
        "facets": results.facets,
        "words_ignored": results.words_ignored,
    }


def match_items(matches) -> list[dict]:
    return [
        {
            "project_id": m.project.pk,
            "slug": m.project.slug,
            "title": m.project.title,
            "url": m.project.get_absolute_url(),
            "member": m.project.member.name,
            "member_slug": m.project.member.slug,
            "country": m.project.member.country.code,
            "score": m.score,
            "focus_areas": [fa.code for fa in m.focus_areas],
            "terms": [{"query": q, "project": p} for q, p in m.terms],
            "contact": {"organisation": m.contact.name, "slug": m.contact.slug} if m.contact else None,
            "is_demo": m.project.is_demo,
        }
        for m in matches
    ]


@router.get(
    "/match",
    response={200: MatchListOut, 422: ValidationErrorOut},
    tags=["search"],
    operation_id="match",
    summary="Who elsewhere has solved this: other members' projects for a challenge",
    description="Ranks the projects of other members for a challenge written in English or Bahasa Indonesia "
    "(either finds projects described in the other), with the reasons: shared focus areas and the words "
    "that matched in both languages, and whom to contact (the organisation of the member's Chief Smart "
    "City Officer). With `member`, that member's own projects are never returned.",
    openapi_extra=OPEN_READ,
)
def match_endpoint(request, filters: Query[MatchFilter]):
    member = None
    if filters.member:
        member = Member.objects.filter(slug=filters.member).first()
        if member is None:
            message = _("No member with this slug.")
            return Status(422, {"detail": [{"type": "value_error", "loc": ["query", "member"], "msg": message}]})
    matches = match(
        filters.text,
        member=member,
        focus_areas=filters.focus_area,
        help_wanted=filters.help_wanted,
        limit=filters.limit,
    )
    return {"count": len(matches), "items": match_items(matches)}
