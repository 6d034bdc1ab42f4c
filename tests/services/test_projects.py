"""The projects services (rights, validation, log, versions) and the projects part of the reference loader."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from hub.core.models import ChangeEntry
from hub.core.services import Conflict
from hub.network.models import Member
from hub.projects import services
from hub.projects.models import Indicator, IndicatorValue, Project, ProjectReportEntry
from hub.projects.periods import parse_period
from hub.projects.reference import load_reference

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Project, ProjectReportEntry, Indicator, IndicatorValue)}


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(settings.REFERENCE_DATA_DIR, target, ignore=shutil.ignore_patterns("geo", "*.md"))
    return target


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence and return its line number (1-based)."""
    content = path.read_text(encoding="utf-8")
    index = content.index(old)
    path.write_text(content.replace(old, new, 1), encoding="utf-8")
    return content[:index].count("\n") + 1


# --- services ---------------------------------------------------------------------------------------


def test_create_checks_rights_validates_and_logs(personas):
    sumedang, bangkok = Member.objects.get(slug="sumedang"), Member.objects.get(slug="bangkok")
    officer = personas["sumedang_officer"]
    with pytest.raises(PermissionDenied):
        services.create_project(actor=officer, data={"member": bangkok, "title": "X"}, focus_areas=["civic-social"])
    with pytest.raises(ValidationError) as error:
        services.create_project(actor=officer, data={"member": sumedang, "title": ""}, focus_areas=[])
    assert {"title", "focus_areas"} <= set(error.value.message_dict)
    # Only Sumedang's reference projects (WA KEPO and the three of the 2024–25 M&E reports): nothing written.
    assert not Project.objects.filter(member=sumedang, ref_key__isnull=True).exists()
    project = services.create_project(
        actor=officer, data={"member": sumedang, "title": "WA KEPO"}, focus_areas=["civic-social"], via="test"
    )
    assert project.slug == "wa-kepo-2"  # the reference project keeps its slug
    entries = ChangeEntry.objects.for_object(project)
    assert entries.filter(action="create", actor=officer).count() == 1
    assert any(e.changes.get("focus_areas") == [[], ["civic-social"]] for e in entries)


def test_update_with_a_stale_version_is_a_conflict_and_writes_nothing(personas):
    project = Project.objects.get(slug="jaki")
    nr = personas["indonesia_nr"]
    services.update_project(actor=nr, project=project, data={"funding": "Provincial budget."}, expected_version=1)
    with pytest.raises(Conflict):
        services.update_project(actor=nr, project=project, data={"funding": "Other."}, expected_version=1)
    assert Project.objects.get(pk=project.pk).funding == "Provincial budget."


def test_dates_keep_their_precision_and_end_after_start(personas):
    project = Project.objects.get(slug="jaki")
    secretariat = personas["secretariat"]
    data = {**services.date_fields("start", "2020"), **services.date_fields("end", "2019-06")}
    with pytest.raises(ValidationError) as error:
        services.update_project(actor=secretariat, project=project, data=data)
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.date_fields("start", "2020-02-30")
    updated = services.update_project(
        actor=secretariat, project=project, data={**services.date_fields("end", "2020-12")}
    )
    assert updated.end_display == "2020-12"


def test_indicator_services_follow_the_project_rights(personas):
    project = Project.objects.get(slug="homecare-dottorota")
    with pytest.raises(PermissionDenied):
        services.create_indicator(actor=personas["sumedang_officer"], project=project, data={"name": "X", "unit": "x"})
    with pytest.raises(PermissionDenied):
        services.create_indicator(actor=personas["partner"], project=project, data={"name": "X", "unit": "x"})
    indicator = services.create_indicator(
        actor=personas["indonesia_nr"], project=project, data={"name": "Vehicles", "unit": "vehicles"}
    )
    value = services.add_indicator_value(
        actor=personas["indonesia_nr"],
        indicator=indicator,
        data={**parse_period("2024").fields(), "value": 94, "note": "47 conventional, 47 low-carbon"},
    )
    assert value.reported_by == personas["indonesia_nr"]
    with pytest.raises(ValidationError):  # the period's end before its start
        services.add_indicator_value(
            actor=personas["indonesia_nr"],
            indicator=indicator,
            data={"period_start": "2024-12-31", "period_end": "2024-01-01", "period_label": "x", "value": 1},
        )


@pytest.mark.parametrize(
    ("text", "start", "end", "label", "undated"),
    [
        ("2019", "2019-01-01", "2019-12-31", "2019", False),
        ("2022-12", "2022-12-01", "2022-12-31", "2022-12", False),
        ("2022-01/2022-06", "2022-01-01", "2022-06-30", "2022-01/2022-06", False),
        ("2017/2023-02", "2017-01-01", "2023-02-28", "2017/2023-02", False),
        ("undated 2022-12/2024-10", "2022-12-01", "2024-10-31", "undated (2022-12/2024-10)", True),
    ],
)
def test_periods(text, start, end, label, undated):
    period = parse_period(text)
    assert (str(period.start), str(period.end), period.label, period.undated) == (start, end, label, undated)


