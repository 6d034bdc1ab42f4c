"""The M&E report's files for a network with many projects (``manage.py mereport``): the XLSX has every
table with the CSV's header and rows, its cells written as openpyxl writes them; the PDF's appendix
lists every project over several pages, titles wrapped as reportlab's Paragraph wraps them."""

import csv
import io
import shutil
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

import pytest
from django.core.management import call_command
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment
from reportlab.platypus import Paragraph

from hub.core.services import create_record
from hub.monitoring.report.pdf_draw import _styles
from hub.monitoring.report.pdf_rows import wrap_lines
from hub.monitoring.report.xlsx_rows import rows_xml
from hub.network.models import Member
from hub.projects.models import Project
from tests.services.test_monitoring_support import COMMAND, accepted, open_cycle

pytestmark = pytest.mark.django_db

SHEETS = {"projects": "Projects", "updates": "Updates", "indicator_values": "Indicator values"}
SHEETS["membership"] = "Membership changes"
SHEETS["highlights"] = "Highlighted projects"
SHEETS["investment"] = "Investment"  # hub/partnerships, through the report's section registry
LONG_TITLE = "Integrated flood early-warning and evacuation routing for riverside districts, phase"
TRICKY = {
    "narrative": " Leading and trailing spaces ",
    "challenges": "=SUM(A1:A2)",
    "support_needed": "#N/A",
    "milestones": ["Tom & Jerry <b>bold</b> > 3", "Hà Nội, Đà Nẵng"],
}


def _report(tmp_path, fmt: str, *extra) -> bytes:
    out = tmp_path / f"report.{fmt}"
    call_command(
        "mereport", "2024-2025", "--format", fmt, "--out", str(out), *extra, stdout=io.StringIO(), stderr=io.StringIO()
    )
    return out.read_bytes()


def _thai_projects(count: int) -> list[Project]:
    """Projects that count in 2024–2025 (Thai members, started in 2020); every third one has a long title."""
    members = list(Member.objects.filter(country__code="TH").order_by("slug")[:4])
    return [
        create_record(
            Project,
            actor=COMMAND,
            data={
                "slug": f"report-test-{i}",
                "member": members[i % len(members)],
                "title": f"{LONG_TITLE} {i:03d}" if i % 3 == 0 else f"Report test project {i:03d}",
                "status": "ongoing",
                "start_date": date(2020, 1, 1),
                "start_precision": "year",
            },
        )
        for i in range(count)
    ]


def _sheet_text(value) -> str:
    return "" if value is None else str(value)


def _csv_text(value: str) -> str:
    """The CSV guards formula-like text with an apostrophe; the XLSX stores such text as text instead."""
    return value[1:] if value.startswith("'=") else value


def test_the_xlsx_has_every_table_with_the_csv_header_and_rows(personas, tmp_path):
    cycle = open_cycle(2025)
    _thai_projects(12)
    accepted(personas, cycle=cycle, **TRICKY)
    xlsx = _report(tmp_path, "xlsx")
    workbook = load_workbook(io.BytesIO(xlsx))
    assert workbook.sheetnames == ["Summary", *SHEETS.values()]
    for table, title in SHEETS.items():
        expected = [
            [_csv_text(v) for v in row]
            for row in csv.reader(io.StringIO(_report(tmp_path, "csv", "--table", table).decode()))
        ]
        sheet = workbook[title]
        found = [[_sheet_text(c.value) for c in row] for row in sheet.iter_rows(max_col=len(expected[0]))]
        assert found == expected, table
        assert sheet.freeze_panes == "A2" and all(c.font.b for c in sheet[1])
        if len(expected) > 1:
            assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(expected[0])).column_letter}{len(expected)}"
    assert len(list(workbook["Projects"].iter_rows())) >= 13
    updates = workbook["Updates"]
    header = [c.value for c in updates[1]]
    wa = next(row for row in updates.iter_rows(min_row=2) if row[header.index("project")].value == "WA KEPO")
    cell = {name: wa[i] for i, name in enumerate(header)}
    assert cell["narrative"].value == TRICKY["narrative"] and cell["narrative"].alignment.wrap_text
    assert (cell["challenges"].value, cell["challenges"].data_type) == ("=SUM(A1:A2)", "s")  # text, never a formula
    assert cell["support_needed"].data_type == "e"  # as openpyxl stores an error code
    assert cell["milestones"].value == "; ".join(TRICKY["milestones"])
    assert (cell["progress_percent"].value, cell["project"].alignment.wrap_text) == (70, None)
    raw = zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/worksheets/sheet3.xml").decode()  # the Updates sheet
    assert '<t xml:space="preserve"> Leading and trailing spaces </t>' in raw
    assert "Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; &gt; 3" in raw
    assert _report(tmp_path, "xlsx") == xlsx  # same data, same bytes


