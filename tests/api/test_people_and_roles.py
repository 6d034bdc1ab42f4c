"""People and roles from the NR/CSCO list of 31 January 2026 (ASEAN Secretariat): a National Representative
for every member state, a CSCO for every member that the list gives one, the alternates as their own roles,
terms known in force on that day (no start invented), and the rights that follow them."""

import pytest

from hub.network.models import Member, RoleTerm
from tests.personas import make_user

pytestmark = pytest.mark.django_db

LIST_DAY = "2026-01-31"


def terms(client, **params) -> list[dict]:
    response = client.get("/api/v1/role-terms", {"limit": 500, **params})
    assert response.status_code == 200
    return response.json()["items"]


def test_every_member_state_has_its_national_representative_on_the_day_of_the_list(client):
    held = terms(client, role="national_representative", as_of=LIST_DAY)
    by_country = {t["country"]["code"]: t for t in held}
    assert sorted(by_country) == ["BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "TL", "VN"]
    assert len(held) == 11  # one a day per member state
    assert by_country["KH"]["person"]["name"] == "Sor Vorin"
    assert by_country["KH"]["organisation"]["name"] == "Ministry of Interior"
    # The earlier person stays visible as another reading of the term.
    assert "Ngy Chanphal" in by_country["KH"]["provenance"]["alternatives"][0]["reading"]
    timor = by_country["TL"]
    assert (timor["start"], timor["in_force_on"]) == (None, LIST_DAY)
    assert timor["organisation"]["name"] == "Ministry of Planning and Strategic Investment"


def test_a_term_known_only_in_force_on_the_day_of_the_list_does_not_reach_back(client):
    codes = {t["country"]["code"] for t in terms(client, role="national_representative", as_of="2026-01-30")}
    # The seven attested before (no start known: in force as ever) and none of the four new ones.
    assert codes == {"ID", "KH", "MY", "PH", "SG", "TH", "VN"}


def test_every_member_but_bandar_seri_begawan_has_a_csco_and_alternates_are_their_own_role(client):
    cscos = terms(client, role="csco", as_of=LIST_DAY)
    served = {t["member"]["slug"] for t in cscos}
    members = set(Member.objects.members_on(__import__("datetime").date(2026, 1, 31)).values_list("slug", flat=True))
    assert len(members) == 38
    assert members - served == {"bandar-seri-begawan"}
    assert len(cscos) == 37
    alternates = terms(client, role="csco_alternate", as_of=LIST_DAY)
    assert sorted(t["member"]["slug"] for t in alternates) == [
        "bandar-seri-begawan",
        "bandar-seri-begawan",
        "cauayan-city",
        "cebu-city",
        "davao-city",
        "manila",
        "seberang-perai",
    ]
    nr_alternates = terms(client, role="nr_alternate", as_of=LIST_DAY)
    assert sorted((t["country"]["code"], t["person"]["name"]) for t in nr_alternates) == [
        ("ID", "Amran"),
        ("ID", "Sri Purwaningsih"),
        ("VN", "Do Nguyet Anh"),
    ]


def test_alternates_never_take_the_national_representatives_seat():
    from hub.network import services

    for term in RoleTerm.objects.filter(ref_key__isnull=False).select_related("country", "organisation", "person"):
        assert services.clashing_terms(term) == [], term


def test_staff_contacts_are_not_role_holders(client):
    names = {t["person"]["name"] for t in terms(client) if t["person"]}
    # Staff contacts on the list (e.g. Indonesia's Gensly Bachtiar, Thailand's Non Arkaraprasertkul) hold no role.
    assert "Gensly Bachtiar" not in names and "Dr. Non Arkaraprasertkul" not in names
    people = client.get("/api/v1/people", {"limit": 500}).json()["items"]
    assert not [p for p in people if "Arkaraprasertkul" in p["name"] or "Bachtiar" in p["name"]]


def test_the_member_page_shows_the_csco_with_designation_and_organisation(client):
    html = client.get("/members/bangkok/").content.decode()
    assert "Jiraroth Sukolrat" in html
    assert "Office of Transport and Traffic Policy and Planning" in html
    assert "in force on 2026-01-31 (start not known)" in html
    brunei = client.get("/members/bandar-seri-begawan/").content.decode()
    assert "Adrian Rahaman" in brunei and "alternate" in brunei
    assert "Ir. Mohammad Nazri Mohammad Yusof" in brunei  # the National Representative of Brunei


def test_a_cscos_colleague_gets_the_members_officer_rights(client):
    """Bangkok's CSCO sits in the Ministry of Transport's OTP, not in the city's government: a colleague of
    that office may edit Bangkok's profile; someone of the ministry above it may not."""
    bangkok = Member.objects.get(slug="bangkok")
    colleague = make_user("colleague@otp.example", "th-otp")
    client.force_login(colleague)
    me = client.get("/api/v1/me").json()
    assert "city_officer" in me["roles"]
    response = client.get(f"/members/{bangkok.slug}/edit/")
    assert response.status_code == 200
    ministry = make_user("someone@mot.example", "th-mot")
    client.force_login(ministry)
    assert client.get(f"/members/{bangkok.slug}/edit/").status_code == 403


def test_a_csco_alternates_organisation_acts_for_the_member(client):
    """Bandar Seri Begawan has only CSCO alternates (Ministry of Transport and Infocommunications)."""
    officer = make_user("officer@mtic.example", "bn-mtic")
    client.force_login(officer)
    assert client.get("/members/bandar-seri-begawan/edit/").status_code == 200
    # The same ministry is Brunei's National Representative.
    assert "national_representative" in client.get("/api/v1/me").json()["roles"]


def test_the_secretariat_records_a_term_known_in_force_on_a_day_through_the_api_and_the_page(client, personas):
    from hub.accounts.tokens import create_token

    _, secret = create_token(user=personas["secretariat"], name="keeper", can_write=True)
    body = {"role": "csco_alternate", "member": "sumedang", "organisation": "gov-sumedang", "in_force_on": "2026-03-02"}
    response = client.post(
        "/api/v1/role-terms", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 201, response.content
    assert (response.json()["start"], response.json()["in_force_on"]) == (None, "2026-03-02")
    term = RoleTerm.objects.get(pk=response.json()["id"])
    assert not term.is_held_on(__import__("datetime").date(2026, 3, 1)) and term.is_held_on(
        __import__("datetime").date(2026, 3, 2)
    )
    client.force_login(personas["secretariat"])
    form = client.get(f"/governance/terms/{term.pk}/edit/").content.decode()
    assert 'name="in_force_on"' in form and 'value="2026-03-02"' in form
