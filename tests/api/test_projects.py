"""The projects API: list and filters, detail with indicators, writes with rights, ETags and constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.core.models import ChangeEntry
from hub.network.models import Member
from hub.projects.models import Indicator, IndicatorValue, Project

pytestmark = pytest.mark.django_db

URL = "/api/v1/projects"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


def as_user(client, user):
    if user is not None:
        client.force_login(user)
    return client


def post(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", **headers)


def patch(client, url, body, **headers):
    return client.patch(url, body, content_type="application/json", **headers)


def new_project(member="sumedang", **extra):
    return {"member": member, "title": "Smart street lighting", "focus_areas": ["quality-environment"], **extra}


# --- reading -------------------------------------------------------------------------------------------


def test_the_list_has_the_reference_projects_with_member_and_focus_areas(client):
    # The 142 distinct projects of the M&E reports 2022–2025 (four of them merged into the catalogue's own
    # records) and the two programmes the reports do not list (Homestay Naik Kelas, WA KEPO).
    assert client.get(URL).json()["count"] == 144
    body = client.get(URL, {"country": "ID", "limit": 100}).json()
    assert body["count"] == 22  # Banyuwangi 7, DKI Jakarta 6, Makassar 5, Sumedang 4
    by_slug = {item["slug"]: item for item in body["items"]}
    assert {"jaki", "homestay-naik-kelas", "homecare-dottorota", "wa-kepo", "smart-kampung", "lorong-wisata"} <= set(
        by_slug
    )
    wa_kepo = by_slug["wa-kepo"]
    assert wa_kepo["title"] == "WA KEPO"
    assert wa_kepo["member"]["slug"] == "sumedang"
    assert wa_kepo["member"]["country"] == {"code": "ID", "name": "Indonesia"}
    assert wa_kepo["focus_areas"] == [{"code": "civic-social", "name": "Civic & Social"}]
    assert wa_kepo["status"] == "ongoing"
    assert wa_kepo["start"] == "2021-07-15" and wa_kepo["start_precision"] == "day"
    assert by_slug["jaki"]["start"] == "2020-01" and by_slug["jaki"]["start_precision"] == "month"
    assert by_slug["homestay-naik-kelas"]["start"] is None
    assert wa_kepo["url"].endswith("/projects/wa-kepo/")
    assert wa_kepo["provenance"]["confidence"] == "high"
    assert any("ruber.id" in s for s in wa_kepo["provenance"]["sources"])
    assert by_slug["lorong-wisata"]["provenance"]["confidence"] == "medium"
    assert by_slug["lorong-wisata"]["focus_areas"] == [{"code": "civic-social", "name": "Civic & Social"}]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"member": "makassar"},
            {
                "homecare-dottorota",
                "lorong-wisata",
                "makassar-smart-e-tax",
                "makassar-virtual-economic-centre",
                "makassar-incubator-centre",
            },
        ),
        (
            {"country": "id", "focus_area": "health-well-being"},
            {
                "homecare-dottorota",
                "banyuwangi-caring-for-stunting",
                "dki-jakarta-corona-website",
                "sumedang-jatinangor-city-of-knowledge",
                "sumedang-integrated-stunting-intervention",
            },
        ),
        ({"country": "TL"}, set()),
        ({"focus_area": "civic-social", "member": "dki-jakarta"}, {"jaki", "dki-jakarta-smart-city-goes-to-school"}),
        ({"focus_area": "health-well-being", "member": "makassar"}, {"homecare-dottorota"}),
        (
            {"status": "ongoing", "member": "banyuwangi"},
            {
                "homestay-naik-kelas",
                "smart-kampung",
                "banyuwangi-spearing-industrial-growth-through-education",
                "banyuwangi-caring-for-stunting",
                "banyuwangi-sustainable-waste-management",
                "banyuwangi-digital-public-service-mall",
            },
        ),
        (
            {"status": "completed", "country": "SG"},
            {"singapore-e-payments", "singapore-national-digital-identity", "singapore-smart-nation-1-0-initiatives"},
        ),
        ({"q": "whatsapp"}, {"wa-kepo", "jaki"}),  # JAKI's CRM takes WhatsApp complaints too
        ({"q": "Pelayanan"}, {"wa-kepo"}),  # Indonesian, in the local title
        ({"q": "dottorota"}, {"homecare-dottorota"}),  # a spelling variant in the description
        ({"q": "puskesmas"}, {"homecare-dottorota"}),
        ({"language": "en", "member": "dki-jakarta", "q": "jakarta kini"}, {"jaki"}),
        ({"language": "id"}, set()),
    ],
)
def test_filters(client, params, expected):
    assert set(slugs(client.get(URL, params))) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [({"status": "finished"}, "status"), ({"language": "xx"}, "language"), ({"country": "IDN"}, "country")],
)
def test_bad_filters_are_a_422_naming_the_field(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])


def test_detail_has_indicators_with_values_and_sources_and_an_etag(client):
    project = Project.objects.get(slug="homecare-dottorota")
    response = client.get(f"{URL}/{project.pk}")
    assert response.status_code == 200
    assert response["ETag"] == f'"project-{project.pk}-v{project.version}"'
    body = response.json()
    assert body["links"] == [{"url": "https://www.dottoro-ta.com/", "label": "Dottorota app and website"}]
    indicators = {i["name"]: i for i in body["indicators"]}
    patients = indicators["Patients served"]
    assert [(v["period"], v["value"]) for v in patients["values"]] == [
        ("2016", 4685),
        ("2019", 5181),
        ("2020", 4253),
        ("2021", 3505),
        ("2022-01/2022-06", 1935),
    ]
    assert patients["values"][-1]["period_start"] == "2022-01-01"
    assert patients["values"][-1]["period_end"] == "2022-06-30"
    assert patients["values"][0]["provenance"]["sources"] == [
        "https://makassarkota.go.id/home-care-inovasi-program-dottoro-ta"
    ]
    users = indicators["Users"]
    assert [(v["period"], v["value"]) for v in users["values"]] == [("2023", 5321), ("2024-01/2024-06", 2535)]
    assert "lintascelebes.com" in users["values"][0]["provenance"]["sources"][0]


def test_an_undated_figure_has_no_dates_only_bounds_and_a_note(client):
    project = Project.objects.get(slug="homestay-naik-kelas")
    indicators = {i["name"]: i for i in client.get(f"{URL}/{project.pk}").json()["indicators"]}
    upgraded = indicators["Homestays upgraded"]
    assert upgraded["target"] == 1000
    (value,) = upgraded["values"]
    assert value["value"] == 64 and value["undated"] is True
    assert value["period_start"] is None and value["period_end"] is None
    assert value["bounds"] == ["2022-12-01", "2024-10-31"]
    assert value["period"].startswith("undated")
    assert "684" in value["note"] and "no date" in value["note"]
    registered = indicators["Homestays registered"]["values"]
    assert [(v["period"], v["value"], v["undated"]) for v in registered] == [("2022-12", 264, False)]


def test_jaki_complaint_handling_figures(client):
    response = client.get("/api/v1/indicators", {"project_slug": "jaki"})
    assert response.status_code == 200
    values = {i["name"]: [(v["period"], v["value"]) for v in i["values"]] for i in response.json()["items"]}
    assert values["CRM complaints followed up (cumulative)"] == [("2017/2023-02", 944026)]
    assert values["Share of complaints arriving via JAKI"] == [("2025", 91)]
    assert values["Illegal-parking reports"] == [("2022", 7899)]
    assert values["Illegal-parking reports resolved"] == [("2022", 100)]


def test_indicators_by_project_id_and_unknown_ids(client):
    project = Project.objects.get(slug="homecare-dottorota")
    response = client.get("/api/v1/indicators", {"project": project.pk})
    assert {i["name"] for i in response.json()["items"]} == {"Patients served", "Users"}
    assert client.get(f"{URL}/999999").status_code == 404
    assert client.get("/api/v1/indicators/999999").status_code == 404
    assert client.get("/api/v1/focus-areas").json()[0] == {
        "code": "civic-social",
        "name": "Civic & Social",
        "position": 1,
    }


def test_list_query_counts_do_not_grow_with_the_page(client, django_assert_max_num_queries):
    Project.objects.filter(slug="jaki").get().focus_areas.add(
        *Project.objects.get(slug="lorong-wisata").focus_areas.all()
    )
    for url in (URL, "/api/v1/indicators"):
        counts = {}
        for limit in (500, 2):
            with django_assert_max_num_queries(4), CaptureQueriesContext(connection) as queries:
                response = client.get(url, {"limit": limit})
            assert response.status_code == 200
            assert len(response.json()["items"]) == min(limit, response.json()["count"])
            counts[limit] = len(queries)
        assert counts[500] == counts[2], url


def test_detail_query_count_is_constant(client, django_assert_max_num_queries):
    project = Project.objects.get(slug="jaki")
    with django_assert_max_num_queries(6):
        assert client.get(f"{URL}/{project.pk}").status_code == 200


# --- writing: rights ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "member", "status"),
    [
        ("sumedang_officer", "sumedang", 201),
        ("sumedang_officer", "bangkok", 403),
        ("indonesia_nr", "banyuwangi", 201),
        ("indonesia_nr", "sumedang", 201),
        ("indonesia_nr", "bangkok", 403),
        ("thailand_nr", "bangkok", 201),
        ("thailand_nr", "sumedang", 403),
        ("bangkok_officer", "bangkok", 201),
        ("secretariat", "dili", 201),
        ("partner", "sumedang", 403),
    ],
)
def test_who_may_create_a_project_for_whom(client, personas, persona, member, status):
    before = Project.objects.count()
    response = post(as_user(client, personas[persona]), URL, new_project(member))
    assert response.status_code == status, response.content
    assert Project.objects.count() == before + (1 if status == 201 else 0)


def test_anonymous_cannot_write(client):
    project = Project.objects.get(slug="wa-kepo")
    assert post(client, URL, new_project()).status_code == 401
    assert patch(client, f"{URL}/{project.pk}", {"status": "completed"}).status_code == 401
    assert Project.objects.get(pk=project.pk).status == "ongoing"


def test_create_answers_the_project_with_location_etag_and_logs(client, personas):
    officer = personas["sumedang_officer"]
    body = new_project(
        start="2024-06",
        focus_areas=["quality-environment", "built-infrastructure"],
        links=[{"url": "https://sumedangkab.go.id", "label": "Regency"}],
        sources=["https://sumedangkab.go.id"],
        local_title="Penerangan jalan cerdas",
        language="id",
        sdgs=[11, 7],
    )
    response = post(as_user(client, officer), URL, body)
    assert response.status_code == 201, response.content
    data = response.json()
    project = Project.objects.get(pk=data["id"])
    assert data["slug"] == "smart-street-lighting"
    assert response["Location"] == f"/api/v1/projects/{project.pk}"
    assert response["ETag"] == f'"project-{project.pk}-v{project.version}"'
    assert data["start"] == "2024-06" and data["start_precision"] == "month"
    assert [fa["code"] for fa in data["focus_areas"]] == ["quality-environment", "built-infrastructure"]
    assert data["indicators"] == []
    entries = ChangeEntry.objects.for_object(project)
    assert entries.filter(action="create", actor=officer, via="api").exists()
    assert entries.filter(action="update", changes__has_key="focus_areas").exists() or any(
        "focus_areas" in e.changes for e in entries
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"focus_areas": []}, "focus_areas"),
        ({"focus_areas": ["smart-everything"]}, "focus_areas"),
        ({"start": "2024-13"}, "start"),
        ({"start": "2024", "end": "2023"}, "end"),
        ({"member": "atlantis"}, "member"),
        ({"status": "paused"}, "status"),
        ({"links": [{"url": "not a url"}]}, "links"),
        ({"sdgs": [18]}, "sdgs"),
        ({"title": ""}, "title"),
        ({"colour": "green"}, "colour"),
        ({"slug": "new"}, "slug"),
    ],
)
def test_bad_input_is_a_422_naming_the_field_and_writes_nothing(client, personas, body, field):
    before, entries = Project.objects.count(), ChangeEntry.objects.count()
    response = post(as_user(client, personas["secretariat"]), URL, {**new_project(), **body})
    assert response.status_code == 422, response.content
    locs = [error["loc"] for error in response.json()["detail"]]
    assert any(field in loc for loc in locs), locs
    assert Project.objects.count() == before
    assert ChangeEntry.objects.count() == entries


def test_patch_changes_only_the_fields_sent_and_raises_the_version(client, personas):
    project = Project.objects.get(slug="wa-kepo")
    client = as_user(client, personas["sumedang_officer"])
    etag = client.get(f"{URL}/{project.pk}")["ETag"]
    response = patch(
        client,
        f"{URL}/{project.pk}",
        {"summary": "New summary.", "focus_areas": ["civic-social", "safety-security"]},
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["summary"] == "New summary."
    assert data["title"] == "WA KEPO"
    assert [fa["code"] for fa in data["focus_areas"]] == ["civic-social", "safety-security"]
    assert data["version"] == project.version + 1
    assert response["ETag"] != etag


def test_patch_of_focus_areas_alone_raises_the_version_and_is_logged(client, personas):
    project = Project.objects.get(slug="wa-kepo")
    client = as_user(client, personas["indonesia_nr"])
    response = patch(client, f"{URL}/{project.pk}", {"focus_areas": ["industry-innovation"]})
    assert response.status_code == 200
    assert response.json()["version"] == project.version + 1
    entry = ChangeEntry.objects.for_object(project).first()
    assert entry.changes["focus_areas"] == [["civic-social"], ["industry-innovation"]]


def test_stale_if_match_is_a_412_and_changes_nothing(client, personas):
    project = Project.objects.get(slug="wa-kepo")
    client = as_user(client, personas["sumedang_officer"])
    etag = client.get(f"{URL}/{project.pk}")["ETag"]
    assert patch(client, f"{URL}/{project.pk}", {"status": "completed"}, HTTP_IF_MATCH=etag).status_code == 200
    response = patch(client, f"{URL}/{project.pk}", {"status": "discontinued"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert "changed by someone else" in response.json()["detail"]
    assert Project.objects.get(pk=project.pk).status == "completed"
    assert (
        patch(client, f"{URL}/{project.pk}", {"status": "ongoing"}, HTTP_IF_MATCH='"project-1-vX"').status_code == 400
    )


def test_patch_rights(client, personas):
    wa_kepo = Project.objects.get(slug="wa-kepo")
    assert (
        patch(as_user(client, personas["bangkok_officer"]), f"{URL}/{wa_kepo.pk}", {"summary": "x"}).status_code == 403
    )
    client.logout()
    assert patch(as_user(client, personas["partner"]), f"{URL}/{wa_kepo.pk}", {"summary": "x"}).status_code == 403
    client.logout()
    assert patch(as_user(client, personas["thailand_nr"]), f"{URL}/{wa_kepo.pk}", {"summary": "x"}).status_code == 403
    assert Project.objects.get(pk=wa_kepo.pk).summary == wa_kepo.summary


def test_an_officer_cannot_move_a_project_to_another_member(client, personas):
    wa_kepo = Project.objects.get(slug="wa-kepo")
    client = as_user(client, personas["sumedang_officer"])
    assert patch(client, f"{URL}/{wa_kepo.pk}", {"member": "bangkok"}).status_code == 403
    client.logout()
    nr = as_user(client, personas["indonesia_nr"])
    response = patch(nr, f"{URL}/{wa_kepo.pk}", {"member": "banyuwangi"})
    assert response.status_code == 200
    assert Project.objects.get(pk=wa_kepo.pk).member == Member.objects.get(slug="banyuwangi")


# --- indicators and values ------------------------------------------------------------------------------


def test_indicator_and_value_writes(client, personas):
    project = Project.objects.get(slug="wa-kepo")
    client = as_user(client, personas["sumedang_officer"])
    response = post(client, "/api/v1/indicators", {"project": "wa-kepo", "name": "Portals", "unit": "portals"})
    assert response.status_code == 201, response.content
    indicator_id = response.json()["id"]
    response = post(
        client,
        f"/api/v1/indicators/{indicator_id}/values",
        {"period": "2021-07", "value": 15, "sources": ["https://ruber.id/?p=54754"]},
    )
    assert response.status_code == 201, response.content
    value = IndicatorValue.objects.get(pk=response.json()["id"])
    assert value.reported_by == personas["sumedang_officer"]
    assert value.period_label == "2021-07"
    response = post(client, f"/api/v1/indicators/{indicator_id}/values", {"period": "2022/2022-13", "value": 16})
    assert response.status_code == 422
    assert any("period" in e["loc"] for e in response.json()["detail"])
    etag = response_etag = client.get(f"/api/v1/indicators/{indicator_id}")["ETag"]
    assert response_etag.startswith(f'"indicator-{indicator_id}-v')
    response = patch(
        client, f"/api/v1/indicators/{indicator_id}", {"target": 20, "target_period": "2025"}, HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200 and response.json()["target"] == 20
    assert patch(client, f"/api/v1/indicators/{indicator_id}", {"unit": "x"}, HTTP_IF_MATCH=etag).status_code == 412
    response = patch(client, f"/api/v1/indicator-values/{value.pk}", {"value": 16, "period": "2022"})
    assert response.status_code == 200 and response.json()["value"] == 16 and response.json()["period"] == "2022"
    # Others may not touch them.
    client.logout()
    other = as_user(client, personas["bangkok_officer"])
    assert post(other, f"/api/v1/indicators/{indicator_id}/values", {"period": "2023", "value": 1}).status_code == 403
    assert other.delete(f"/api/v1/indicator-values/{value.pk}").status_code == 403
    assert other.delete(f"/api/v1/indicators/{indicator_id}").status_code == 403
    client.logout()
    officer = as_user(client, personas["sumedang_officer"])
    assert officer.delete(f"/api/v1/indicators/{indicator_id}").status_code == 204
    assert not Indicator.objects.filter(pk=indicator_id).exists()
    deletions = ChangeEntry.objects.filter(action="delete", via="api")
    assert deletions.filter(object_repr__startswith="Portals").count() == 2  # the indicator and its value
    assert project.indicators.count() == 0


def test_duplicate_indicator_name_is_a_422(client, personas):
    client = as_user(client, personas["secretariat"])
    response = post(client, "/api/v1/indicators", {"project": "homecare-dottorota", "name": "Users", "unit": "users"})
    assert response.status_code == 422
