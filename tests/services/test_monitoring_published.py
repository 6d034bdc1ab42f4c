"""The published M&E figures: data/me_reports.yaml through loadreference, and the hub's live count beside them."""

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from hub.monitoring.models import PublishedFigure
from hub.monitoring.published import figure_rows
from tests.services.test_monitoring_support import accepted, open_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(settings.REFERENCE_DATA_DIR, target, ignore=shutil.ignore_patterns("geo", "*.md"))
    return target


def _load(directory: Path | None = None) -> str:
    out = io.StringIO()
    call_command("loadreference", *(["--dir", str(directory)] if directory else []), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _refused(directory: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(directory), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def test_the_reports_tell_77_86_108_134_with_their_sources():
    figures = list(PublishedFigure.objects.order_by("as_of"))
    assert [(f.report_year, f.projects, f.confidence) for f in figures] == [
        (2022, 77, "high"),
        (2023, 86, "high"),
        (2024, 108, "high"),
        (2025, 134, "high"),
    ]
    assert all(f.sources and f.source_note and not f.is_demo for f in figures)
    assert all("asean.org" in f.sources[0] for f in figures)  # the reports' publisher first
    assert "scribd.com" in figures[0].sources[1] and "seasia.co" in figures[2].sources[1]
    latest = figures[-1]
    assert latest.by_status == {"ongoing": 108, "completed": 18, "planning": 8}
    assert latest.appendix_status == {"ongoing_or_planning": 116, "completed": 18}
    assert (latest.cycle_label, latest.period_text, latest.as_of_text) == ("2024–25", "2024-10/2025-09", "2025-09-30")
    assert (figures[0].as_of, figures[0].as_of_precision, figures[0].as_of_text) == (
        date(2022, 9, 21),
        "day",
        "2022-09-21",
    )
    # The 2022 text's 2.94% completed does not fit its own total: kept, and said.
    assert figures[0].by_status_percent["completed"] == 2.94 and "2.60%" in figures[0].notes


def test_reloading_changes_nothing():
    before = list(PublishedFigure.objects.order_by("pk").values_list("pk", "version"))
    assert "me_reports.yaml: 0 created, 0 updated, 4 unchanged" in _load()
    assert list(PublishedFigure.objects.order_by("pk").values_list("pk", "version")) == before


def test_a_changed_figure_is_updated_in_place(data_copy):
    path = data_copy / "me_reports.yaml"
    text = path.read_text(encoding="utf-8").replace("    civic-social: 27\n", "    civic-social: 26\n")
    path.write_text(text, encoding="utf-8")
    assert "me_reports.yaml: 0 created, 1 updated, 3 unchanged" in _load(data_copy)
    assert PublishedFigure.objects.get(report_year=2024).by_focus_area_percent["civic-social"] == 26
    assert PublishedFigure.objects.count() == 4


def test_a_breakdown_that_does_not_add_up_to_the_total_is_refused(data_copy):
    path = data_copy / "me_reports.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("projects: 108", "projects: 109"), encoding="utf-8")
    errors = _refused(data_copy)
    assert "'by_focus_area' adds up to 108, not the 109 projects" in errors
    assert "'by_country' adds up to 108, not the 109 projects" in errors
    assert PublishedFigure.objects.get(report_year=2024).projects == 108


def test_bad_records_are_reported_with_their_lines_and_nothing_is_loaded(data_copy):
    path = data_copy / "me_reports.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = {text.strip(): i + 1 for i, text in enumerate(lines)}
    text = "\n".join(lines) + "\n"
    text = text.replace("projects: 77", "projects: seventy-seven")
    text = text.replace("as_of: 2024-09-25", "as_of: 2024-13")
    text = text.replace("    planning: 8", "    planning: 8\n    pending: 2")
    text = text.replace("  confidence: high", "  confidence: certain")
    path.write_text(text, encoding="utf-8")
    errors = _refused(data_copy)
    assert f"me_reports.yaml:{number['projects: 77']}: 'projects': 'seventy-seven' is not a whole number" in errors
    assert f"me_reports.yaml:{number['as_of: 2024-09-25']}: 'as_of'" in errors
    assert f"me_reports.yaml:{number['planning: 8'] + 1}: 'by_status': 'pending' is not one of" in errors
    first_confidence = lines.index("  confidence: high") + 1  # the 2022 record's, before the added line
    assert f"me_reports.yaml:{first_confidence}: 'confidence': 'certain'" in errors
    assert PublishedFigure.objects.get(report_year=2022).projects == 77  # nothing of the file was written


def test_a_status_breakdown_larger_than_the_total_is_refused(data_copy):
    path = data_copy / "me_reports.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("ongoing: 108", "ongoing: 200"),
        encoding="utf-8",
    )
    assert "adds up to 226, more than the 134 projects" in _refused(data_copy)


def test_the_live_count_stands_beside_the_published_figure_only_where_the_hub_has_the_cycle(personas):
    assert [r.live_projects for r in figure_rows()] == [None, None, None, None]  # no cycle yet
    cycle = open_cycle(2025)
    accepted(personas, cycle=cycle)
    rows = {r.figure.report_year: r for r in figure_rows()}
    assert rows[2022].cycle is None and rows[2022].live_projects is None
    assert rows[2025].cycle == cycle
    assert rows[2025].live_projects >= 1 and rows[2025].figure.projects == 134  # never mixed
    assert [label for _key, label, _n in rows[2025].status_rows] == ["Planning", "Ongoing", "Completed"]
