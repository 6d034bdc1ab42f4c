"""Accessibility and HTML checks: the browser of tests/e2e, and the closing figures printed after the run."""

from tests.a11y.checkers import FIGURES
from tests.e2e.conftest import browser  # noqa: F401  (fixture: one Chromium for every axe run)


def pytest_terminal_summary(terminalreporter):
    for figures in FIGURES:
        terminalreporter.write_line(figures.summary())
