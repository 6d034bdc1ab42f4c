"""The bulk import writes what the services would write, row for row: the same records, counts, problems and
change-log entries (one per record and write), creates and updates, with nothing written when any row fails.

Each equivalence test does the same change through the services (hub.projects.services, in a savepoint that
is rolled back) and through the import, and compares the change-log entries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction

from hub.core.models import ChangeEntry
from hub.network.models import Member
from hub.projects import services
from hub.projects.importing import run_import
from hub.projects.models import Indicator, IndicatorValue, Project
from hub.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Project, Indicator, IndicatorValue, ChangeEntry)}


def entries_since(pk: int) -> list[tuple]:
    """The entries after ``pk`` as (model, action, repr, changes, who, via), ids left out."""
    rows = ChangeEntry.objects.filter(pk__gt=pk).order_by("pk").select_related("content_type")
    return [(e.content_type.model, e.action, e.object_repr, e.changes, e.actor_id, e.via) for e in rows]


def last_entry() -> int:
    return ChangeEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def through_services(change) -> list[tuple]:
    """The entries ``change()`` writes through the services; everything it wrote is rolled back."""
    mark = last_entry()
    with transaction.atomic():
        change()
        found = entries_since(mark)
        transaction.set_rollback(True)
    return found


def imported(content: str, actor, **options) -> tuple:
    mark = last_entry()
    report = run_import(content.encode(), "file.csv", actor=actor, via="import", **options)
    return report, entries_since(mark)


VALUES = """project,indicator,unit,period,value,source,note
wa-kepo,Complaints answered,complaints,2023-01,120,https://sumedangkab.go.id,First month
wa-kepo,Complaints answered,complaints,2023-02,135,,
wa-kepo,Complaints answered,complaints,2023/2024,"4,685",https://sumedangkab.go.id,
"""


def test_new_values_and_their_indicator_are_logged_as_the_services_log_them(personas):
    officer = personas["sumedang_officer"]
    project = Project.objects.get(slug="wa-kepo")
    source = ["https://sumedangkab.go.id"]
    note = "Reported by officer@sumedang.example (bulk import)."

    def by_hand():
        indicator = services.create_indicator(
            actor=officer, project=project, data={"name": "Complaints answered", "unit": "complaints"}, via="import"
        )
        from datetime import date

        for start, end, label, value, sources, text in (
            (date(2023, 1, 1), date(2023, 1, 31), "2023-01", Decimal("120"), source, "First month"),
            (date(2023, 2, 1), date(2023, 2, 28), "2023-02", Decimal("135"), [], ""),
            (date(2023, 1, 1), date(2024, 12, 31), "2023/2024", Decimal("4685"), source, ""),
        ):
            services.add_indicator_value(
                actor=officer,
                indicator=indicator,
                data={
                    "value": value,
                    "note": text,
                    "sources": sources,
                    "confidence": "medium",
                    "source_note": "" if sources else note,
                    "period_start": start,
                    "period_end": end,
                    "period_label": label,
                    "undated": False,
                },
                via="import",
            )

    expected = through_services(by_hand)
    report, found = imported(VALUES, officer)
    assert report.ok and report.written
    assert report.summary() == [
        "indicators: 1 created, 0 updated, 0 unchanged",
        "values: 3 created, 0 updated, 0 unchanged",
    ]
    assert len(found) == 4  # one entry per record
    assert sorted(found, key=repr) == sorted(expected, key=repr)
    value = IndicatorValue.objects.get(indicator__project=project, period_label="2023/2024")
    assert value.value == 4685 and value.version == 1 and value.reported_by == officer
    entry = ChangeEntry.objects.for_object(value).get()
    assert entry.action == "create" and entry.changes["value"] == [None, "4685"]


def test_changed_values_are_updated_in_place_and_unchanged_ones_left_alone(personas):
    officer = personas["sumedang_officer"]
    run_import(VALUES.encode(), "v.csv", actor=officer)
    first = IndicatorValue.objects.get(indicator__project__slug="wa-kepo", period_label="2023-01")
    changed = VALUES.replace("2023-01,120,", "2023-01,125,")

    def by_hand():
        services.update_indicator_value(
            actor=officer, value=first, data={"value": Decimal("125"), "note": "First month"}, via="import"
        )

    expected = through_services(by_hand)
    before = counts()
    report, found = imported(changed, officer)
    assert report.summary() == ["values: 0 created, 1 updated, 2 unchanged"]
    assert found == expected
    assert list(found[0][3]) == ["value"] and found[0][3]["value"][1] == "125"
    first.refresh_from_db()
    assert first.value == 125 and first.version == 2
    assert counts() == {**before, "ChangeEntry": before["ChangeEntry"] + 1}
    # The same file again: nothing to change, nothing logged, no version raised.
    report, found = imported(changed, officer)
    assert report.summary() == ["values: 0 created, 0 updated, 3 unchanged"] and found == []
    first.refresh_from_db()
    assert first.version == 2


def test_a_value_given_twice_in_a_file_is_created_then_updated(personas):
    content = VALUES + "wa-kepo,Complaints answered,complaints,2023-02,140,,\n"
    report, found = imported(content, personas["sumedang_officer"])
    assert report.summary() == [
        "indicators: 1 created, 0 updated, 0 unchanged",
        "values: 3 created, 1 updated, 0 unchanged",
    ]
    value = IndicatorValue.objects.get(indicator__project__slug="wa-kepo", period_label="2023-02")
    assert value.value == 140 and value.version == 2
    assert [e.action for e in ChangeEntry.objects.for_object(value).order_by("pk")] == ["create", "update"]


PROJECTS = """member,slug,title,summary,focus_areas,status,start,end,language,links
sumedang,sumedang-river-sensors,River sensors,Water levels every ten minutes.,quality-environment;Safety & Security,ongoing,2024-03,,en,https://sumedangkab.go.id
"""


def test_a_new_project_is_logged_indexed_and_searchable_as_the_services_make_it(personas):
    officer = personas["sumedang_officer"]
    sumedang = Member.objects.get(slug="sumedang")
    from datetime import date

    def by_hand():
        services.create_project(
            actor=officer,
            data={
                "member": sumedang,
                "title": "River sensors",
                "status": "ongoing",
                "language": "en",
                "start_date": date(2024, 3, 1),
                "start_precision": "month",
                "end_date": None,
                "end_precision": "",
                "links": [{"url": "https://sumedangkab.go.id", "label": ""}],
                "slug": "sumedang-river-sensors",
                "summary": "Water levels every ten minutes.",
            },
            focus_areas=["quality-environment", "safety-security"],
            via="import",
        )

    expected = through_services(by_hand)
    report, found = imported(PROJECTS, officer)
    assert report.summary() == ["projects: 1 created, 0 updated, 0 unchanged"]
    assert found == expected and [e[1] for e in found] == ["create", "update"]
    project = Project.objects.get(slug="sumedang-river-sensors")
    assert [fa.code for fa in project.focus_areas.all()] == ["safety-security", "quality-environment"]
    assert SearchDocument.objects.filter(kind="project", object_id=project.pk, title="River sensors").exists()


def test_an_existing_project_is_updated_with_its_focus_areas(personas):
    officer = personas["sumedang_officer"]
    project = Project.objects.get(slug="wa-kepo")
    content = "slug,member,title,summary,focus_areas\nwa-kepo,sumedang,{title},New summary.,health-well-being\n"
    content = content.format(title=project.title)

    def by_hand():
        services.update_project(
            actor=officer,
            project=project,
            data={"member": project.member, "title": project.title, "summary": "New summary."},
            focus_areas=["health-well-being"],
            via="import",
        )

    expected = through_services(by_hand)
    version = project.version
    report, found = imported(content, officer)
    assert report.summary() == ["projects: 0 created, 1 updated, 0 unchanged"]
    assert found == expected
    project.refresh_from_db()
    assert project.summary == "New summary." and project.version == version + 1
    assert [fa.code for fa in project.focus_areas.all()] == ["health-well-being"]
    # Only the focus areas change: the version is raised too, and one entry says so.
    again = content.replace("health-well-being", "civic-social")
    report, found = imported(again, officer)
    assert report.summary() == ["projects: 0 created, 1 updated, 0 unchanged"]
    assert [e[3] for e in found] == [{"focus_areas": [["health-well-being"], ["civic-social"]]}]
    project.refresh_from_db()
    assert project.version == version + 2


BAD_VALUES = """project,indicator,unit,period,value,source,note
wa-kepo,Complaints answered,complaints,2023-01,120,https://sumedangkab.go.id,
wa-kepo,Complaints answered,,2023-02,1.23456,,
wa-kepo,Complaints answered,reports,2023-03,1,,
wa-kepo,Brand new,,2023-01,1,,
wa-kepo,Complaints answered,complaints,undated 2020/2024,1,,
wa-kepo,Complaints answered,complaints,2024,1,,bad\x00note
"""


def test_every_kind_of_bad_value_row_is_reported_and_nothing_is_written(personas):
    before = counts()
    report, found = imported(BAD_VALUES, personas["sumedang_officer"])
    problems = {(p.line, p.column): p.message for p in report.problems}
    assert "more than 4 decimal places" in problems[(3, "value")]  # the model's own rule, at write time
    assert "counted in 'complaints'" in problems[(4, "unit")]
    assert "give its unit" in problems[(5, "unit")]
    assert "needs a note" in problems[(6, "note")]
    assert "NUL" in problems[(7, "note")]  # PostgreSQL cannot store it: refused, never a server error
    assert (2, "") not in problems and not any(line == 2 for line, _c in problems)
    assert not report.written and counts() == before and found == []


def test_rows_for_other_members_and_unknown_projects_are_refused(personas):
    sumedang = Member.objects.get(slug="sumedang")
    content = (
        "project,indicator,unit,period,value\n"
        "wa-kepo,Portals,portals,2024,3\n"
        "jaki,Reports,reports,2024,3\n"
        "nowhere,Reports,reports,2024,3\n"
    )
    before = counts()
    report, _found = imported(content, personas["indonesia_nr"], member=sumedang)
    problems = {(p.line, p.column): p.message for p in report.problems}
    assert "for Sumedang" in problems[(3, "project")] or "only" in problems[(3, "project")]
    assert "No project has the slug 'nowhere'" in problems[(4, "project")]
    assert counts() == before


def test_bad_project_rows_are_reported_with_the_services_messages(personas):
    officer = personas["sumedang_officer"]
    long_title = "T" * 201
    content = (
        "member,slug,title,focus_areas\n"
        "sumedang,new,Reserved slug,civic-social\n"
        f"sumedang,long-title,{long_title},civic-social\n"
        "sumedang,no-areas,No areas,;\n"
        "sumedang,fine-one,Fine one,civic-social\n"
        "sumedang,,WA KEPO,civic-social\n"
    )
    bangkok = Member.objects.get(slug="bangkok")
    services.create_project(
        actor=personas["secretariat"], data={"member": bangkok, "title": "Shared title"}, focus_areas=["civic-social"]
    )
    content += "sumedang,,Shared title,civic-social\n"  # the slug it would take is Bangkok's project's
    before = counts()
    report, _found = imported(content, officer)
    problems = {(p.line, p.column): p.message for p in report.problems}
    assert "reserved" in problems[(2, "slug")]
    assert "at most 200 characters" in problems[(3, "title")]
    assert "at least one focus area" in problems[(4, "focus_areas")]
    assert "already exists" in problems[(7, "slug")]
    assert not any(line == 5 for line, _c in problems)
    assert counts() == before and not report.written


def test_values_of_a_project_whose_row_failed_are_refused_with_it(personas):
    content_projects = "member,slug,title,focus_areas\nsumedang,brand-new,Brand new,smart-everything\n"
    report = run_import(content_projects.encode(), "p.csv", actor=personas["sumedang_officer"])
    assert {(p.line, p.column) for p in report.problems} == {(2, "focus_areas")}
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "projects"
    sheet.append(["member", "slug", "title", "focus_areas"])
    sheet.append(["sumedang", "brand-new", "Brand new", "smart-everything"])
    values = workbook.create_sheet("values")
    values.append(["project", "indicator", "unit", "period", "value"])
    values.append(["brand-new", "Users", "users", "2024", 10])
    import io

    buffer = io.BytesIO()
    workbook.save(buffer)
    before = counts()
    report = run_import(buffer.getvalue(), "both.xlsx", actor=personas["sumedang_officer"])
    found = {(p.table, p.line, p.column) for p in report.problems}
    assert ("both.xlsx, sheet 'projects'", 2, "focus_areas") in found
    assert ("both.xlsx, sheet 'values'", 2, "project") in found
    assert counts() == before


def test_a_dry_run_reports_the_counts_and_writes_nothing(personas):
    before = counts()
    report = run_import(VALUES.encode(), "v.csv", actor=personas["sumedang_officer"], dry_run=True)
    assert report.ok and not report.written
    assert report.summary() == [
        "indicators: 1 created, 0 updated, 0 unchanged",
        "values: 3 created, 0 updated, 0 unchanged",
    ]
    assert counts() == before


def test_progress_is_told_while_checking_and_writing(personas, monkeypatch):
    from hub.projects import importing

    monkeypatch.setattr(importing, "PROGRESS_EVERY", 2)
    seen = []
    run_import(
        VALUES.encode(), "v.csv", actor=personas["sumedang_officer"], progress=lambda *figures: seen.append(figures)
    )
    assert seen[-1] == (3, 3, 0)
    assert any(checked == 2 for checked, _w, _e in seen)


def test_a_row_that_names_another_member_s_project_cannot_take_it_over(personas):
    jaki = Project.objects.get(slug="jaki")
    content = f"member,slug,title,focus_areas\nsumedang,jaki,{jaki.title},civic-social\n"
    before = counts()
    report, _found = imported(content, personas["sumedang_officer"])
    assert [(p.line, p.column) for p in report.problems] == [(2, "member")]
    assert "may not edit" in report.problems[0].message
    assert counts() == before
    jaki.refresh_from_db()
    assert jaki.member.slug != "sumedang"


def test_an_update_the_model_refuses_is_reported_on_its_line(personas):
    officer = personas["sumedang_officer"]
    run_import(VALUES.encode(), "v.csv", actor=officer)
    before = counts()
    report, found = imported(VALUES.replace("2023-02,135,", "2023-02,1.00001,"), officer)
    assert [(p.line, p.column) for p in report.problems] == [(3, "value")]
    assert "decimal places" in report.problems[0].message
    assert counts() == before and found == []
    assert IndicatorValue.objects.get(indicator__project__slug="wa-kepo", period_label="2023-02").value == 135


def test_text_with_backslashes_tabs_line_breaks_and_accents_is_kept_as_written(personas):
    note = 'Dinas "Kominfo" \\ Sumedang\tsecond part\nnext line — café'
    quoted = note.replace('"', '""')
    content = f'project,indicator,unit,period,value,note\nwa-kepo,Pengaduan é,laporan,2024,7,"{quoted}"\n'
    report, found = imported(content, personas["sumedang_officer"])
    assert report.ok, report.problems
    value = IndicatorValue.objects.get(indicator__name="Pengaduan é")
    assert value.note == note
    entry = ChangeEntry.objects.for_object(value).get()
    assert entry.changes["note"] == [None, note] and entry.object_repr == "Pengaduan é 2024: 7"


def test_a_reference_value_is_updated_through_the_whole_check(personas):
    value = IndicatorValue.objects.exclude(ref_key=None).select_related("indicator__project").first()
    indicator = value.indicator
    content = (
        "project,indicator,unit,period,value,source\n"
        f"{indicator.project.slug},{indicator.name},{indicator.unit},{value.period_label},{int(value.value) + 1},"
        "https://example.org/newer\n"
    )
    report, found = imported(content, personas["secretariat"])
    assert report.summary() == ["values: 0 created, 1 updated, 0 unchanged"], report.problems
    value.refresh_from_db()
    assert value.ref_key and value.version == 2 and value.sources == ["https://example.org/newer"]
    assert [entry[1] for entry in found] == ["update"]


@pytest.mark.parametrize("general", [False, True], ids=["usual-fields", "general-path"])
def test_values_of_every_kind_are_logged_as_the_services_log_them(personas, monkeypatch, general):
    """Fractions, negative and large figures, a label with quotes and a backslash, an undated value, several
    sources, a confidence: the values and their change-log entries are those the services write (on
    PostgreSQL the import writes both as COPY text of its own: hub.projects.importing.copying, by its path for
    the fields the row checks give, or by its general path)."""
    from hub.projects.importing import copying
    from hub.projects.periods import parse_period

    if general:
        monkeypatch.setattr(copying, "ROW", ())

    officer = personas["sumedang_officer"]
    project = Project.objects.get(slug="wa-kepo")
    sources = ["https://sumedangkab.go.id", "https://example.org/a\\b"]
    content = (
        "project,indicator,unit,period,value,source,note,label,confidence\n"
        "wa-kepo,Share \\ answered,percent,2023-01,12.50,"
        'https://sumedangkab.go.id;https://example.org/a\\b,,"Q1 ""early"" \\ x",high\n'
        "wa-kepo,Share \\ answered,percent,2023-02,-3,,,,\n"
        'wa-kepo,Share \\ answered,percent,"undated 2022-12/2024-10","1,234,567.25",,Estimated — one survey,,low\n'
        "wa-kepo,Share \\ answered,percent,2023-03,0,,,,\n"
    )
    note = "Reported by officer@sumedang.example (bulk import)."
    rows = [
        ("2023-01", 'Q1 "early" \\ x', Decimal("12.50"), sources, "", "high"),
        ("2023-02", "", Decimal("-3"), [], "", "medium"),
        ("undated 2022-12/2024-10", "", Decimal("1234567.25"), [], "Estimated — one survey", "low"),
        ("2023-03", "", Decimal("0"), [], "", "medium"),
    ]

    def by_hand():
        indicator = services.create_indicator(
            actor=officer, project=project, data={"name": "Share \\ answered", "unit": "percent"}, via="import"
        )
        for period, label, value, given, text, confidence in rows:
            services.add_indicator_value(
                actor=officer,
                indicator=indicator,
                data={
                    "value": value,
                    "note": text,
                    "sources": given,
                    "confidence": confidence,
                    "source_note": "" if given else note,
                    **parse_period(period, label=label).fields(),
                },
                via="import",
            )

    expected = through_services(by_hand)
    report, found = imported(content, officer)
    assert report.ok and report.written, report.problems
    assert report.summary() == [
        "indicators: 1 created, 0 updated, 0 unchanged",
        "values: 4 created, 0 updated, 0 unchanged",
    ]
    assert sorted(found, key=repr) == sorted(expected, key=repr)
    values = IndicatorValue.objects.filter(indicator__name="Share \\ answered").order_by("period_start", "pk")
    assert [(v.value, v.period_label, v.sources, v.undated, v.reported_by_id) for v in values] == [
        (Decimal("1234567.25"), "undated (2022-12/2024-10)", [], True, officer.pk),
        (Decimal("12.5"), 'Q1 "early" \\ x', sources, False, officer.pk),
        (Decimal("-3"), "2023-02", [], False, officer.pk),
        (Decimal("0"), "2023-03", [], False, officer.pk),
    ]


def test_values_written_by_copy_change_the_data_version_so_no_cached_page_is_stale(personas):
    """New values of an existing indicator: on PostgreSQL only COPY writes them (no statement through Django's
    cursor), which must change the data version in the same transaction as any other write."""
    from hub.core import dataversion

    officer = personas["sumedang_officer"]
    assert run_import(VALUES.encode(), "v.csv", actor=officer).written  # the indicator exists from here on
    before = dataversion.current().token
    more = "project,indicator,unit,period,value\nwa-kepo,Complaints answered,complaints,2023-03,150\n"
    report = run_import(more.encode(), "more.csv", actor=officer)
    assert report.summary() == ["values: 1 created, 0 updated, 0 unchanged"]
    assert dataversion.current().token != before


MANY = "project,indicator,unit,period,value,source\n" + "".join(
    f"wa-kepo,{name},{unit},{2000 + m // 12}-{m % 12 + 1:02d},{m * 7},https://sumedangkab.go.id\n"
    for name, unit in (("Complaints answered", "complaints"), ("Portals", "portals"))
    for m in range(9)
)


def written_in_parts(content: str, actor, monkeypatch, rows: int) -> tuple:
    """The import of ``content`` with ``rows`` value rows a part, rolled back: its report's summary and problems,
    and its change-log entries."""
    from hub.projects import importing

    monkeypatch.setattr(importing, "PART_ROWS", rows)
    with transaction.atomic():
        report, found = imported(content, actor)
        transaction.set_rollback(True)
    return report.summary(), [str(p) for p in report.problems], sorted(found, key=repr)  # parts interleave models


def test_a_file_written_in_parts_writes_what_it_writes_in_one(personas, monkeypatch):
    """On PostgreSQL each part's COPYs run in hub.core.streaming's thread while the next part is checked: the
    records, counts and change-log entries are those of one part, a value given twice across parts included."""
    officer = personas["sumedang_officer"]
    content = MANY + "wa-kepo,Portals,portals,2000-01,99,https://sumedangkab.go.id\n"  # given again, changed
    whole = written_in_parts(content, officer, monkeypatch, 100_000)
    assert whole[0] == ["indicators: 2 created, 0 updated, 0 unchanged", "values: 18 created, 1 updated, 0 unchanged"]
    assert len(whole[2]) == 2 + 18 + 1 and not whole[1]
    for rows in (1, 4, 7):
        assert written_in_parts(content, officer, monkeypatch, rows) == whole


@pytest.mark.parametrize("where", ["first", "last"])
def test_a_bad_row_in_any_part_leaves_nothing_written(personas, monkeypatch, where):
    """Earlier parts were sent to PostgreSQL before the bad row's part was checked: the transaction is rolled
    back all the same, values, indicators and change-log entries."""
    from hub.projects import importing

    monkeypatch.setattr(importing, "PART_ROWS", 4)
    lines = MANY.splitlines(keepends=True)
    bad = "wa-kepo,Portals,portals,2030-01,not a number,\n"
    content = lines[0] + (bad + "".join(lines[1:]) if where == "first" else "".join(lines[1:]) + bad)
    before = counts()
    report, found = imported(content, personas["sumedang_officer"])
    assert [(p.line, p.column) for p in report.problems] == [(2 if where == "first" else 20, "value")]
    assert report.counts["values"]["created"] == 18  # every other row was written, then rolled back
    assert not report.written and counts() == before and found == []


def test_no_part_waits_on_a_query_for_its_keys(personas, monkeypatch):
    """On PostgreSQL the keys of the new values and indicators are drawn once, before the first part: a query
    of a part would wait until every COPY sent before it is stored (hub.core.streaming), and PostgreSQL would
    then idle while the part is made. So a file in many parts makes no more queries than in one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hub.projects import importing

    if connection.vendor != "postgresql":
        pytest.skip("COPY and drawn keys are PostgreSQL's")
    officer = personas["sumedang_officer"]
    made = []
    for rows in (100_000, 100_000, 4):  # the first also fills the process's caches (content types, sequences)
        monkeypatch.setattr(importing, "PART_ROWS", rows)
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            report, found = imported(MANY, officer)
            transaction.set_rollback(True)
        made.append((len(queries), report.summary(), sorted(found, key=repr)))
    assert made[0][1] == ["indicators: 2 created, 0 updated, 0 unchanged", "values: 18 created, 0 updated, 0 unchanged"]
    assert made[2] == made[1]


