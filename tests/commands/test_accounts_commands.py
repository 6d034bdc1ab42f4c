"""createsecretariat and createtoken, and `check --deploy` in production mode."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from hub.accounts.models import ApiToken, User
from hub.accounts.permissions import scope_for
from hub.core.models import ChangeEntry
from hub.network.models import Member, Role, RoleTerm

ROOT = Path(__file__).resolve().parents[2]


def run(name, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_createsecretariat_without_a_terminal_prints_a_password_once(client, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    out, _ = run("createsecretariat", "Ops@ASEAN.example", "--name", "Ops Desk")
    user = User.objects.get(email="ops@asean.example")
    assert user.name == "Ops Desk"
    assert user.organisation.slug == "asean-secretariat-connectivity-division"
    scope = scope_for(user)
    assert scope.secretariat and scope.network_wide
    password = out.split("Password (shown only this once): ")[1].strip()
    assert len(password) >= 20
    assert client.login(username="ops@asean.example", password=password)
    entry = ChangeEntry.objects.for_object(user).get()
    assert entry.actor_label == "command:createsecretariat" and entry.via == "command"
    assert password not in str(entry.changes)


@pytest.mark.django_db
def test_createsecretariat_asks_twice_on_a_terminal(monkeypatch):
    answers = iter(["one pass phrase 17", "another 17", "short", "short", "the chosen pass 18", "the chosen pass 18"])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    out, err = run("createsecretariat", "desk@asean.example")
    assert "The two passwords differ." in err
    assert "too short" in err
    assert "Password" not in out
    assert User.objects.get(email="desk@asean.example").check_password("the chosen pass 18")


@pytest.mark.django_db
def test_createsecretariat_refuses_an_existing_email(personas):
    with pytest.raises(CommandError, match="already exists"):
        run("createsecretariat", "ASCN@asean.example")
    assert User.objects.filter(email="ascn@asean.example").count() == 1


@pytest.mark.django_db
def test_createsecretariat_needs_a_secretariat_term_today(monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    yesterday = timezone.localdate() - timezone.timedelta(days=1)
    RoleTerm.objects.filter(role=Role.SECRETARIAT).update(end_date=yesterday, end_precision="day", end_until=yesterday)
    with pytest.raises(CommandError, match="No organisation holds the Secretariat role term today"):
        run("createsecretariat", "ops@asean.example")
    assert not User.objects.filter(email="ops@asean.example").exists()


@pytest.mark.django_db
def test_createtoken_prints_only_a_working_token(client, personas):
    out, _ = run("createtoken", "Cities@ADB.example")
    token = out.strip()
    assert out.count("\n") == 1 and token.startswith("ascn_")
    record = ApiToken.objects.get()
    assert record.user == personas["partner"] and not record.can_write and record.expires_at is None
    response = client.get("/api/v1/members", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["count"] >= 38


@pytest.mark.django_db
def test_createtoken_write_and_days(personas):
    out, _ = run("createtoken", "ascn@asean.example", "--write", "--days", "7", "--name", "deploy")
    record = ApiToken.objects.get()
    assert record.can_write and record.name == "deploy"
    assert 6 <= (record.expires_at - timezone.now()).days <= 7


@pytest.mark.django_db
def test_a_secretariat_token_from_the_commands_updates_a_member_through_the_api(client, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False, raising=False)
    run("createsecretariat", "ops@asean.example")
    token = run("createtoken", "ops@asean.example", "--write")[0].strip()
    member = Member.objects.get(slug="sumedang")
    response = client.patch(
        f"/api/v1/members/{member.pk}",
        data={"summary": "Updated by the Secretariat's script."},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    member.refresh_from_db()
    assert member.summary == "Updated by the Secretariat's script."
    entry = ChangeEntry.objects.for_object(member).order_by("-at", "-pk").first()
    assert entry.actor.email == "ops@asean.example"
    assert entry.changes["summary"][1] == "Updated by the Secretariat's script."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args, message",
    [
        (["nobody@example.org"], "No account has the e-mail address"),
        (["ascn@asean.example", "--days", "0"], "between 1 and"),
        (["ascn@asean.example", "--name", "  "], "Give the token a name"),
    ],
)
def test_createtoken_errors(personas, args, message):
    with pytest.raises(CommandError, match=message):
        run("createtoken", *args)
    assert not ApiToken.objects.exists()


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    # Without the test run's own switches (the browser tests allow async-unsafe calls, which production must not).
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "false",
        "SECRET_KEY": "k3y-" + "x7Gq2!vR9#pL5&mW8zT1^bN4" * 3,
        "ALLOWED_HOSTS": "x",
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup();"
            "from django.conf import settings as s;"
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS,"
            " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.stdout.split() == ["True", "True", "True", "31536000", "True", "True"], probe.stderr
