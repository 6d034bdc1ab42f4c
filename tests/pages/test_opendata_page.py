"""The data page (/data/), its dictionary, the data package and the catalogue metadata."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from frictionless import validate

from hub.network import services
from hub.network.models import Member
from hub.opendata.datasets import datasets
from tests.pages.helpers import text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cached_package():
    cache.clear()
    yield
    cache.clear()


def unpack(data: bytes, into) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(into)
        return {
            name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8"))))
            for name in archive.namelist()
            if name.endswith(".csv")
        }


def test_the_data_package_validates_with_frictionless(client, tmp_path):
    response = client.get("/data/datapackage.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    tables = unpack(response.content, tmp_path)
    assert set(tables) == {f"data/{name}.csv" for name in datasets()}
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert descriptor["sources"] and descriptor["homepage"].endswith("/data/")
    assert len(tables["data/members.csv"]) > 38
    report = validate(str(tmp_path / "datapackage.json"))
    problems = [(task.name, [e.message for e in task.errors[:3]]) for task in report.tasks if not task.valid]
    assert report.valid, problems


def test_the_package_leaves_demo_rows_out(client, tmp_path):
    Member.objects.filter(slug="sumedang").update(is_demo=True)
    tables = unpack(client.get("/data/datapackage.zip").content, tmp_path)
    members = tables["data/members.csv"]
    slug = members[0].index("slug")
    assert "sumedang" not in [row[slug] for row in members[1:]]


def test_the_api_serves_the_same_package_and_it_is_cached_until_the_data_change(client, personas):
    first = client.get("/api/v1/datapackage")
    assert first.status_code == 200 and first["Content-Type"] == "application/zip"
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/data/datapackage.zip")
    assert len(queries) <= 2, "a cached package costs only the check of the data version"
    assert again.content == first.content
    services.update_member(
        actor=personas["secretariat"], member=Member.objects.get(slug="sumedang"), data={"website": "https://x.example"}
    )
    changed = client.get("/data/datapackage.zip")
    assert changed["Content-Disposition"] != first["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(changed.content)) as archive:
        assert "https://x.example" in archive.read("data/members.csv").decode()


def test_the_descriptor_alone_points_at_the_live_files(client):
    descriptor = client.get("/data/datapackage.json").json()
    paths = [r["path"] for r in descriptor["resources"]]
    assert paths[1] == "http://testserver/data/members.csv"


def test_the_dictionary_covers_every_column_of_every_file(client, tmp_path):
    html = text(client.get("/data/"))
    tables = unpack(client.get("/data/datapackage.zip").content, tmp_path)
    for name in datasets():
        match = re.search(rf'data-dataset="{re.escape(name)}">(.*?)</table>', html, re.S)
        assert match, name
        documented = re.findall(r'<th scope="row"><code>([^<]+)</code></th>', match.group(1))
        assert tables[f"data/{name}.csv"][0] == documented, name
    for name in datasets():  # the XLSX and JSON downloads carry the same columns
        header = next(csv.reader(io.StringIO(b"".join(client.get(f"/data/{name}.csv").streaming_content).decode())))
        assert header == tables[f"data/{name}.csv"][0]


def test_the_dictionary_says_what_columns_mean_with_types_and_allowed_values(client):
    html = text(client.get("/data/"))
    members = re.search(r'data-dataset="members">(.*?)</table>', html, re.S).group(1)
    assert "<code>country.code</code>" in members and "ISO 3166-1 alpha-2" in members
    assert "<code>city</code>" in members and "<code>regency</code>" in members  # the kinds a member may be
    assert "<code>joined_precision</code>" in members
    assert "day (YYYY-MM-DD)" in members  # joined_date


def test_the_data_page_has_licence_citation_and_schema_org_metadata(client):
    response = client.get("/data/")
    html = text(response)
    assert "CC BY 4.0" in html and "Natural Earth (public domain)" in html
    assert "ASEAN Smart Cities Network, ASCN Hub open data, version" in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    metadata = json.loads(block)
    assert metadata["@type"] == "Dataset" and metadata["license"].endswith("/licenses/by/4.0/")
    formats = {d["encodingFormat"] for d in metadata["distribution"]}
    assert {"text/csv", "application/json", "application/zip"} <= formats
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_the_data_page_and_dictionary_in_bahasa_indonesia(client):
    html = text(client.get("/data/", HTTP_ACCEPT_LANGUAGE="id"))
    for phrase in ("Data terbuka", "Kamus data", "Lisensi", "Cara mengutip", "Nilai yang diizinkan", "bilangan bulat"):
        assert phrase in html, phrase
    assert "<code>country.code</code>" in html  # column names stay English
    assert "Data dictionary" not in html


def test_the_openapi_description_links_to_the_data_page(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["externalDocs"]["url"] == "/data/"
    assert "(/data/)" in spec["info"]["description"]
    assert "/api/v1/datapackage" in spec["paths"]
