"""The data dictionary's column meanings in Bahasa Indonesia.

The meanings are the API schemas' field descriptions (English in the OpenAPI document and the data package);
the Indonesian data page translates them through the catalogue, with hub/opendata/meanings.py listing them
for `make messages`. A description added or changed in a schema fails here until it is listed and translated.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from hub.opendata import dictionary
from hub.opendata.meanings import MEANINGS
from tests.pages.helpers import text

pytestmark = pytest.mark.django_db


def shown_meanings(language: str) -> dict[tuple[str, str], str]:
    with translation.override(language):
        return {
            (dataset.name, entry.column.name): entry.meaning
            for dataset, entries in dictionary.dictionary()
            for entry in entries
        }


def test_every_meaning_the_dictionary_shows_has_an_indonesian_translation():
    """To fix a failure: add the new description to hub/opendata/meanings.py, run `make messages`, translate the
    new entry in locale/id/LC_MESSAGES/django.po and run `make messages` again."""
    english, indonesian = shown_meanings("en"), shown_meanings("id")
    assert english.keys() == indonesian.keys()
    assert len(english) > 200
    untranslated = sorted(
        f"{dataset}.{column}: {meaning}"
        for (dataset, column), meaning in english.items()
        if meaning and indonesian[(dataset, column)] == meaning
    )
    assert untranslated == []
    assert [key for key, meaning in english.items() if bool(meaning) != bool(indonesian[key])] == []


def test_the_meanings_module_lists_exactly_the_descriptions_the_dictionary_shows():
    """Every schema description is listed once for extraction, and none that no column has any more."""
    described = {entry.column.description for _, entries in dictionary.dictionary() for entry in entries}
    described.discard("")
    assert len(MEANINGS) == len(set(MEANINGS))
    assert sorted(described - set(MEANINGS)) == [], "add these to hub/opendata/meanings.py"
    assert sorted(set(MEANINGS) - described) == [], "no column has these any more: remove them"


def table(html: str, name: str) -> str:
    return re.search(rf'data-dataset="{re.escape(name)}">(.*?)</table>', html, re.S).group(1)


def meaning_of(html: str, dataset: str, column: str) -> str:
    row = re.search(
        rf'<th scope="row"><code>{re.escape(column)}</code></th>\s*<td>.*?</td>\s*<td>(.*?)</td>',
        table(html, dataset),
        re.S,
    )
    assert row, f"{dataset}.{column}"
    return row.group(1)


def test_the_indonesian_data_page_shows_the_meanings_in_indonesian(client):
    html = text(client.get("/data/", HTTP_ACCEPT_LANGUAGE="id"))
    assert meaning_of(html, "members", "country.code") == "Kode ISO 3166-1 alpha-2."
    assert meaning_of(html, "members", "is_demo") == "Data demonstrasi rekaan, tidak pernah nyata."
    assert meaning_of(html, "memberships", "effective_date") == "Hari pertama dari periode yang disebut `effective`."
    assert meaning_of(html, "projects", "start") == (
        "Setepat yang disebutkan sumbernya: 2020, 2020-01, atau 2020-01-15; null bila tidak diketahui."
    )
    assert meaning_of(html, "meetings", "end_date") == "Hari terakhir (termasuk)."
    assert meaning_of(html, "members", "slug") == "Nama pendek data di alamat web; tidak berubah."  # the glossary
    assert "ISO 3166-1 alpha-2 code." not in html
    assert "<code>country.code</code>" in html  # column names stay English


def test_the_english_page_api_and_data_package_keep_the_english_descriptions(client):
    html = text(client.get("/data/", HTTP_ACCEPT_LANGUAGE="en"))
    assert meaning_of(html, "members", "country.code") == "ISO 3166-1 alpha-2 code."
    assert meaning_of(html, "meetings", "end_date") == "Last day (inclusive)."
    spec = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="id").json()
    assert "Last day (inclusive)." in str(spec) and "Hari terakhir (termasuk)." not in str(spec)
    descriptor = client.get("/data/datapackage.json", HTTP_ACCEPT_LANGUAGE="id")
    assert descriptor.status_code == 200
    assert "ISO 3166-1 alpha-2 code." in descriptor.content.decode()
    assert "Kode ISO 3166-1 alpha-2." not in descriptor.content.decode()


def test_every_column_of_every_file_has_a_meaning():
    """A column without a schema description takes the glossary's meaning for its field name
    (hub/opendata/dictionary.py GLOSSARY); a new column with neither fails here."""
    without = sorted(
        f"{dataset}.{column}" for (dataset, column), meaning in shown_meanings("en").items() if not meaning
    )
    assert without == []
