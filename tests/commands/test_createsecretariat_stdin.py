"""createsecretariat --password-stdin: the password piped in, checked like any other, never printed."""

import io
import sys

import pytest
from django.core.management import CommandError, call_command

from hub.accounts.models import User

pytestmark = pytest.mark.django_db


def run(*args, stdin: str) -> str:
    out = io.StringIO()
    sys_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        call_command(*args, stdout=out, stderr=io.StringIO())
    finally:
        sys.stdin = sys_stdin
    return out.getvalue()


def test_a_piped_password_is_used_and_not_printed(client):
    out = run("createsecretariat", "pipe@asean.example", "--password-stdin", stdin="piped pass phrase 2026\n")
    assert "Created the Secretariat account pipe@asean.example" in out
    assert "piped pass phrase" not in out and "Password" not in out
    assert User.objects.get(email="pipe@asean.example").check_password("piped pass phrase 2026")
    assert client.login(username="pipe@asean.example", password="piped pass phrase 2026")


@pytest.mark.parametrize(("stdin", "message"), [("", "gave no password"), ("short\n", "too short")])
def test_an_empty_or_weak_piped_password_changes_nothing(stdin, message):
    with pytest.raises(CommandError, match=message):
        run("createsecretariat", "weak@asean.example", "--password-stdin", stdin=stdin)
    assert not User.objects.filter(email="weak@asean.example").exists()
