"""Smart City Action Plans: the 26 pilot cities' SCAPs of 2018 loaded as reference data, shown on the member
page and served by the API; a member's officers (and the Secretariat) write and update the plan and its
targets, logged, with ETag / If-Match; members without a plan say so."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from hub.core.models import ChangeEntry
from hub.network.models import Member
from hub.plans.models import ActionPlan, StrategicTarget
from tests.personas import make_user

pytestmark = pytest.mark.django_db


def member_id(slug: str) -> int:
    return Member.objects.get(slug=slug).pk


def test_the_26_pilot_cities_have_their_plan_and_later_members_have_none(client):
    body = client.get("/api/v1/action-plans", {"limit": 100}).json()
    assert body["count"] == 26
    battambang = client.get(f"/api/v1/members/{member_id('battambang')}/action-plan")
    assert battambang.status_code == 200 and battambang["ETag"]
    plan = battambang.json()
    assert plan["vision"].startswith("To achieve a socially responsible, environmentally friendly")
    assert plan["focus_areas"] == ["civic-social", "quality-environment", "built-infrastructure"]
    assert plan["as_of"] == "2018-07-08"
    asphalt = plan["targets"][-1]
    assert asphalt["text"].startswith("The total asphalted road in the city be increased from 17% in 2016")
    assert (asphalt["value"], asphalt["unit"], asphalt["year"]) == ("40.0000", "%", 2025) or (
        float(asphalt["value"]),
        asphalt["unit"],
        asphalt["year"],
    ) == (40.0, "%", 2025)
    assert [p["title"] for p in plan["priority_projects"]] == [
        "Urban Street and Public Space Management",
        "Solid and Liquid Waste Management",
    ]
    missing = client.get(f"/api/v1/members/{member_id('sumedang')}/action-plan")
    assert missing.status_code == 404
    assert "No Smart City Action Plan" in missing.json()["detail"]


def test_the_member_page_and_the_plan_page_show_it(client):
    html = client.get("/members/makassar/").content.decode()
    assert "Smart City Action Plan" in html and "/members/makassar/action-plan/" in html
    page = client.get("/members/makassar/action-plan/").content.decode()
    assert "Improved Health Care" in page and "Integration of Online Tax Services" in page
    assert "Text as of 2018-07-08." in page
    assert "not changed in the hub since it was loaded from its source" in page
    none = client.get("/members/sumedang/action-plan/").content.decode()
    assert "No Smart City Action Plan is recorded for this member." in none


def test_an_officer_writes_the_plan_of_a_member_without_one_and_updates_it_with_if_match():
    officer = make_user("plan@sumedang.example", "gov-sumedang")
    client = Client()
    client.force_login(officer)
    sumedang = member_id("sumedang")
    url = f"/api/v1/members/{sumedang}/action-plan"
    token = client.get("/api/v1/me")  # a session write needs its CSRF token
    assert token.status_code == 200
    from hub.accounts.tokens import create_token

    _, secret = create_token(user=officer, name="plans", can_write=True)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    created = api.put(
        url, {"vision": "A smart regency", "focus_areas": ["civic-social"]}, content_type="application/json"
    )
    assert created.status_code == 200, created.content
    etag = created["ETag"]
    stale = api.put(url, {"vision": "Older"}, content_type="application/json", HTTP_IF_MATCH=etag.replace("-v1", "-v0"))
    assert stale.status_code == 412
    updated = api.put(url, {"vision": "A smarter regency"}, content_type="application/json", HTTP_IF_MATCH=etag)
    assert updated.status_code == 200 and updated.json()["vision"] == "A smarter regency"
    bad = api.post(f"{url}/targets", {"text": "Half online", "value": 50}, content_type="application/json")
    assert bad.status_code == 422 and "unit" in str(bad.json())
    target = api.post(
        f"{url}/targets",
        {"text": "Half of services online", "value": 50, "unit": "%", "year": 2027},
        content_type="application/json",
    )
    assert target.status_code == 201, target.content
    plan = ActionPlan.objects.get(member_id=sumedang)
    assert plan.targets.count() == 1
    assert ChangeEntry.objects.for_object(plan).filter(actor=officer).count() == 2


def test_someone_else_may_not_write_a_members_plan():
    from hub.accounts.tokens import create_token

    outsider = make_user("other@bangkok.example", "gov-bangkok")
    _, secret = create_token(user=outsider, name="plans", can_write=True)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = api.put(
        f"/api/v1/members/{member_id('makassar')}/action-plan", {"vision": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert ActionPlan.objects.get(member__slug="makassar").vision.startswith("Makassar city is at the center")


def test_officers_edit_the_plan_and_a_target_in_the_pages(client):
    officer = make_user("plan@makassar.example", "gov-makassar")
    client.force_login(officer)
    plan = ActionPlan.objects.get(member__slug="makassar")
    form = client.get("/members/makassar/action-plan/edit/")
    assert form.status_code == 200
    response = client.post(
        "/members/makassar/action-plan/edit/",
        {"title": plan.title, "vision": "", "focus_areas": ["health-well-being"], "version": plan.version},
    )
    assert response.status_code == 400  # the vision is required; nothing written
    assert ActionPlan.objects.get(pk=plan.pk).version == plan.version
    response = client.post(
        "/members/makassar/action-plan/edit/",
        {
            "title": plan.title,
            "vision": "Makassar, a liveable world city",
            "focus_areas": ["health-well-being"],
            "version": plan.version,
        },
    )
    assert response.status_code == 302
    target = plan.targets.first()
    response = client.post(
        f"/members/makassar/action-plan/targets/{target.pk}/edit/",
        {"text": target.text, "value": "80", "unit": "%", "year": "2025", "version": target.version},
    )
    assert response.status_code == 302
    assert StrategicTarget.objects.get(pk=target.pk).unit == "%"
    page = client.get("/members/makassar/action-plan/").content.decode()
    assert "A living document: last changed on " in page and "Makassar, a liveable world city" in page
    assert client.get("/members/bangkok/action-plan/edit/").status_code == 403


def test_the_loader_keeps_a_plan_edited_in_the_hub_and_reloads_without_change(personas):
    from hub.plans import services

    plan = ActionPlan.objects.get(member__slug="da-nang")
    services.save_plan(actor=personas["secretariat"], member=plan.member, data={"vision": "Edited in the hub"})
    out = io.StringIO()
    call_command("loadreference", stdout=out, stderr=io.StringIO())
    assert "action_plans.yaml: 0 created, 0 updated, 25 unchanged, 1 kept" in out.getvalue()
    assert ActionPlan.objects.get(pk=plan.pk).vision == "Edited in the hub"


def test_the_loader_refuses_an_unknown_member_with_its_line(tmp_path):
    import shutil

    from django.conf import settings
    from django.core.management import CommandError

    data = tmp_path / "data"
    shutil.copytree(settings.REFERENCE_DATA_DIR, data, ignore=shutil.ignore_patterns("geo", "*.md"))
    path = data / "action_plans.yaml"
    text = path.read_text(encoding="utf-8")
    index = text.index("  member: yangon")
    line = text[:index].count("\n") + 1
    path.write_text(text.replace("  member: yangon", "  member: atlantis", 1), encoding="utf-8")
    before = ActionPlan.objects.count(), StrategicTarget.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(data), stdout=io.StringIO(), stderr=err)
    assert f"action_plans.yaml:{line}: 'member': no member with key 'atlantis'" in err.getvalue()
    assert (ActionPlan.objects.count(), StrategicTarget.objects.count()) == before


def test_the_plans_list_and_a_plan_page_cost_the_same_queries_whatever_their_size(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts, sizes = {}, {}
    for limit in (100, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/action-plans", {"limit": limit})
        counts[limit], sizes[limit] = len(queries), len(response.json()["items"])
    # a count, a page of plans, their targets and their priority projects
    assert sizes == {100: 26, 3: 3} and counts[100] == counts[3] <= 4
    pages = {}
    for slug in ("bangkok", "kuala-lumpur"):  # 1 and 10 targets
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/members/{slug}/action-plan/").status_code == 200
        pages[slug] = len(queries)
    assert pages["bangkok"] == pages["kuala-lumpur"]
