"""Draft the rows of an ASCN M&E report's appendix from its text (pdftotext -layout) extract.

    python data/tools/me_appendix.py REPORT.txt YEAR > draft.yaml

Prints one YAML mapping per appendix row: year, appendix (A/B, or empty when the report has a single list),
row number, country, city, title and focus area, each with the text line it came from. It is a first
draft for data/me_projects.yaml, checked by hand: a long cell can wrap (2025 appendix A row 41 prints its
number one line below its name and the end of its title one line below that), and a country is printed
only on its first row. The script reports the rows it could not read on stderr instead of guessing.
"""

from __future__ import annotations

import re
import sys

import yaml

FOCUS_AREAS = [
    "Civic & Social",
    "Health & Well-Being",
    "Safety & Security",
    "Quality Environment",
    "Built Infrastructure",
    "Industry & Innovation",
]
COUNTRIES = [
    "Brunei Darussalam",
    "Cambodia",
    "Indonesia",
    "Lao PDR",
    "Malaysia",
    "Myanmar",
    "Philippines",
    "Singapore",
    "Thailand",
    "Viet Nam",
    "Timor-Leste",
]
NUMBER = re.compile(r"^\s*(\d+)\.\s*(.*)$")
CELLS = re.compile(r"\s{2,}")
SECTION = re.compile(r"^\s*([AB])\.\s+List of")


def _skip(line: str) -> bool:
    text = line.strip()
    return (
        not text
        or text.isdigit()
        or text.startswith("ASCN Monitoring and Evaluation Report")
        or text.startswith("No.")
        or text.startswith("List of ASCN")
    )


def _split(rest: str, line_no: int) -> dict | None:
    """Country (optional), city, project and focus area of a row's text, or None if it is not one."""
    cells = [c for c in CELLS.split(rest.strip()) if c]
    if len(cells) < 3 or cells[-1] not in FOCUS_AREAS:
        return None
    # Singapore is a country and its own city: a country cell only when four cells are left.
    country = cells[0] if cells[0] in COUNTRIES and len(cells) >= 4 else ""
    if country:
        cells = cells[1:]
    if len(cells) < 3:
        return None
    return {
        "country": country,
        "city": cells[0],
        "title": " ".join(cells[1:-1]),
        "focus_area": cells[-1],
        "line": line_no,
    }


def parse(lines: list[str], year: int) -> tuple[list[dict], list[str]]:
    start = max(i for i, line in enumerate(lines) if line.strip() == "Appendix")
    rows: list[dict] = []
    problems: list[str] = []
    appendix, country, pending = "", "", None
    for index in range(start + 1, len(lines)):
        line, line_no = lines[index], index + 1
        section = SECTION.match(line)
        if section:
            appendix, country = section.group(1), ""
            continue
        if _skip(line):
            continue
        numbered = NUMBER.match(line)
        if numbered and not numbered.group(2):
            # The number printed alone below its row's text (a wrapped cell).
            if pending is None:
                problems.append(f"line {line_no}: a row number without its row")
                continue
            pending["no"] = int(numbered.group(1))
            rows.append(pending)
            pending = None
            continue
        cells = _split(numbered.group(2) if numbered else line, line_no)
        if cells is None:
            if rows and not numbered:
                # The rest of the previous row's title, wrapped onto its own line.
                rows[-1]["title"] = f"{rows[-1]['title']} {line.strip()}"
                rows[-1]["wrapped"] = True
            else:
                problems.append(f"line {line_no}: cannot read {line.strip()!r}")
            continue
        country = cells["country"] or country
        row = {"year": year, "appendix": appendix, **cells, "country": country}
        if numbered:
            row["no"] = int(numbered.group(1))
            rows.append(row)
        else:
            pending = row
    if pending is not None:
        problems.append(f"line {pending['line']}: a row without its number")
    return rows, problems


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        rows, problems = parse(handle.read().splitlines(), int(argv[2]))
    for problem in problems:
        print(problem, file=sys.stderr)
    yaml.safe_dump(rows, sys.stdout, allow_unicode=True, sort_keys=False, width=200)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
