"""Reference labels in the reader's language: the one accessor behind every ``label`` of a reference row.

A reference row (a country, say) keeps its English name in ``name`` — the official record, what the API,
the change log and the CSV exports carry — and its name in another interface language in ``name_<code>``
(``name_id`` for Bahasa Indonesia). ``localized(obj)`` gives the one for the active language, falling back
to English where a row has none, so pages, charts, e-mails and PDFs rendered under ``translation.override``
all read the same thing. Fixed sets defined in code (focus areas, roles, statuses) are gettext msgids
instead: the catalogue in locale/ holds their words.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def active_language() -> str:
    """The active interface language's base code (``id`` for ``id-ID``), the default when none is active."""
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()


def localized(obj, field: str = "name", language: str | None = None) -> str:
    """``obj.<field>_<language>`` when the row has it and it is not empty, else ``obj.<field>`` (English)."""
    lang = language or active_language()
    if lang != settings.LANGUAGE_CODE:
        value = getattr(obj, f"{field}_{lang}", "")
        if value:
            return value
    return getattr(obj, field)


def pick(english: str, translations: dict[str, str]) -> str:
    """For rows read as plain values: ``translations[active language]`` when given and not empty, else English."""
    return translations.get(active_language()) or english


def by_label(rows) -> list:
    """Rows in the alphabetical order of their ``label`` in the active language (Filipina under F)."""
    return sorted(rows, key=lambda row: str(row.label).casefold())


def use_labels(form) -> None:
    """Choices of reference rows (countries, focus areas) in ``form`` read by their ``label``, not ``str()``
    (which stays English: the change log's)."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and isinstance(getattr(queryset.model, "label", None), property):
            field.label_from_instance = _label_of


def _label_of(obj) -> str:
    return str(obj.label)
