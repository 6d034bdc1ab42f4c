"""The change log page and its CSV: the Secretariat and operators only, filtered, paginated, read-only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from hub.core.models import ChangeEntry
from hub.network import services
from hub.network.models import Member, RoleTerm
from tests.pages.helpers import csv_rows, text
from tests.personas import PERSONAS, make_user


def changes_url() -> str:
    return reverse("core:changes")


def csv_url() -> str:
    return reverse("core:changes_csv")


def sign_in(client, persona: str):
    email, organisation = PERSONAS[persona]
    user = make_user(email, organisation, password=None)
    client.force_login(user)
    return user


@pytest.fixture
def edits(db):
    """Two edits by people, besides the loader's entries of the reference dataset."""
    officer = make_user("officer@sumedang.example", "gov-sumedang", password=None)
    keeper = make_user("keeper@asean.example", "asean-secretariat-connectivity-division", password=None)
    sumedang = Member.objects.get(slug="sumedang")
    services.update_member(
        actor=officer, member=sumedang, data={"summary": "WA KEPO, Sumedang's WhatsApp channel."}, via="page"
    )
    term = RoleTerm.objects.get(ref_key="role:chair-2026")
    services.update_role_term(
        actor=keeper, term=term, data={"note": "Hosted in Manila", "confidence": "low"}, via="api"
    )
    return {"officer": officer, "keeper": keeper, "sumedang": sumedang, "term": term}


def test_the_addresses():
    assert changes_url() == "/changes/"
    assert csv_url() == "/changes.csv"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["sumedang_officer", "bangkok_officer", "indonesia_nr", "thailand_nr", "partner"])
@pytest.mark.parametrize("url", [changes_url, csv_url], ids=["page", "csv"])
def test_only_the_secretariat_and_operators_read_the_log(client, persona, url):
    sign_in(client, persona)
    assert client.get(url()).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url", [changes_url, csv_url], ids=["page", "csv"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url())
    assert response.status_code == 302
    assert response.url.startswith(resolve_url(settings.LOGIN_URL) + "?next=")


@pytest.mark.django_db
def test_an_operator_reads_the_log(client):
    operator = make_user("ops@hub.example", None, password=None, is_superuser=True, is_staff=True)
    client.force_login(operator)
    assert client.get(changes_url()).status_code == 200


@pytest.mark.django_db
def test_the_page_lists_who_what_and_before_after(client, edits):
    sign_in(client, "secretariat")
    response = client.get(changes_url())
    assert response.status_code == 200
    html = text(response)
    assert "officer@sumedang.example" in html and "keeper@asean.example" in html
    assert "WA KEPO, Sumedang&#x27;s WhatsApp channel." in html
    assert "Hosted in Manila" in html
    # Newest first: the role term edit came last.
    assert html.index("Hosted in Manila") < html.index("WA KEPO")
    # Paginated: the reference dataset alone has hundreds of entries.
    assert response.context["paginator"].count == ChangeEntry.objects.count()
    assert len(response.context["rows"]) == 50
    assert "Page 1 of" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "sumedang.example"}, {"Sumedang"}),
        ({"actor": "keeper@"}, {"chair-2026"}),
        ({"object_type": "network.member", "action": "update"}, {"Sumedang"}),
        ({"object_type": "network.roleterm", "action": "update"}, {"chair-2026"}),
        ({"q": "sumedang", "action": "update"}, {"Sumedang"}),
        ({"action": "update", "date_from": "2000-01-01", "date_to": "2000-12-31"}, set()),
    ],
)
def test_filters(client, edits, params, expected):
    sign_in(client, "secretariat")
    response = client.get(changes_url(), params)
    assert response.status_code == 200
    names = {"Sumedang": "Sumedang", "chair-2026": str(edits["term"])}
    found = {row.entry.object_repr for row in response.context["rows"] if row.entry.actor_label != "loadreference"}
    assert found == {names[key] for key in expected}
    if not expected:
        assert "No change matches these filters." in text(response)


