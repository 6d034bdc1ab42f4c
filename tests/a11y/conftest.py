"""Accessibility and HTML checks: the run's one browser (tests/browser.py); the figures printed after the run."""

from tests.a11y.checkers import FIGURES


def pytest_terminal_summary(terminalreporter):
    for figures in FIGURES:
        terminalreporter.write_line(figures.summary())
