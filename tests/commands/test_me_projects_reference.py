"""``loadreference`` and data/me_projects.yaml: the projects of the M&E reports load like every reference
file — checked whole, a bad record reported by file and line with nothing of that file written, reloading
changes nothing, a record edited in the hub is kept."""

import io
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from hub.projects import services
from hub.projects.models import Project, ProjectReportEntry

pytestmark = pytest.mark.django_db

FILE = "me_projects.yaml"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(settings.REFERENCE_DATA_DIR, target, ignore=shutil.ignore_patterns("geo", "*.md"))
    return target


def _replace(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence; the 1-based line where it starts."""
    content = path.read_text(encoding="utf-8")
    index = content.index(old)
    path.write_text(content.replace(old, new, 1), encoding="utf-8")
    return content[:index].count("\n") + 1


def _load(directory: Path) -> str:
    out = io.StringIO()
    call_command("loadreference", "--dir", str(directory), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _refused(directory: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("loadreference", "--dir", str(directory), stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def _state() -> tuple:
    return (
        sorted(Project.objects.values_list("slug", "title", "version")),
        sorted(ProjectReportEntry.objects.values_list("ref_key", "project__slug", "title", "version")),
    )


def test_reloading_changes_nothing(data_copy):
    before = _state()
    assert f"data/{FILE}: 0 created, 0 updated, 138 unchanged" in _load(data_copy)
    assert _state() == before


def test_a_project_whose_member_is_unknown_is_refused_with_its_line_and_nothing_of_the_file_is_loaded(data_copy):
    path = data_copy / FILE
    # A valid change earlier in the file must not be written either.
    _replace(path, "title: Digital Identity\n", "title: Digital Identity (changed)\n")
    line = _replace(path, "member: kuching\n", "member: atlantis\n")
    before = _state()
    errors = _refused(data_copy)
    assert f"data/{FILE}:{line}: 'member': no member with key 'atlantis'" in errors
    assert _state() == before
    assert not Project.objects.filter(title__endswith="(changed)").exists()


def test_a_bad_report_row_is_reported_at_its_own_line(data_copy):
    path = data_copy / FILE
    old = (
        "    - {year: 2023, row: 3, title: Digital Identity, focus_area: civic-social, match: exact, confidence: high}"
    )
    line = _replace(path, old, old.replace("civic-social", "smart-everything").replace("row: 3", "row: three"))
    errors = _refused(data_copy)
    assert f"data/{FILE}:{line}: 'row' must be a whole number from 1 to 10000, not 'three'" in errors
    assert f"data/{FILE}:{line}: 'focus_area': no focus area 'smart-everything'" in errors


def test_a_row_given_twice_or_a_key_of_projects_yaml_is_refused(data_copy):
    path = data_copy / FILE
    # JAKI's 2025 row belongs to projects.yaml's record; giving it to another project is refused.
    line = _replace(path, "{year: 2025, appendix: A, row: 22,", "{year: 2025, appendix: A, row: 24,")
    key_line = _replace(path, "- key: dki-jakarta-jaklingko\n", "- key: jaki\n")
    errors = _refused(data_copy)
    assert f"data/{FILE}:{line}: 2025 appendix A row 24 is already given (data/projects.yaml:" in errors
    assert f"data/{FILE}:{key_line}: key 'jaki' is already a project of projects.yaml" in errors
    assert ProjectReportEntry.objects.get(report_year=2025, appendix="A", row=24).project.slug == "jaki"


def test_a_project_edited_in_the_hub_is_kept_and_a_row_removed_from_the_file_is_removed(data_copy, personas):
    project = Project.objects.get(slug="dki-jakarta-jakpreneur")
    services.update_project(
        actor=personas["secretariat"], project=project, data={"summary": "Jakarta's entrepreneurs programme."}
    )
    path = data_copy / FILE
    content = path.read_text(encoding="utf-8")
    row = (
        "    - {year: 2022, row: 18, title: JakPreneur, city: Jakarta, focus_area: industry-innovation, "
        "match: new, confidence: high}\n"
    )
    assert row in content
    path.write_text(content.replace(row, ""), encoding="utf-8")
    output = _load(data_copy)
    assert "1 kept as edited in the hub" in output
    project.refresh_from_db()
    assert project.summary == "Jakarta's entrepreneurs programme."
    # Its rows still follow the file: the 2022 row is gone, the other three stay.
    assert list(project.report_entries.values_list("report_year", flat=True)) == [2023, 2024, 2025]
