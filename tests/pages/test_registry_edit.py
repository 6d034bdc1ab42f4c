"""The registry's write pages beyond the permission matrix: what each persona's form holds, bad input,
stale edits, rights that end with a term, and the history and edit links on the public pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.core.models import ChangeEntry
from hub.network import services
from hub.network.forms import RoleTermForm
from hub.network.models import Member, MemberKind, RoleTerm
from tests.pages.helpers import text
from tests.pages.test_registry_edit_matrix import form_payload, member_payload
from tests.personas import PERSONAS, make_user

EDIT_SUMEDANG = "/members/sumedang/edit/"


def sign_in(client: Client, persona: str):
    email, organisation = PERSONAS[persona]
    user = make_user(email, organisation, password=None)
    client.force_login(user)
    return user


def entries_for(obj) -> int:
    return ChangeEntry.objects.for_object(obj).count()


@pytest.mark.django_db
def test_the_edit_page_address_and_name():
    assert reverse("network:member_edit", args=["sumedang"]) == EDIT_SUMEDANG


# --- what each persona's form holds -------------------------------------------------------------


@pytest.mark.django_db
def test_a_city_officer_edits_only_the_profile(client):
    user = sign_in(client, "sumedang_officer")
    member = Member.objects.get(slug="sumedang")
    html = text(client.get(EDIT_SUMEDANG))
    for name in ("name", "local_name", "website", "summary", "latitude", "longitude"):
        assert f'name="{name}"' in html
    for name in ("kind", "country", "sources", "confidence", "source_note"):
        assert f'name="{name}"' not in html
    assert 'value="https://sumedangkab.go.id"' in html
    assert "kept by\n  the ASEAN Secretariat" in html or "kept by the ASEAN Secretariat" in html
    # Fields outside the profile are ignored even when posted.
    payload = member_payload(member, summary="WA KEPO and more.", kind=MemberKind.CITY, confidence="low")
    response = client.post(EDIT_SUMEDANG, payload)
    assert response.status_code == 302 and response.url == "/members/sumedang/"
    member.refresh_from_db()
    assert member.summary == "WA KEPO and more."
    assert member.kind == MemberKind.REGENCY and member.confidence != "low"
    entry = ChangeEntry.objects.for_object(member).first()
    assert entry.actor == user and set(entry.changes) == {"summary"}


@pytest.mark.django_db
def test_the_secretariat_edits_kind_country_and_sources(client):
    sign_in(client, "secretariat")
    member = Member.objects.get(slug="sumedang")
    html = text(client.get(EDIT_SUMEDANG))
    for name in ("kind", "country", "sources", "confidence", "source_note"):
        assert f'name="{name}"' in html
    payload = member_payload(
        member, kind=MemberKind.CITY, sources="https://example.org/one\n\n  https://example.org/two  ", confidence="low"
    )
    assert client.post(EDIT_SUMEDANG, payload).status_code == 302
    member.refresh_from_db()
    assert member.kind == MemberKind.CITY
    assert member.sources == ["https://example.org/one", "https://example.org/two"]
    entry = ChangeEntry.objects.for_object(member).first()
    assert entry.changes["kind"] == ["regency", "city"]
    assert entry.changes["confidence"][1] == "low"


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"latitude": "200"}, "less than or equal to 90"),
        ({"longitude": "east"}, "Enter a number"),
        ({"name": ""}, "This field is required"),
        ({"website": "not a site at all"}, "Enter a valid URL"),
        ({"version": ""}, "which version of the record it was opened on"),
    ],
)
def test_bad_member_input_gets_field_messages_and_changes_nothing(client, changes, message):
    sign_in(client, "indonesia_nr")
    member = Member.objects.get(slug="sumedang")
    before = entries_for(member)
    response = client.post(EDIT_SUMEDANG, member_payload(member, summary="Not saved", **changes))
    assert response.status_code == 400
    html = text(response)
    assert message in html
    assert 'role="alert"' in html and 'aria-invalid="true"' in html or "version" in changes
    member.refresh_from_db()
    assert member.summary != "Not saved" and entries_for(member) == before


@pytest.mark.django_db
def test_bad_sources_and_dates_are_explained_by_line(client):
    sign_in(client, "secretariat")
    response = client.post(
        "/members/sumedang/memberships/add/",
        {
            "status": "member",
            "effective": "June 2024",
            "sources": "https://example.org/ok\nnot an address",
            "confidence": "high",
        },
    )
    assert response.status_code == 400
    html = text(response)
    assert "&#x27;June 2024&#x27; is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD" in html
    assert "Line 2: &#x27;not an address&#x27; is not a web address" in html


@pytest.mark.django_db
def test_domain_rules_of_the_service_show_next_to_their_fields(client):
    sign_in(client, "secretariat")
    before = RoleTerm.objects.count()
    response = client.post(
        reverse("network:role_term_add"),
        {"role": "chair", "start": "2026", "end": "2025", "confidence": "medium"},
    )
    assert response.status_code == 400
    html = text(response)
    assert "A Chair or Shepherd term names the member state that holds it." in html
    assert "The end comes before the start." in html
    assert RoleTerm.objects.count() == before


@pytest.mark.django_db
def test_partial_dates_keep_their_precision(client):
    sign_in(client, "secretariat")
    response = client.post(
        "/members/sumedang/memberships/add/",
        {"status": "withdrawn", "effective": "2027", "confidence": "high", "decided_by": "9th Annual Meeting"},
    )
    assert response.status_code == 302
    event = Member.objects.get(slug="sumedang").events.order_by("-pk").first()
    assert (event.effective_date, event.effective_date_precision) == (dt.date(2027, 1, 1), "year")
    html = text(client.get(f"/members/sumedang/memberships/{event.pk}/edit/"))
    assert 'value="2027"' in html


# --- stale edits --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_second_of_two_concurrent_edits_is_refused_and_the_first_kept():
    officer, representative = Client(), Client()
    sign_in(officer, "sumedang_officer")
    sign_in(representative, "indonesia_nr")
    # Both open the form on the same version.
    first_form = officer.get(EDIT_SUMEDANG).context["form"]
    second_form = representative.get(EDIT_SUMEDANG).context["form"]
    assert first_form["version"].value() == second_form["version"].value()
    member = Member.objects.get(slug="sumedang")
    opened = member_payload(member)
    before = entries_for(member)

    assert officer.post(EDIT_SUMEDANG, {**opened, "summary": "First: the officer's text."}).status_code == 302
    response = representative.post(EDIT_SUMEDANG, {**opened, "summary": "Second: the NR's text."})

    assert response.status_code == 409
    html = text(response)
    assert "changed by someone else since you opened it" in html
    # What the other person saved, and who.
    assert "What the other person saved" in html
    assert "officer@sumedang.example" in html and "First: the officer&#x27;s text." in html
    # The reader's input is kept in the form, nothing of it saved.
    assert "Second: the NR&#x27;s text." in html
    member.refresh_from_db()
    assert member.summary == "First: the officer's text."
    assert entries_for(member) == before + 1
    # Saving again is now a deliberate decision on top of the other's save.
    again = representative.post(
        EDIT_SUMEDANG, {**opened, "summary": "Second: the NR's text.", "version": member.version}
    )
    assert again.status_code == 302
    member.refresh_from_db()
    assert member.summary == "Second: the NR's text."


@pytest.mark.django_db
def test_a_stale_delete_is_refused(client):
    keeper = sign_in(client, "secretariat")
    term = RoleTerm.objects.get(ref_key="role:chair-2020")
    stale = term.version
    services.update_role_term(actor=keeper, term=term, data={"note": "Changed meanwhile"}, via="command")
    response = client.post(reverse("network:role_term_delete", args=[term.pk]), {"version": stale})
    assert response.status_code == 409
    assert "so it was not deleted" in text(response)
    assert RoleTerm.objects.filter(pk=term.pk).exists()


# --- rights follow the registry -----------------------------------------------------------------


@pytest.mark.django_db
def test_rights_end_with_the_term(client):
    """Ending Indonesia's National Representative term (and its alternates', held by the same body) ends its
    people's right to edit Sumedang."""
    sign_in(client, "indonesia_nr")
    assert client.get(EDIT_SUMEDANG).status_code == 200
    secretariat = make_user(*PERSONAS["secretariat"], password=None)
    yesterday = (dt.date.today() - dt.timedelta(days=2)).isoformat()
    for term in RoleTerm.objects.filter(country__code="ID", role__in=["national_representative", "nr_alternate"]):
        services.update_role_term(
            actor=secretariat, term=term, data={"end_date": dt.date.fromisoformat(yesterday), "end_precision": "day"}
        )
    member = Member.objects.get(slug="sumedang")
    before = entries_for(member)
    assert client.get(EDIT_SUMEDANG).status_code == 403
    assert client.post(EDIT_SUMEDANG, member_payload(member, summary="Too late")).status_code == 403
    member.refresh_from_db()
    assert member.summary != "Too late" and entries_for(member) == before


