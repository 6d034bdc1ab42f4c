"""The admin: every registry model has a working list (bounded queries) and change form."""

import pytest

from hub.network.models import Country, Member, Organisation, Person, RoleTerm

MODELS = [Country, Member, Organisation, Person, RoleTerm]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_changelist_and_change_form(admin_client, django_assert_max_num_queries, model):
    base = f"/admin/network/{model._meta.model_name}/"
    with django_assert_max_num_queries(12):
        response = admin_client.get(base)
    assert response.status_code == 200
    obj = model.objects.order_by("pk").first()
    response = admin_client.get(f"{base}{obj.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="sources"' in html and 'name="alternatives"' in html


@pytest.mark.django_db
def test_member_admin_edits_membership_events_inline(admin_client):
    member = Member.objects.get(slug="chiang-mai")
    html = admin_client.get(f"/admin/network/member/{member.pk}/change/").content.decode()
    assert 'name="events-0-status"' in html
    assert 'name="events-0-alternatives"' in html
    assert "Joined 2024" in html


@pytest.mark.django_db
def test_admin_search(admin_client):
    response = admin_client.get("/admin/network/member/", {"q": "Sumedang"})
    assert response.status_code == 200
    assert "Sumedang" in response.content.decode()


@pytest.mark.django_db
def test_admin_refuses_a_second_chair_on_the_same_days(admin_client):
    chair_2026 = RoleTerm.objects.get(ref_key="role:chair-2026")
    fields = {
        "role": "chair",
        "country": Country.objects.get(code="SG").pk,
        "start_date": "2026-03-01",
        "start_precision": "day",
        "end_date": "2026-12-31",
        "end_precision": "day",
        "sources": "[]",
        "alternatives": "[]",
        "confidence": "medium",
    }
    before = RoleTerm.objects.count()
    response = admin_client.post("/admin/network/roleterm/add/", fields)
    assert response.status_code == 200  # the form again, with the error
    assert "One holder a day" in response.content.decode() and str(chair_2026) in response.content.decode()
    assert RoleTerm.objects.count() == before
    fields.update(start_date="2031-01-01", end_date="2031-12-31")
    response = admin_client.post("/admin/network/roleterm/add/", fields)
    assert response.status_code == 302
    assert RoleTerm.objects.count() == before + 1
