"""Writing the search index: one document per record, replaced on every save (hub.search.signals)."""

from __future__ import annotations

from django.db import transaction

from hub.search.analysis import document_terms
from hub.search.lexicon import bilingual_terms
from hub.search.models import SearchDocument
from hub.search.providers import Doc, DocumentProvider, registry

BODY_LIMIT = 20_000  # characters kept for snippets; longer texts are indexed in full but shown cut


def index_terms(text: str, language: str) -> str:
    """Terms the full-text index holds: stems in the text's language, plus the English terms of Indonesian
    sentences (hub.search.lexicon), so that an English query finds an Indonesian record."""
    if (language or "en")[:2] in ("en", "id"):
        terms = bilingual_terms(text)
    else:
        terms = document_terms(text, language)
    return " ".join(terms)


def _values(doc: Doc) -> dict:
    areas = [code for code in doc.focus_areas if code]
    return {
        "title": doc.title[:300],
        "body": doc.body[:BODY_LIMIT],
        "title_terms": index_terms(doc.title, doc.language),
        "terms": index_terms(f"{doc.body}\n{doc.extra_terms}", doc.language),
        "language": (doc.language or "")[:8],
        "country": (doc.country or "")[:2],
        "focus_areas": f"|{'|'.join(areas)}|" if areas else "",
        "status": (doc.status or "")[:20],
        "member_id": doc.member_id,
        "url": doc.url[:300],
        "public": doc.public,
        "is_demo": doc.is_demo,
    }


def index_object(provider: DocumentProvider, obj) -> None:
    doc = provider.document(obj)
    if doc is None:
        remove_object(provider.kind, obj.pk)
        return
    SearchDocument.objects.update_or_create(kind=provider.kind, object_id=obj.pk, defaults=_values(doc))


def index_many(provider: DocumentProvider, pks: list, *, batch: int = 500) -> None:
    """index_object for many records at once (bulk writes): their documents replaced in a few queries."""
    for start in range(0, len(pks), batch):
        part = pks[start : start + batch]
        SearchDocument.objects.filter(kind=provider.kind, object_id__in=part).delete()
        rows = []
        for obj in provider.queryset().filter(pk__in=part):
            doc = provider.document(obj)
            if doc is not None:
                rows.append(SearchDocument(kind=provider.kind, object_id=obj.pk, **_values(doc)))
        SearchDocument.objects.bulk_create(rows)


def reindex_pk(provider: DocumentProvider, pk) -> None:
    obj = provider.queryset().filter(pk=pk).first()
    if obj is None:
        remove_object(provider.kind, pk)
    else:
        index_object(provider, obj)


def remove_object(kind: str, pk) -> None:
    SearchDocument.objects.filter(kind=kind, object_id=pk).delete()


def rebuild(kinds: list[str] | None = None, *, batch: int = 500) -> dict[str, int]:
    """Recreate the documents of ``kinds`` (all by default) from the records, in one transaction."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        for provider in registry.providers():
            if kinds and provider.kind not in kinds:
                continue
            SearchDocument.objects.filter(kind=provider.kind).delete()
            rows = []
            for obj in provider.queryset().iterator(chunk_size=batch):
                doc = provider.document(obj)
                if doc is not None:
                    rows.append(SearchDocument(kind=provider.kind, object_id=obj.pk, **_values(doc)))
                if len(rows) >= batch:
                    SearchDocument.objects.bulk_create(rows)
                    counts[provider.kind] = counts.get(provider.kind, 0) + len(rows)
                    rows = []
            SearchDocument.objects.bulk_create(rows)
            counts[provider.kind] = counts.get(provider.kind, 0) + len(rows)
    return counts
