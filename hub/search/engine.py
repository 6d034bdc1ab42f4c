"""The one search function behind the page and the API.

    search(q, user=..., kind=..., country=..., focus_area=..., status=..., limit=20, offset=0) -> Results

The query is analysed with every analyzer (its language is not known) and each word may also stand for
its English equivalent (hub.search.lexicon), so "banjir" finds a project about floods. Every word must
match (AND), each through any of its forms (OR). Records that are not public are kept only for readers
whom the provider's own visibility rule lets through (drafts, restricted meetings).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from hub.search import backends
from hub.search.analysis import query_alternatives
from hub.search.highlight import snippet
from hub.search.lexicon import id_to_en
from hub.search.models import SearchDocument
from hub.search.providers import registry

MAX_QUERY_CHARS = 500
MAX_WORDS = 12  # more words than this are ANDed into nothing: the rest are ignored (and the page says so)


class QueryError(ValueError):
    """A query that cannot be searched; the message is for the person who typed it."""


@dataclass
class Hit:
    kind: str
    object_id: int
    title: str
    url: str
    snippet: str  # HTML-safe: escaped text with <mark> around the matched words
    country: str
    focus_areas: list[str]
    status: str
    is_demo: bool
    rank: float


@dataclass
class Results:
    query: str
    count: int = 0
    items: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    words_ignored: int = 0


def query_groups(q: str) -> tuple[list[set[str]], int]:
    """The query's word groups (alternative terms per word) and how many words were left out."""
    groups = query_alternatives(q)
    table = id_to_en()
    for group in groups:
        for term in list(group):
            group.update(table.get(term, ()))
    return groups[:MAX_WORDS], max(0, len(groups) - MAX_WORDS)


def _visible(matched, user, public_only: bool) -> Q:
    """Public documents, and the non-public ones the reader may read by their app's own rule."""
    if public_only or user is None or not user.is_authenticated:
        return Q(public=True)
    private = matched.filter(public=False).values_list("kind", "object_id", "id")
    by_kind: dict[str, dict[int, int]] = {}
    for kind, object_id, doc_id in private:
        by_kind.setdefault(kind, {})[object_id] = doc_id
    allowed: list[int] = []
    for kind, ids in by_kind.items():
        provider = registry.get(kind)
        if provider is not None:
            allowed.extend(ids[pk] for pk in provider.visible_ids(user, ids.keys()))
    return Q(public=True) | Q(pk__in=allowed)


def _filters(kind, country, focus_area, status) -> dict[str, str]:
    wanted = {"kind": kind, "country": (country or "").upper(), "focus_area": focus_area, "status": status}
    return {name: value for name, value in wanted.items() if value}


def search(
    q: str,
    *,
    user=None,
    kind: str | None = None,
    country: str | None = None,
    focus_area: str | None = None,
    status: str | None = None,
    limit: int = 20,
    offset: int = 0,
    public_only: bool = False,
) -> Results:
    text = (q or "").replace("\x00", " ").strip()
    if not text:
        raise QueryError("Type a word to search for.")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"A search is at most {MAX_QUERY_CHARS} characters long.")
    groups, ignored = query_groups(text)
    results = Results(query=text, words_ignored=ignored)
    if not groups:
        return results  # only stop words or punctuation: nothing to look for, and nothing found
    with backends.index_scans():
        matched = backends.match(SearchDocument.objects.all(), groups)
        visible = matched.filter(_visible(matched, user, public_only))
        filters = _filters(kind, country, focus_area, status)
        # One scan for the count and every facet: matches grouped by their facet values (a few hundred rows
        # at most), the filters then applied here, so that each facet counts under the other filters only.
        combos = list(visible.values("kind", "country", "status", "focus_areas").annotate(n=Count("id")).order_by())
        results.count = sum(row["n"] for row in combos if _passes(row, filters))
        results.facets = _facets(combos, filters)
        page = visible
        for name, value in filters.items():
            page = page.filter(**{_LOOKUPS[name]: f"|{value}|" if name == "focus_area" else value})
        rows = list(page.order_by("-rank", "kind", "object_id")[offset : offset + limit]) if results.count else []
    terms = set().union(*groups)
    results.items = [
        Hit(
            kind=d.kind,
            object_id=d.object_id,
            title=d.title,
            url=d.url,
            snippet=snippet(d.body, terms),
            country=d.country,
            focus_areas=d.focus_area_codes,
            status=d.status,
            is_demo=d.is_demo,
            rank=float(d.rank or 0),
        )
        for d in rows
    ]
    return results


_LOOKUPS = {"kind": "kind", "country": "country", "status": "status", "focus_area": "focus_areas__contains"}


def _passes(row: dict, filters: dict, without: str | None = None) -> bool:
    for name, wanted in filters.items():
        if name == without:
            continue
        if name == "focus_area":
            if f"|{wanted}|" not in row["focus_areas"]:
                return False
        elif row[name] != wanted:
            return False
    return True


def _facets(combos: list[dict], filters: dict) -> dict[str, dict[str, int]]:
    """Counts per kind, country, status and focus area; each facet counts under the other filters only,
    so that choosing one kind still shows how many of the other kinds there are."""
    facets: dict[str, dict[str, int]] = {"kind": {}, "country": {}, "status": {}, "focus_area": {}}
    for row in combos:
        for name in ("kind", "country", "status"):
            if row[name] and _passes(row, filters, without=name):
                facets[name][row[name]] = facets[name].get(row[name], 0) + row["n"]
        if _passes(row, filters, without="focus_area"):
            for code in row["focus_areas"].split("|"):
                if code:
                    facets["focus_area"][code] = facets["focus_area"].get(code, 0) + row["n"]
    return facets
