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

from hub.projects.models import FOCUS_AREAS
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


def _filters(kind, country, focus_area, status) -> dict[str, Q]:
    filters = {}
    if kind:
        filters["kind"] = Q(kind=kind)
    if country:
        filters["country"] = Q(country=country.upper())
    if focus_area:
        filters["focus_area"] = Q(focus_areas__contains=f"|{focus_area}|")
    if status:
        filters["status"] = Q(status=status)
    return filters


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
    matched = backends.match(SearchDocument.objects.all(), groups)
    visible = _visible(matched, user, public_only)
    filters = _filters(kind, country, focus_area, status)

    def narrowed(*, without: str | None = None):
        qs = matched.filter(visible)
        for name, condition in filters.items():
            if name != without:
                qs = qs.filter(condition)
        return qs

    page = narrowed()
    results.count = page.count()
    rows = page.order_by("-rank", "kind", "object_id")[offset : offset + limit]
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
    results.facets = _facets(narrowed)
    return results


def _facets(narrowed) -> dict[str, dict[str, int]]:
    """Counts per kind, country, status and focus area; each facet counts under the other filters only,
    so that choosing one kind still shows how many of the other kinds there are."""
    facets: dict[str, dict[str, int]] = {}
    for name, column in (("kind", "kind"), ("country", "country"), ("status", "status")):
        rows = narrowed(without=name).exclude(**{column: ""}).values(column).annotate(n=Count("id")).order_by()
        facets[name] = {row[column]: row["n"] for row in rows}
    codes = [code for code, _name in FOCUS_AREAS]
    areas = narrowed(without="focus_area").aggregate(
        **{f"area{i}": Count("id", filter=Q(focus_areas__contains=f"|{code}|")) for i, code in enumerate(codes)}
    )
    facets["focus_area"] = {code: areas[f"area{i}"] for i, code in enumerate(codes) if areas[f"area{i}"]}
    return facets
