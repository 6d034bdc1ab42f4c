"""The checkers themselves: each reports what it must, so that a clean run of test_pages.py means clean pages."""

from __future__ import annotations

import pytest

from tests.a11y.checkers import java_path, run_axe, run_nu

pytestmark = [pytest.mark.e2e, pytest.mark.a11y]

VALID = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title></head>
<body><main><h1>T</h1><p><time datetime="2026-12-02T10:11:20+07:00">today</time></p></main></body></html>"""


def test_the_nu_checker_reports_html_errors_by_page(tmp_path):
    if java_path() is None:
        pytest.skip("No Java found: the Nu checker cannot run")
    good, bad = tmp_path / "good.html", tmp_path / "bad.html"
    good.write_text(VALID)
    bad.write_text(VALID.replace("10:11:20+07:00", "10:11:20.123456+07:00"))
    errors = run_nu({good: "[anonymous] /good/", bad: "[anonymous] /bad/"})
    assert len(errors) == 1
    assert errors[0].startswith("[anonymous] /bad/ line 2:") and "fraction of a second" in errors[0]


def test_axe_reports_serious_violations_only(browser):
    page = browser.new_page()
    # A link without a name inside an image (both serious); a skipped heading level is only moderate.
    page.set_content(
        VALID.replace(
            "<h1>T</h1>",
            '<h1>T</h1><h4>Skipped</h4><svg role="img" aria-label="Map"><a href="/x"><circle r="5"/></a></svg>',
        )
    )
    found = run_axe(page, "[anonymous] /map/")
    page.close()
    assert sorted(line.split(":")[1].split()[0] for line in found) == ["link-name", "nested-interactive"]
    assert all(line.startswith("[anonymous] /map/: ") for line in found)
