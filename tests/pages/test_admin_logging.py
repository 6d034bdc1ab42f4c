"""Writes made in the Django admin are in the change log like every other write."""

import pytest

from hub.core.models import ChangeEntry
from hub.network.models import Person
from tests.personas import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator_client(client):
    operator = make_user("operator@hub.example", None, is_staff=True, is_superuser=True)
    client.force_login(operator)
    return client


def test_an_admin_add_change_and_delete_are_logged(operator_client):
    form = {
        "slug": "test-person",
        "name": "Test Person",
        "position": "",
        "organisation": "",
        "sources": '["https://example.org/source"]',
        "confidence": "low",
        "source_note": "",
        "alternatives": "[]",
        "ref_key": "",
    }
    response = operator_client.post("/admin/network/person/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(slug="test-person")
    created = ChangeEntry.objects.for_object(person).get()
    assert (created.action, created.via, created.actor_label) == ("create", "admin", "operator@hub.example")

    response = operator_client.post(f"/admin/network/person/{person.pk}/change/", {**form, "name": "Renamed Person"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.version == 2
    updated = ChangeEntry.objects.for_object(person).filter(action="update").get()
    assert updated.changes["name"] == ["Test Person", "Renamed Person"]

    response = operator_client.post(f"/admin/network/person/{person.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert ChangeEntry.objects.filter(object_id=str(person.pk), action="delete", via="admin").count() == 1