@pytest.mark.parametrize("text", ["", "2022/2021", "undated", "2022-13", "last year"])
def test_bad_periods(text):
    with pytest.raises(ValueError):
        parse_period(text)


# --- the reference loader ------------------------------------------------------------------------------


def test_the_reference_projects_and_figures_are_loaded():
    assert set(Project.objects.values_list("slug", flat=True)) >= {
        "jaki",
        "homestay-naik-kelas",
        "homecare-dottorota",
        "wa-kepo",
        "smart-kampung",
        "lorong-wisata",
    }
    assert Project.objects.get(slug="jaki").member.slug == "dki-jakarta"
    assert Project.objects.get(slug="homestay-naik-kelas").focus_areas.get().code == "industry-innovation"
    patients = Indicator.objects.get(project__slug="homecare-dottorota", name="Patients served")
    assert [int(v.value) for v in patients.values.order_by("period_start")] == [4685, 5181, 4253, 3505, 1935]
    for model in (Project, Indicator, IndicatorValue):
        for obj in model.objects.all():
            assert obj.sources or obj.source_note
            assert obj.ref_key


def test_reloading_changes_nothing():
    before = counts()
    entries = ChangeEntry.objects.count()
    reports = load_reference(settings.REFERENCE_DATA_DIR)
    assert [str(r) for r in reports] == [
        "data/projects.yaml: 0 created, 0 updated, 6 unchanged",
        "data/me_projects.yaml: 0 created, 0 updated, 138 unchanged",
        "data/indicators.yaml: 0 created, 0 updated, 9 unchanged",
    ]
    assert counts() == before
    assert ChangeEntry.objects.count() == entries


def test_reloading_after_a_change_updates_in_place(data_copy):
    replace_once(data_copy / "indicators.yaml", "value: 5181", "value: 5182")
    replace_once(
        data_copy / "projects.yaml",
        'focus_areas: [civic-social]\n  status: ongoing\n  sources:\n    - "https://asean.org',
        'focus_areas: [civic-social, quality-environment]\n  status: ongoing\n  sources:\n    - "https://asean.org',
    )
    before = counts()
    reports = load_reference(data_copy)
    assert "1 updated" in str(reports[0]) and "1 updated" in str(reports[2])
    assert counts() == before
    assert IndicatorValue.objects.filter(value=5182).count() == 1
    assert Project.objects.get(slug="lorong-wisata").focus_areas.count() == 2


def test_a_value_hand_entered_in_the_hub_survives_a_reload(personas):
    indicator = Indicator.objects.get(project__slug="homecare-dottorota", name="Users")
    services.add_indicator_value(
        actor=personas["secretariat"], indicator=indicator, data={**parse_period("2025").fields(), "value": 1}
    )
    load_reference(settings.REFERENCE_DATA_DIR)
    assert indicator.values.filter(ref_key__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("projects.yaml", "member: sumedang", "member: atlantis", "no member with key 'atlantis'"),
        ("projects.yaml", "status: ongoing", "status: paused", "'status': 'paused' is not one of"),
        ("projects.yaml", "start: 2021-07-15", "start: 2021-07-35", "'start'"),
        (
            "projects.yaml",
            "focus_areas: [civic-social]",
            "focus_areas: [smart-everything]",
            "no focus area 'smart-everything'",
        ),
        ("indicators.yaml", "value: 4253", "value: lots", "'value': 'lots' is not a number"),
        ("indicators.yaml", 'period: "2020"', 'period: "2020-13"', "'period'"),
        ("indicators.yaml", "project: jaki", "project: jakarta-app", "no project with key 'jakarta-app'"),
        (
            "indicators.yaml",
            "    - period: undated\n      within: 2022-12/2024-10\n",
            "    - period: undated\n",
            "needs 'within'",
        ),
    ],
)
def test_a_broken_file_reports_its_line_and_loads_nothing(data_copy, file, old, new, message):
    line = replace_once(data_copy / file, old, new)
    # A second, valid change earlier in the same file must not be loaded either.
    replace_once(data_copy / "indicators.yaml", "value: 4685", "value: 4686")
    replace_once(data_copy / "projects.yaml", "title: Lorong Wisata", "title: Lorong Wisata (changed)")
    before = counts()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(data_copy), stdout=out, stderr=err)
    problems = err.getvalue()
    assert f"data/{file}:{line}:" in problems, problems
    assert message in problems, problems
    assert counts() == before
    if file == "projects.yaml":
        assert not Project.objects.filter(title__endswith="(changed)").exists()
    assert not IndicatorValue.objects.filter(value=4686).exists()


def test_an_unknown_field_is_reported_with_its_line(data_copy):
    line = replace_once(
        data_copy / "projects.yaml",
        "  status: ongoing\n  start: 2020-01",
        "  status: ongoing\n  colour: red\n  start: 2020-01",
    )
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(data_copy), stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert f"data/projects.yaml:{line + 1}: unknown field 'colour'" in err.getvalue()