@pytest.mark.django_db
def test_date_filters_take_whole_local_days(client, edits):
    sign_in(client, "secretariat")
    today = timezone.localdate().isoformat()
    response = client.get(changes_url(), {"date_from": today, "date_to": today, "actor": "keeper@"})
    assert [row.entry.object_id for row in response.context["rows"]] == [str(edits["term"].pk)]
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.get(changes_url(), {"date_from": tomorrow, "actor": "keeper@"})
    assert response.context["rows"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "yesterday"}, "From:"),
        ({"action": "erase"}, "Action:"),
        ({"object_type": "members; drop table"}, "Kind of record:"),
        ({"date_from": "2025-02-01", "date_to": "2025-01-01"}, "comes after the last day"),
    ],
)
def test_bad_filters_get_messages_not_errors(client, params, message):
    sign_in(client, "secretariat")
    response = client.get(changes_url(), params)
    assert response.status_code == 400
    assert message in text(response)
    assert client.get(csv_url(), params).status_code == 400


@pytest.mark.django_db
def test_csv_has_one_row_per_changed_field_with_the_same_filters(client, edits):
    sign_in(client, "secretariat")
    response = client.get(csv_url(), {"actor": "keeper@"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert rows[0] == ["at", "actor", "via", "action", "object_type", "object_id", "object", "field", "before", "after"]
    body = rows[1:]
    assert len(body) == 2
    by_field = {row[7]: row for row in body}
    assert set(by_field) == {"confidence", "note"}
    note = by_field["note"]
    assert note[1:7] == [
        "keeper@asean.example",
        "api",
        "update",
        "network.roleterm",
        str(edits["term"].pk),
        str(edits["term"]),
    ]
    assert note[9] == "Hosted in Manila"
    assert dt.datetime.fromisoformat(note[0]).tzinfo is not None
    # The unfiltered download has every entry's fields, the loader's included.
    everything = csv_rows(client.get(csv_url()))
    assert len(everything) > ChangeEntry.objects.count()


@pytest.mark.django_db
def test_the_log_cannot_be_changed_through_its_pages(client, edits):
    sign_in(client, "secretariat")
    before = ChangeEntry.objects.count()
    for url in (changes_url(), csv_url()):
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(url).status_code == 405
    assert ChangeEntry.objects.count() == before


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_however_many_entries(client, edits, django_assert_max_num_queries):
    sign_in(client, "secretariat")
    client.get(changes_url())
    with django_assert_max_num_queries(10):
        assert client.get(changes_url(), {"page": 2}).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(changes_url(), {"actor": "keeper@", "object_type": "network.roleterm"}).status_code == 200


@pytest.mark.django_db
def test_the_log_outlives_a_deleted_user(client, edits):
    """The entries keep no database key to their actor (an audit trail outlives what it names): deleting a user
    leaves their entries as they were, and the log's page, its CSV and the admin still show who wrote them."""
    officer = edits["officer"]
    theirs = list(ChangeEntry.objects.filter(actor_id=officer.pk).values_list("pk", "actor_label", "object_repr"))
    assert theirs
    officer_id = officer.pk
    officer.delete()
    assert (
        list(ChangeEntry.objects.filter(actor_id=officer_id).values_list("pk", "actor_label", "object_repr")) == theirs
    )
    entry = ChangeEntry.objects.select_related("actor").get(pk=theirs[0][0])
    assert entry.actor is None and entry.actor_label == "officer@sumedang.example"
    sign_in(client, "secretariat")
    assert "officer@sumedang.example" in text(client.get(changes_url(), {"actor": "sumedang.example"}))
    assert any("officer@sumedang.example" in row for row in csv_rows(client.get(csv_url(), {"actor": "sumedang"})))
    operator = make_user("ops@hub.example", None, password=None, is_superuser=True, is_staff=True)
    client.force_login(operator)
    page = client.get(reverse("admin:core_changeentry_change", args=[theirs[0][0]]))
    assert page.status_code == 200 and "officer@sumedang.example" in text(page)
