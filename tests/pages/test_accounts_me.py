"""The "My work" page: each persona sees its roles (with their terms) and the part it looks after."""

import datetime as dt

import pytest
from django.utils import timezone

from hub.accounts.models import User
from hub.network.models import Member, Organisation, Role, RoleTerm
from tests.pages.helpers import section, text

pytestmark = pytest.mark.django_db

PAGE = "/accounts/me/"


def my_work(client, user) -> str:
    client.force_login(user)
    response = client.get(PAGE)
    assert response.status_code == 200
    return text(response)


def test_city_officer_sees_its_member_and_what_it_may_edit(client, personas):
    html = my_work(client, personas["sumedang_officer"])
    roles = section(html, "roles-table")
    # Sumedang's government holds its CSCO term (Ms. Tuti Ruswati, NR/CSCO list of 31 January 2026): the
    # officer's rights come from that term, shown instead of the local-government line.
    assert "Chief Smart City Officer" in roles and "Sumedang" in roles
    assert "in force on 2026-01-31 (start not known)" in roles
    officer = section(html, "officer-section")
    assert 'href="/members/sumedang/"' in officer
    assert 'href="/members/sumedang/edit/"' in officer
    assert "local name" in officer and "summary" in officer and "website" in officer
    assert "Its membership is kept by the Secretariat." in officer
    assert "Bangkok" not in html
    assert 'id="network-figures"' not in html
    assert "/changes/" not in html
    assert 'href="/accounts/invitations/"' not in html
    assert 'href="/accounts/tokens/"' in html and 'href="/accounts/password/"' in html


def test_another_countrys_officer_sees_its_own_member(client, personas):
    html = my_work(client, personas["bangkok_officer"])
    assert 'href="/members/bangkok/edit/"' in html
    assert "sumedang" not in html.lower()


def test_national_representative_sees_its_countrys_members_and_its_terms(client, personas):
    html = my_work(client, personas["indonesia_nr"])
    roles = section(html, "roles-table")
    assert "National Representative" in roles and "Indonesia" in roles
    # Kemendagri's Bina Adwil is also the Shepherd: re-elected for 2025–2027; and holds the NR-alternate terms.
    assert "Shepherd" in roles and "2025 – 2027" in roles
    assert "National Representative (alternate)" in roles
    members = section(html, "nr-members")
    indonesian = Member.objects.filter(country__code="ID").values_list("slug", flat=True)
    for slug in indonesian:
        assert f'href="/members/{slug}/edit/"' in members
    assert "Bangkok" not in members
    assert 'id="network-figures"' in html  # as Shepherd: the whole network
    assert "/changes/" not in html  # the full change log is the Secretariat's
    assert 'href="/accounts/invitations/"' in html


def test_another_national_representative_sees_its_own_country(client, personas):
    html = my_work(client, personas["thailand_nr"])
    members = section(html, "nr-members")
    assert "Bangkok" in members and "Chiang Mai" in members
    assert "Sumedang" not in members
    assert "Shepherd" not in section(html, "roles-table")
    assert 'id="network-figures"' not in html


def test_the_secretariat_sees_the_network(client, personas):
    html = my_work(client, personas["secretariat"])
    roles = section(html, "roles-table")
    assert "Secretariat" in roles and "since 2018-04" in roles
    figures = section(html, "network-figures")
    assert ">38</span>" in figures
    assert 'href="/changes/"' in html
    assert "Latest changes in the hub" in html
    assert 'href="/accounts/invitations/"' in html


def test_a_partner_sees_its_organisation(client, personas):
    html = my_work(client, personas["partner"])
    assert "Partner" in section(html, "roles-table")
    organisation = Organisation.objects.get(slug="adb")
    assert organisation.name in section(html, "partner-section")
    assert 'id="network-figures"' not in html
    assert "/edit/" not in html


def test_a_user_without_an_organisation_is_told_so(client):
    user = User.objects.create_user("lonely@example.org", "some pass phrase 12")
    html = my_work(client, user)
    assert 'id="no-roles"' in html


def test_rights_follow_the_term_in_the_registry(client, personas):
    # Indonesia's Shepherd terms end yesterday: the Shepherd's rights are gone without touching the account.
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    RoleTerm.objects.filter(role=Role.SHEPHERD, country__code="ID").update(
        end_date=yesterday, end_precision="day", end_until=yesterday
    )
    html = my_work(client, personas["indonesia_nr"])
    assert "Shepherd" not in section(html, "roles-table")
    assert 'id="network-figures"' not in html
    assert "National Representative" in section(html, "roles-table")


@pytest.mark.parametrize(
    "persona", ["sumedang_officer", "indonesia_nr", "thailand_nr", "secretariat", "partner", "bangkok_officer"]
)
def test_my_work_has_a_bounded_number_of_queries(client, personas, persona, django_assert_max_num_queries):
    client.force_login(personas[persona])
    # The inbox reads each kind of task once (tests/pages/test_inbox.py shows it does not grow with them).
    with django_assert_max_num_queries(30):
        assert client.get(PAGE).status_code == 200
