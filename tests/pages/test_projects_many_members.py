"""The projects list with more members than a drop-down can usefully hold: a text field, or a country's list."""

import pytest

from bench.generate import generate_members
from hub.network.models import Member
from hub.projects.models import Project

pytestmark = pytest.mark.django_db


def test_member_filter_is_a_text_field_beyond_150_members_and_a_list_within_a_country(client):
    generate_members(200)
    Project.objects.bulk_create(
        Project(slug=f"demo-many-{m.pk}", member=m, title=f"Demo {m.pk}", is_demo=True)
        for m in Member.objects.filter(is_demo=True)
    )
    page = client.get("/projects/").content.decode()
    assert '<input type="text" id="f-member" name="member"' in page and '<select id="f-member"' not in page

    page = client.get("/projects/", {"country": "ID"}).content.decode()
    assert '<select id="f-member" name="member">' in page
    assert '<option value="sumedang"' in page
    assert '<option value="bangkok"' not in page  # Thai members are not in Indonesia's list

    filtered = client.get("/projects/", {"member": "sumedang"}).content.decode()
    assert 'value="sumedang"' in filtered  # the text field keeps the member asked for
