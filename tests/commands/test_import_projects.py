"""Bulk import of projects and indicator values (command and page): all or nothing, every problem with
its line and column, each row checked against the importer's rights."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from hub.core.models import ChangeEntry
from hub.projects.models import Indicator, IndicatorValue, Project

pytestmark = pytest.mark.django_db

PROJECTS_CSV = """member,title,summary,focus_areas,status,start,end,language,links
sumedang,Jatinangor City of Digital Knowledge,Digital knowledge district around the universities.,Civic & Social;industry-innovation,planning,2024,,en,https://sumedangkab.go.id
sumedang,Stunting reduction,Best practice on stunting.,health-well-being,ongoing,2023-01,,id,
"""

VALUES_CSV = """project,indicator,unit,period,value,source,note
wa-kepo,Portals,portals,2021-07,15,https://ruber.id/?p=54754,At the soft launch
wa-kepo,Portals,portals,2022,16,https://galamedia.pikiran-rakyat.com/news/pr-352224555,Lebaran portal added
homecare-dottorota,Patients served,patients,2022-07/2022-12,"2,100",,
"""

BROKEN_CSV = """member,title,summary,focus_areas,status,start,end,language,links
sumedang,Good row,Fine.,civic-social,ongoing,2024,,en,
sumedang,,Missing title.,civic-social,ongoing,2024,,en,
sumedang,Bad date,x,civic-social,ongoing,2024-13,,en,
atlantis,Unknown member,x,civic-social,ongoing,,,en,
sumedang,Bad focus,x,smart-everything,paused,,,en,not-a-link
bangkok,Not mine,x,civic-social,ongoing,,,en,
"""


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Project, Indicator, IndicatorValue, ChangeEntry)}


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("importprojects", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def xlsx(tmp_path: Path) -> Path:
    workbook = Workbook()
    projects = workbook.active
    projects.title = "projects"
    projects.append(["member", "title", "summary", "focus_areas", "status", "start", "end", "language", "links"])
    projects.append(
        ["banyuwangi", "Smart Kampung II", "Village services.", "civic-social", "planning", 2025, None, "en", None]
    )
    values = workbook.create_sheet("values")
    values.append(["project", "indicator", "unit", "period", "value", "source"])
    values.append(["smart-kampung-ii", "Villages connected", "villages", 2025, 12, "https://banyuwangikab.go.id"])
    values.append(["homestay-naik-kelas", "Homestays upgraded", "homestays", "2024", 80, None])
    path = tmp_path / "banyuwangi.xlsx"
    workbook.save(path)
    return path


def test_a_good_csv_of_projects_imports_for_the_officer(tmp_path, personas):
    path = write(tmp_path, "projects.csv", PROJECTS_CSV)
    out, _ = run(path, "--as", "officer@sumedang.example")
    assert "projects: 2 created" in out
    project = Project.objects.get(title="Jatinangor City of Digital Knowledge")
    assert project.member.slug == "sumedang"
    assert [fa.code for fa in project.focus_areas.all()] == ["civic-social", "industry-innovation"]
    assert project.start_display == "2024" and project.links == [{"url": "https://sumedangkab.go.id", "label": ""}]
    stunting = Project.objects.get(title="Stunting reduction")
    assert stunting.language == "id" and stunting.start_display == "2023-01"
    entry = ChangeEntry.objects.for_object(project).get(action="create")
    assert entry.actor == personas["sumedang_officer"] and entry.via == "command"
    # Importing the same file again updates in place: nothing is duplicated.
    before = counts()
    out, _ = run(path, "--as", "officer@sumedang.example")
    assert "projects: 0 created, 0 updated, 2 unchanged" in out
    assert counts() == before


def test_a_good_csv_of_indicator_values_creates_indicators_and_values(tmp_path, personas):
    path = write(tmp_path, "values.csv", VALUES_CSV)
    out, _ = run(path, "--as", "ascn@asean.example")
    assert "indicators: 1 created" in out and "values: 3 created" in out
    portals = Indicator.objects.get(project__slug="wa-kepo", name="Portals")
    assert [(v.period_label, int(v.value)) for v in portals.values.order_by("period_start")] == [
        ("2021-07", 15),
        ("2022", 16),
    ]
    assert portals.values.first().sources == ["https://ruber.id/?p=54754"]
    added = IndicatorValue.objects.get(indicator__name="Patients served", period_label="2022-07/2022-12")
    assert int(added.value) == 2100
    assert added.reported_by == personas["secretariat"]
    assert "bulk import" in added.source_note


def test_a_good_xlsx_with_projects_and_values_imports_in_order(tmp_path, personas):
    path = xlsx(tmp_path)
    out, _ = run(path, "--as", "nr@kemendagri.example", "--member", "banyuwangi")
    assert "projects: 1 created" in out and "values: 2 created" in out
    project = Project.objects.get(slug="smart-kampung-ii")
    assert project.start_display == "2025"
    assert project.indicators.get().values.get().value == 12
    upgraded = Indicator.objects.get(project__slug="homestay-naik-kelas", name="Homestays upgraded")
    assert upgraded.values.count() == 2  # the reference figure and the imported one


def test_a_broken_file_reports_every_problem_with_line_and_column_and_changes_nothing(tmp_path, personas):
    path = write(tmp_path, "broken.csv", BROKEN_CSV)
    before = counts()
    with pytest.raises(CommandError, match="nothing was imported"):
        run(path, "--as", "officer@sumedang.example")
    # The error lines went to stderr: read them again through the page, which shows the same report.
    assert counts() == before
    assert not Project.objects.filter(title="Good row").exists()


def test_the_problems_are_listed_with_their_lines_and_columns(tmp_path, personas):
    from hub.projects.importing import run_import

    report = run_import(BROKEN_CSV.encode(), "broken.csv", actor=personas["sumedang_officer"])
    found = {(p.line, p.column) for p in report.problems}
    assert (3, "title") in found
    assert (4, "start") in found
    assert (5, "member") in found
    assert (6, "focus_areas") in found
    assert (6, "status") in found
    assert (6, "links") in found
    assert (7, "member") in found  # Bangkok is not the Sumedang officer's
    assert all(p.line != 2 for p in report.problems)  # the good row has none
    messages = [str(p) for p in report.problems]
    assert "broken.csv, line 4, column 'start': '2024-13' is not a real date" in messages[1]
    assert not report.written


def test_value_rows_are_checked_too(tmp_path, personas):
    from hub.projects.importing import run_import

    content = (
        b"project,indicator,unit,period,value,source\n"
        b"wa-kepo,Portals,portals,2021-13,15,\n"
        b'wa-kepo,Portals,portals,2022,"3,5",\n'
        b"jaki,Illegal-parking reports,complaints,2023,10,\n"
        b"homecare-dottorota,Users,users,undated 2020/2024,10,\n"
        b"no-such-project,X,x,2022,1,not-a-url\n"
        b"no-such-project,X,x,2022,1,\n"
    )
    before = counts()
    report = run_import(content, "values.csv", actor=personas["sumedang_officer"])
    found = {(p.line, p.column) for p in report.problems}
    assert (2, "period") in found
    assert (3, "value") in found  # a decimal comma is refused, not guessed
    assert (4, "unit") in found or (4, "project") in found  # JAKI is not Sumedang's; the unit differs
    assert (5, "note") in found  # an undated value needs a note
    assert (6, "source") in found
    assert (7, "project") in found
    assert counts() == before


def test_dry_run_writes_nothing_but_reports_what_would_happen(tmp_path, personas):
    path = write(tmp_path, "projects.csv", PROJECTS_CSV)
    before = counts()
    out, _ = run(path, "--as", "officer@sumedang.example", "--dry-run")
    assert "Dry run" in out and "projects: 2 created" in out
    assert counts() == before


def test_member_option_refuses_rows_of_other_members(tmp_path, personas):
    path = write(tmp_path, "projects.csv", PROJECTS_CSV.replace("sumedang,Stunting", "banyuwangi,Stunting"))
    before = counts()
    with pytest.raises(CommandError):
        run(path, "--as", "nr@kemendagri.example", "--member", "sumedang")
    assert counts() == before


def test_the_command_refuses_unknown_users_and_files(tmp_path, personas):
    with pytest.raises(CommandError, match="No active user"):
        run(write(tmp_path, "p.csv", PROJECTS_CSV), "--as", "nobody@example.org")
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "missing.csv", "--as", "ascn@asean.example")
    with pytest.raises(CommandError, match="Excel"):
        run(write(tmp_path, "fake.xlsx", "PK not really a zip"), "--as", "ascn@asean.example")


def test_a_partner_can_import_nothing(tmp_path, personas):
    path = write(tmp_path, "projects.csv", PROJECTS_CSV)
    before = counts()
    with pytest.raises(CommandError):
        run(path, "--as", "cities@adb.example")
    assert counts() == before


# --- the page ----------------------------------------------------------------------------------------


def test_the_import_page_checks_then_imports(client, personas):
    client.force_login(personas["sumedang_officer"])
    response = client.get("/projects/import/")
    assert response.status_code == 200
    upload = SimpleUploadedFile("projects.csv", PROJECTS_CSV.encode(), content_type="text/csv")
    response = client.post("/projects/import/", {"file": upload, "dry_run": "on"})
    assert response.status_code == 200
    assert "Nothing was written (dry run)" in response.content.decode()
    assert not Project.objects.filter(title="Stunting reduction").exists()
    upload = SimpleUploadedFile("projects.csv", PROJECTS_CSV.encode(), content_type="text/csv")
    response = client.post("/projects/import/", {"file": upload})
    assert response.status_code == 200
    assert "projects: 2 created" in response.content.decode()
    assert Project.objects.filter(title="Stunting reduction", member__slug="sumedang").exists()


def test_the_import_page_lists_problems_with_line_and_column(client, personas):
    client.force_login(personas["sumedang_officer"])
    upload = SimpleUploadedFile("broken.csv", BROKEN_CSV.encode(), content_type="text/csv")
    before = counts()
    response = client.post("/projects/import/", {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "nothing was imported" in html
    assert '<td class="num">4</td><td>start</td>' in html
    assert counts() == before


def test_the_import_page_with_an_xlsx(client, personas, tmp_path):
    client.force_login(personas["indonesia_nr"])
    upload = SimpleUploadedFile("banyuwangi.xlsx", xlsx(tmp_path).read_bytes())
    response = client.post("/projects/import/", {"file": upload})
    assert response.status_code == 200, response.content.decode()[-2000:]
    assert Project.objects.filter(slug="smart-kampung-ii").exists()


def test_rights_are_reported_with_the_row_s_other_problems(personas):
    from hub.projects.importing import run_import

    content = b"member,title,focus_areas\nbangkok,Two problems,smart-everything\n"
    report = run_import(content, "p.csv", actor=personas["sumedang_officer"])
    assert {(p.line, p.column) for p in report.problems} == {(2, "member"), (2, "focus_areas")}