# --- edit links and history on the public pages -------------------------------------------------


def _member_page(client) -> str:
    return text(client.get("/members/sumedang/"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "edit", "keep"),
    [
        ("anonymous", False, False),
        ("partner", False, False),
        ("bangkok_officer", False, False),
        ("thailand_nr", False, False),
        ("sumedang_officer", True, False),
        ("indonesia_nr", True, False),
        ("secretariat", True, True),
    ],
)
def test_edit_links_show_only_to_those_who_may_edit(client, persona, edit, keep):
    if persona != "anonymous":
        sign_in(client, persona)
    html = _member_page(client)
    event = Member.objects.get(slug="sumedang").events.first()
    assert (EDIT_SUMEDANG in html) is edit
    assert ("/members/sumedang/memberships/add/" in html) is keep
    assert (f"/members/sumedang/memberships/{event.pk}/edit/" in html) is keep


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("anonymous", False),
        ("partner", False),
        ("bangkok_officer", False),
        ("thailand_nr", False),
        ("sumedang_officer", True),
        ("indonesia_nr", True),
        ("secretariat", True),
    ],
)
def test_history_on_the_member_page_is_for_reviewers(client, persona, sees):
    editor = make_user("editor@sumedang.example", "gov-sumedang", password=None)
    member = Member.objects.get(slug="sumedang")
    services.update_member(actor=editor, member=member, data={"summary": "Home of WA KEPO."}, via="page")
    event = member.events.first()
    secretariat_user = make_user("keeper@asean.example", "asean-secretariat-connectivity-division", password=None)
    services.update_membership_event(actor=secretariat_user, event=event, data={"decided_by": "Jakarta meeting"})
    if persona != "anonymous":
        sign_in(client, persona)
    html = _member_page(client)
    assert ('id="change-history-title"' in html) is sees
    assert ("editor@sumedang.example" in html) is sees
    if sees:
        history = html[html.index('id="change-history-title"') :]
        assert "Home of WA KEPO." in history and "Summary" in history
        assert "keeper@asean.example" in history and "Jakarta meeting" in history
        assert "page" in history
    else:
        assert "Last updated" in html


