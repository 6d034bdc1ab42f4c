"""Document providers: how each app's records become search documents.

An app makes its records searchable by registering one ``DocumentProvider`` (in its AppConfig.ready, or
in hub/search/builtin.py): which model, how one record reads as a ``Doc``, and who may read the records
that are not public. The index follows every save and delete of the model (and of the related models the
provider names) inside the write's transaction; ``manage.py rebuildsearch`` reads ``queryset()`` again.

Registering the challenges register, for example (hub/exchange/apps.py, ``ready``)::

    from hub.search.providers import Doc, DocumentProvider, registry

    class ChallengeProvider(DocumentProvider):
        kind = "challenge"
        label = _("Challenges")
        model = Challenge                          # has Challenge.objects.visible_to(user)

        def queryset(self):
            return Challenge.objects.select_related("member__country").prefetch_related("focus_areas")

        def document(self, c):
            return Doc(title=c.title, body=c.text, language=c.language, country=c.member.country.code,
                       focus_areas=[f.code for f in c.focus_areas.all()], status=c.status,
                       member_id=c.member_id, url=c.get_absolute_url(), public=<True when everyone
                       may read it>, is_demo=c.is_demo)

    registry.register(ChallengeProvider(), m2m=[Challenge.focus_areas.through])

Records that are not ``public`` are shown to a reader only if ``visible_ids(user, ids)`` keeps them; by
default that is ``model.objects.visible_to(user)``, the app's own rule, so search never has a second one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class Doc:
    title: str
    body: str
    url: str
    language: str = "en"
    country: str = ""  # ISO 3166-1 alpha-2 of the member's country
    focus_areas: Iterable[str] = ()  # FocusArea codes
    status: str = ""
    member_id: int | None = None
    public: bool = True
    is_demo: bool = False
    extra_terms: str = field(default="")  # names and words to find it by that are not in the body


class DocumentProvider:
    kind: str = ""
    label = ""  # plural, translatable: the heading of the group on the results page
    model: type[models.Model]

    def queryset(self) -> models.QuerySet:
        """Every record to index (with what ``document`` reads), for ``rebuildsearch``."""
        return self.model._default_manager.all()

    def document(self, obj) -> Doc | None:
        """The record as a search document; None keeps it out of the index."""
        raise NotImplementedError

    def visible_ids(self, user, ids: Iterable[int]) -> set[int]:
        """Which of these non-public records ``user`` may read (the app's own visibility rule)."""
        return set(self.model._default_manager.visible_to(user).filter(pk__in=list(ids)).values_list("pk", flat=True))


@dataclass
class _Entry:
    provider: DocumentProvider
    m2m: list[type[models.Model]]
    related: dict[type[models.Model], Callable[[models.Model], Iterable[models.Model]]]


class Registry:
    def __init__(self):
        self._entries: dict[str, _Entry] = {}

    def register(
        self,
        provider: DocumentProvider,
        *,
        m2m: Iterable[type[models.Model]] = (),
        related: dict[type[models.Model], Callable[[models.Model], Iterable[models.Model]]] | None = None,
    ) -> DocumentProvider:
        """Index ``provider.model``; ``m2m``: through models whose changes reindex the record; ``related``:
        other models whose save or delete reindexes the records the function returns for the instance."""
        from hub.search import signals

        if provider.kind in self._entries:
            raise ValueError(f"a search provider for {provider.kind!r} is already registered")
        entry = _Entry(provider, list(m2m), dict(related or {}))
        self._entries[provider.kind] = entry
        signals.connect(entry)
        return provider

    def get(self, kind: str) -> DocumentProvider | None:
        entry = self._entries.get(kind)
        return entry.provider if entry else None

    def for_model(self, model: type[models.Model]) -> DocumentProvider | None:
        for entry in self._entries.values():
            if entry.provider.model is model:
                return entry.provider
        return None

    def kinds(self) -> list[str]:
        return list(self._entries)

    def providers(self) -> list[DocumentProvider]:
        return [entry.provider for entry in self._entries.values()]


registry = Registry()