def test_values_of_every_kind_are_updated_as_the_services_update_them(personas):
    """A file sent again with other figures, notes, sources and confidences: each value is updated in
    place, logged as update_indicator_value logs it (the import compares and snapshots the stored fields
    without an instance: hub.projects.importing.batch), and a value the row leaves as it is stays unchanged."""
    from hub.projects.periods import parse_period

    officer = personas["sumedang_officer"]
    first = (
        "project,indicator,unit,period,value,source,note,label,confidence\n"
        'wa-kepo,Share answered,percent,2023-01,12.50,https://sumedangkab.go.id,,"Q1 ""early""",high\n'
        "wa-kepo,Share answered,percent,2023-02,-3,,Before,,\n"
        "wa-kepo,Share answered,percent,2023-03,7,,,,\n"
    )
    assert run_import(first.encode(), "v.csv", actor=officer).written
    again = (
        "project,indicator,unit,period,value,source,note,label,confidence\n"
        'wa-kepo,Share answered,percent,2023-01,12.5,https://example.org/a\\b;https://sumedangkab.go.id,"Tab\tand \\",'
        '"Q1 ""early""",low\n'
        "wa-kepo,Share answered,percent,2023-02,-3.25,,Before,,\n"
        "wa-kepo,Share answered,percent,2023-03,7.0000,,,,\n"  # the same figure, written otherwise: unchanged
    )
    stored = {v.period_start.month: v for v in IndicatorValue.objects.filter(indicator__name="Share answered")}
    note = "Reported by officer@sumedang.example (bulk import)."

    def by_hand():
        services.update_indicator_value(
            actor=officer,
            value=stored[1],
            data={
                "value": Decimal("12.5"),
                "note": "Tab\tand \\",
                "sources": ["https://example.org/a\\b", "https://sumedangkab.go.id"],
                "confidence": "low",
                "source_note": "",
                **parse_period("2023-01", label='Q1 "early"').fields(),
            },
            via="import",
        )
        services.update_indicator_value(
            actor=officer,
            value=stored[2],
            data={"value": Decimal("-3.25"), "note": "Before", "source_note": note},
            via="import",
        )

    expected = through_services(by_hand)
    report, found = imported(again, officer)
    assert report.ok and report.written, report.problems
    assert report.summary() == ["values: 0 created, 2 updated, 1 unchanged"]
    assert sorted(found, key=repr) == sorted(expected, key=repr) and len(found) == 2
    values = {v.period_start.month: v for v in IndicatorValue.objects.filter(indicator__name="Share answered")}
    assert (values[1].value, values[1].note, values[1].confidence, values[1].version) == (
        Decimal("12.5"),
        "Tab\tand \\",
        "low",
        2,
    )
    assert values[1].period_label == 'Q1 "early"' and values[1].reported_by == officer  # the label is in the key
    assert (values[2].value, values[2].version, values[3].version) == (Decimal("-3.25"), 2, 1)


def test_values_updated_in_parts_write_what_one_part_writes(personas, monkeypatch):
    """On PostgreSQL the updates of each part go to hub.core.streaming's thread (a COPY into a temporary table, an
    UPDATE from it) while the next part is checked: the records, counts and entries are those of one part."""
    officer = personas["sumedang_officer"]
    assert run_import(MANY.encode(), "many.csv", actor=officer).written
    changed = MANY.replace(",https://", "1,https://")  # every figure another
    whole = written_in_parts(changed, officer, monkeypatch, 100_000)
    assert whole[0] == ["values: 0 created, 18 updated, 0 unchanged"] and len(whole[2]) == 18 and not whole[1]
    for rows in (1, 4, 7):
        assert written_in_parts(changed, officer, monkeypatch, rows) == whole
    monkeypatch.setattr("hub.projects.importing.PART_ROWS", 4)
    report, _found = imported(changed, officer)
    assert report.written and report.summary() == whole[0]
    figures = sorted(IndicatorValue.objects.filter(indicator__project__slug="wa-kepo").values_list("value", "version"))
    assert [version for _v, version in figures if _v % 10 == 1] == [2] * 18