def _openpyxl_sheet(rows: list[list], wrapped: set[int]) -> str:
    """openpyxl's own write-only cells for the rows, as the report wrote them before xlsx_rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("x")
    for row in rows:
        out = []
        for i, value in enumerate(row):
            if isinstance(value, str) and (value.startswith("=") or i in wrapped):
                cell = WriteOnlyCell(sheet, value=value)
                if value.startswith("="):
                    cell.data_type = "s"
                if i in wrapped:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                out.append(cell)
            else:
                out.append(value)
        sheet.append(out)
    raw = io.BytesIO()
    workbook.save(raw)
    xml = zipfile.ZipFile(raw).read("xl/worksheets/sheet1.xml").decode()
    return xml[xml.index("<sheetData>") + len("<sheetData>") : xml.index("</sheetData>")]


def test_the_xlsx_rows_are_the_cells_openpyxl_writes():
    rows = [
        ["plain", " lead", "trail ", "  ", "", None, "=A1+1", "=", "#N/A", "#VALUE!", "-5", "+1 call"],
        ["a & b < c > d", "line one\nline two", "tab\there", "Hà Nội", "x" * 40000, 0, 70, -3, 2.5, 10**17],
        [True, False, Decimal("12.50"), Decimal("1E+2"), float("nan"), "=SUM(A1:A2)", None, "", "’quote’", '"dq"'],
    ]
    widths = [0] * 12
    for wrapped in (set(), {1, 5, 6}):
        body, count = rows_xml(rows, first_row=1, widths=widths, wrapped=wrapped, wrap_style=lambda: 1)
        assert (body.decode(), count) == (_openpyxl_sheet(rows, wrapped), 3)
    assert widths[0] == 13 and widths[4] == 60  # the longest text per column, at most 60


def _paragraph_lines(text: str, width: float) -> list[str]:
    paragraph = Paragraph(escape(text).replace("\n", "<br/>"), _styles()["cell"])
    paragraph.wrap(width, 10_000)
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [" ".join(words) for _space, words in lines]
    return ["".join(frag.text for frag in line.words).strip() for line in lines]


@pytest.mark.parametrize(
    "text",
    [
        "WA KEPO",
        LONG_TITLE,
        "Supercalifragilisticexpialidocious" * 3 + " and a tail",
        "A short start " + "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2,
        "Two  spaces   and\nan explicit second line",
        "Trần Hưng Đạo smart-lighting corridor, Thành phố Hồ Chí Minh (Việt Nam) — phase II",
    ],
)
def test_appendix_titles_wrap_as_a_paragraph_wraps_them(text):
    for width in (40, 90, 147):
        assert wrap_lines(text, width) == _paragraph_lines(text, width)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_appendix_lists_every_project_over_pages(personas, tmp_path):
    cycle = open_cycle(2025)
    made = _thai_projects(150)
    accepted(personas, cycle=cycle)
    pdf = _report(tmp_path, "pdf")
    pages = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = pages.split("\f")
    start = next(i for i, page in enumerate(pages) if "Appendix: all projects of the cycle" in page)
    appendix = pages[start:]
    text = " ".join(" ".join(appendix).split())
    for project in made:
        assert project.title in text, project.title
    assert "Sumedang" in text and "WA KEPO" in text and "Thailand" in text
    filled = [page for page in appendix if page.strip()]
    assert len(filled) >= 3
    for page in filled:  # the header is repeated on every page of the table
        assert "Member" in page and "Focus areas" in page and "Reported" in page
    assert _report(tmp_path, "pdf") == pdf  # same data, same bytes