@pytest.mark.django_db
def test_the_member_page_history_costs_the_same_queries_however_long(client):
    officer = sign_in(client, "sumedang_officer")
    keeper = make_user(*PERSONAS["secretariat"], password=None)
    member = Member.objects.get(slug="sumedang")
    client.get("/members/sumedang/")  # warm caches (content types, session)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/members/sumedang/").status_code == 200
        return len(queries)

    baseline = count()
    for n in range(6):
        member = services.update_member(actor=officer, member=member, data={"summary": f"Version {n}"}, via="page")
        services.update_membership_event(
            actor=keeper, event=member.events.first(), data={"decided_by": f"Meeting {n}"}, via="page"
        )
    assert count() == baseline
    # 12, and three for the member's projects (with their focus areas) and meetings (member_work.py).
    assert baseline <= 15


@pytest.mark.django_db
def test_a_deleted_membership_event_stays_in_the_member_history(client):
    keeper = sign_in(client, "secretariat")
    member = Member.objects.get(slug="sumedang")
    event = services.create_membership_event(
        actor=keeper, data={"member": member, "status": "withdrawn", "effective_date": dt.date(2027, 1, 1)}
    )
    services.delete_membership_event(actor=keeper, event=event)
    history = _member_page(client).split('id="change-history-title"', 1)[1]
    assert "Sumedang: withdrawn from 2027-01-01" in history
    assert ">deleted<" in history


@pytest.mark.django_db
def test_country_and_governance_pages_link_edits_and_history_for_the_secretariat(client):
    html = text(client.get("/countries/th/"))
    assert "/countries/th/edit/" not in html and 'id="change-history-title"' not in html
    sign_in(client, "secretariat")
    html = text(client.get("/countries/th/"))
    assert "/countries/th/edit/" in html and "/governance/terms/add/?country=TH" in html
    assert 'id="change-history-title"' in html
    html = text(client.get("/governance/"))
    term = RoleTerm.objects.get(ref_key="role:chair-2018")
    assert f"/governance/terms/{term.pk}/edit/" in html
    assert "Latest changes to role terms" in html


@pytest.mark.django_db
def test_the_national_representative_reviews_its_country_history(client):
    sign_in(client, "thailand_nr")
    assert 'id="change-history-title"' in text(client.get("/countries/th/"))
    assert 'id="change-history-title"' not in text(client.get("/countries/id/"))
    # ... but does not keep the registry.
    assert "/countries/th/edit/" not in text(client.get("/countries/th/"))


@pytest.mark.django_db
def test_an_edit_page_shows_the_record_history(client):
    keeper = sign_in(client, "secretariat")
    term = RoleTerm.objects.get(ref_key="role:chair-2019")
    payload = form_payload(RoleTermForm, term, decided_by="2nd Annual Meeting")
    assert client.post(reverse("network:role_term_edit", args=[term.pk]), payload).status_code == 302
    html = text(client.get(reverse("network:role_term_edit", args=[term.pk])))
    history = html.split('id="change-history-title"', 1)[1]
    assert keeper.email in history and "2nd Annual Meeting" in history
    assert "loadreference" in history


@pytest.mark.django_db
def test_the_secretariat_desk_lists_organisations_to_edit(client, django_assert_max_num_queries):
    sign_in(client, "secretariat")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("network:registry"), {"kind": "partner"})
    assert response.status_code == 200
    html = text(response)
    assert "/organisations/adb/edit/" in html
    assert "/organisations/gov-sumedang/edit/" not in html
    assert client.get(reverse("network:registry"), {"kind": "nonsense"}).status_code == 400


@pytest.mark.django_db
def test_the_same_number_written_differently_is_not_a_change(client):
    sign_in(client, "sumedang_officer")
    member = Member.objects.get(slug="sumedang")
    before, version = entries_for(member), member.version
    payload = member_payload(member, latitude="-6.858", longitude="107.924")
    assert str(member.latitude) == "-6.85800"
    assert client.post(EDIT_SUMEDANG, payload).status_code == 302
    member.refresh_from_db()
    assert entries_for(member) == before and member.version == version
