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
