"""The partnerships pages: the opportunity chain through the pages (draft, bad input, submit, the NR
publishes), what a partner may see, the investment page and the downloads; and constant query counts
of the lists, page and API."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.network.models import Member
from hub.partnerships import services
from hub.partnerships.models_opportunities import Opportunity
from tests.pages.helpers import text
from tests.partnerships_factories import OPPORTUNITY, make_opportunity, make_partnership

pytestmark = pytest.mark.django_db


def test_an_opportunity_through_the_pages(client, personas, django_capture_on_commit_callbacks):
    officer, nr, partner = personas["sumedang_officer"], personas["indonesia_nr"], personas["partner"]
    client.force_login(officer)
    form = {**OPPORTUNITY, "project": "wa-kepo", "readiness": ["studies"]}
    bad = client.post("/partnerships/opportunities/new/", {**form, "amount": "-10", "currency": "IDR"})
    assert bad.status_code == 400
    assert "An amount cannot be negative." in text(bad)
    assert not Opportunity.objects.exists()
    # The amount's problems are in the reader's language too (they were English on Indonesian pages).
    bad = client.post(
        "/partnerships/opportunities/new/", {**form, "amount": "ten", "currency": "IDR"}, HTTP_ACCEPT_LANGUAGE="id"
    )
    assert "&#x27;ten&#x27; bukan angka." in text(bad)
    bad = client.post(
        "/partnerships/opportunities/new/", {**form, "amount": "1.234", "currency": "IDR"}, HTTP_ACCEPT_LANGUAGE="id"
    )
    assert "Tulis jumlah paling rinci sampai sen" in text(bad)
    response = client.post("/partnerships/opportunities/new/", form)
    assert response.status_code == 302
    opportunity = Opportunity.objects.get()
    page = client.get(opportunity.get_absolute_url())
    assert "Submit to the National Representative" in text(page)

    client.force_login(partner)
    assert client.get(opportunity.get_absolute_url()).status_code == 404
    assert opportunity.title not in text(client.get("/partnerships/opportunities/"))

    client.force_login(officer)
    client.post(f"/partnerships/opportunities/{opportunity.slug}/step/submit/", {"version": opportunity.version})
    opportunity.refresh_from_db()
    assert opportunity.state == "submitted"
    client.force_login(nr)
    returned = client.post(f"/partnerships/opportunities/{opportunity.slug}/step/return/", {"comment": ""})
    assert returned.status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.state == "submitted"  # a return needs a comment: nothing changed
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/partnerships/opportunities/{opportunity.slug}/step/publish/", {"version": opportunity.version})
    opportunity.refresh_from_db()
    assert opportunity.state == "published"

    client.force_login(partner)
    listing = text(client.get("/partnerships/opportunities/?country=ID&stage=feasibility"))
    assert opportunity.title in listing
    assert "Express interest" in text(client.get(opportunity.get_absolute_url()))
    assert opportunity.title not in text(client.get("/partnerships/opportunities/?stage=concept"))
    bad_filter = client.get("/partnerships/opportunities/?min_usd=-5")
    assert bad_filter.status_code == 400


def test_a_partner_writing_to_a_closed_opportunity_gets_a_field_message(client, personas):
    opportunity = make_opportunity(personas["sumedang_officer"], state="closed", nr=personas["indonesia_nr"])
    client.force_login(personas["partner"])
    response = client.post(f"/partnerships/opportunities/{opportunity.slug}/interest/", {"message": "Hello"})
    assert response.status_code == 400
    assert "interest can be expressed only in a published one" in text(response)
    assert not opportunity.interests.exists()


def test_downloads_neutralise_formulas_and_keep_decimals(client, personas):
    secretariat = personas["secretariat"]
    partnership = make_partnership(
        secretariat, title='=HYPERLINK("http://evil")', members=[Member.objects.get(slug="sumedang")]
    )
    services.record_financing(
        actor=secretariat,
        parent=partnership,
        data={
            "stage": "committed",
            "instrument": "grant",
            "amount": "1234.56",
            "currency": "USD",
            "on_date": "2025-01-02",
            "evidence": "letter",
        },
    )
    body = client.get("/partnerships/export/partnerships.csv").content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    row = next(r for r in rows if "HYPERLINK" in r[1])
    assert row[1].startswith("'=")
    assert row[rows[0].index("committed_usd")] == "1234.56"
    figures = list(
        csv.reader(io.StringIO(client.get("/partnerships/export/investment.csv?group_by=member").content.decode()))
    )
    total = figures[-1]
    assert total[0] == "total" and Decimal(total[2]) == sum(Decimal(r[2]) for r in figures[1:-1])
    xlsx = client.get("/partnerships/export/opportunities.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/partnerships/export/investment.csv?group_by=galaxy").status_code == 400


def test_the_investment_page_shows_the_groups_and_the_total(client):
    response = client.get("/partnerships/investment/?group_by=instrument")
    page = text(response)
    assert response.status_code == 200
    assert "technical assistance or in kind" in page and "10,000,000.00" in page
    assert client.get("/partnerships/investment/?group_by=galaxy").status_code == 400
    in_indonesian = text(client.get("/partnerships/investment/", HTTP_ACCEPT_LANGUAGE="id"))
    assert "10.000.000,00" in in_indonesian


def test_the_partner_page_shows_only_its_own_conversations(client, personas):
    opportunity = make_opportunity(personas["sumedang_officer"], state="published", nr=personas["indonesia_nr"])
    services.express_interest(actor=personas["partner"], opportunity=opportunity, message="Keen")
    client.force_login(personas["partner"])
    assert client.get("/partnerships/partner/").status_code == 302
    own = text(client.get("/partnerships/partner/adb/"))
    assert opportunity.title in own and "Open the conversation" in own
    client.logout()
    public = text(client.get("/partnerships/partner/adb/"))
    assert opportunity.title not in public and "ASEAN-Australia Smart Cities Trust Fund" in public


def _more_opportunities(personas, n: int) -> None:
    for i in range(n):
        make_opportunity(
            personas["sumedang_officer"], state="published", nr=personas["indonesia_nr"], title=f"Opportunity {i:02d}"
        )


@pytest.mark.parametrize(
    "url",
    ["/api/v1/opportunities", "/api/v1/partnerships", "/api/v1/programmes", "/api/v1/interests"],
)
def test_api_lists_cost_the_same_queries_whatever_the_page(client, personas, url):
    _more_opportunities(personas, 6)
    client.force_login(personas["secretariat"])
    counts = {}
    for limit in (500, 2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"limit": limit}).status_code == 200
        counts[limit] = len(queries)
    assert counts[500] == counts[2]


@pytest.mark.parametrize("url", ["/partnerships/opportunities/", "/partnerships/", "/partnerships/programmes/"])
def test_page_lists_cost_the_same_queries_whatever_the_rows(client, personas, url):
    _more_opportunities(personas, 1)
    client.force_login(personas["partner"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _more_opportunities(personas, 8)
    for i in range(4):
        make_partnership(personas["secretariat"], title=f"Extra {i}", members=[Member.objects.get(slug="sumedang")])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_edit_a_draft_and_a_stale_edit_is_refused(client, personas):
    officer = personas["sumedang_officer"]
    opportunity = make_opportunity(officer)
    client.force_login(officer)
    url = f"/partnerships/opportunities/{opportunity.slug}/edit/"
    assert client.get(url).status_code == 200
    form = {**OPPORTUNITY, "title": "Bigger desk", "readiness": ["land"], "version": opportunity.version}
    assert client.post(url, form).status_code == 302
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.readiness) == ("Bigger desk", ["land"])
    stale = client.post(url, {**form, "title": "Old tab"})
    assert stale.status_code == 400 and "changed by someone else" in text(stale)
    client.force_login(personas["thailand_nr"])
    assert client.get(url).status_code == 404


def test_record_and_edit_a_partnership_through_the_pages(client, personas):
    from hub.network.models import Organisation
    from hub.partnerships.models import Partnership

    adb = Organisation.objects.get(slug="adb").pk
    sumedang = Member.objects.get(slug="sumedang").pk
    client.force_login(personas["partner"])
    form = {
        "title": "Smart lighting",
        "partner": adb,
        "kind": "financing",
        "status": "active",
        "members": [sumedang],
        "start": "2025-03",
        "end": "2024",
    }
    wrong = client.post("/partnerships/new/", form)
    assert wrong.status_code == 400 and "The end comes before the start." in text(wrong)
    assert client.post("/partnerships/new/", {**form, "end": "2027"}).status_code == 302
    partnership = Partnership.objects.get(title="Smart lighting")
    assert (str(partnership.start_date), partnership.start_precision) == ("2025-03-01", "month")
    url = f"/partnerships/{partnership.slug}/edit/"
    client.force_login(personas["thailand_nr"])
    assert client.get(url).status_code == 403
    client.force_login(personas["sumedang_officer"])
    saved = client.post(url, {**form, "end": "2027", "status": "completed", "version": partnership.version})
    assert saved.status_code == 302
    partnership.refresh_from_db()
    assert partnership.status == "completed"


def test_a_partner_follows_an_opportunity_and_sees_it_on_its_page(client, personas):
    opportunity = make_opportunity(personas["sumedang_officer"], state="published", nr=personas["indonesia_nr"])
    client.force_login(personas["partner"])
    assert "Follow this opportunity" in text(client.get(opportunity.get_absolute_url()))
    assert client.post(f"/partnerships/opportunities/{opportunity.slug}/follow/", {"follow": "1"}).status_code == 302
    page = text(client.get("/partnerships/partner/adb/"))
    followed = page.split("Followed", 1)[1].split("Expressions of interest", 1)[0]
    assert opportunity.title in followed
    assert "Stop following" in text(client.get(opportunity.get_absolute_url()))
    client.post(f"/partnerships/opportunities/{opportunity.slug}/follow/", {"follow": "0"})
    page = text(client.get("/partnerships/partner/adb/"))
    assert opportunity.title not in page.split("Followed", 1)[1].split("Expressions of interest", 1)[0]
    client.force_login(personas["sumedang_officer"])
    assert client.post(f"/partnerships/opportunities/{opportunity.slug}/follow/", {"follow": "1"}).status_code == 403
    response = client.delete(f"/api/v1/opportunities/{opportunity.pk}/follow")
    assert response.status_code == 403
