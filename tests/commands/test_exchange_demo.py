"""Demo reporting makes demo challenges (from its accepted updates), flagged and removed with the demo."""

import io

import pytest
from django.core.management import call_command

from hub.exchange.models import Challenge

pytestmark = pytest.mark.django_db


def test_demo_updates_make_demo_challenges_that_leave_with_them(client):
    call_command("loaddemo", "--per-member", "1", "--cycles", "1", stdout=io.StringIO(), stderr=io.StringIO())
    made = Challenge.objects.all()
    assert made.exists() and not made.filter(is_demo=False).exists()
    one = made.filter(published=True).first()
    assert "demo-flag" in client.get(one.get_absolute_url()).content.decode()
    call_command("loaddemo", "--remove", stdout=io.StringIO(), stderr=io.StringIO())
    assert not Challenge.objects.exists()
