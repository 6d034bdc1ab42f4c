"""axe-core and the W3C Nu HTML checker over the main pages, signed out and signed in as each persona.

One browser for every axe run; the HTML the server sent is saved and checked by one run of vnu.jar at the end.
Fails on any serious or critical axe violation, any Nu error and any server error; the figures are printed at
the end of the pytest run. A few minutes: `-m "not a11y"` leaves it out (CI's second database run does).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests import reference_copy
from tests.a11y.checkers import FIGURES, Figures, in_ci, java_path, run_axe, run_nu
from tests.personas import make_persona

pytestmark = [pytest.mark.e2e, pytest.mark.a11y]

MEMBER = "sumedang"
COUNTRY = "ID"

# Pages drawn by script: what to wait for, what to open (one operation of the API docs, so that axe also sees
# an operation's parameters, examples and responses), and what to wait for then.
RENDERED_BY_SCRIPT = {"/api/v1/docs": (".opblock-tag", ".opblock-summary-control", ".opblock-body .responses-table")}

# The pages in Bahasa Indonesia (anonymous and signed in as a city officer): the longest labels and dates.
INDONESIAN = [
    "/",
    "/members/",
    "member",
    "/projects/",
    "project",
    "/monitoring/",
    "/meetings/",
    "meeting",
    "/accounts/me/",
    "update",
]

# Pages that are the same for everyone but the header, and slow to check (thousands of nodes): signed out only.
SIGNED_OUT_ONLY = {"/api/v1/docs", "/data/"}

# One persona of each role (tests/personas.py), the Secretariat first: it opens every page, so a signed-in page
# is checked once, as the first of them who may open it, and again for each role only if it is in ROLE_PAGES.
# (The second city officer and National Representative would see the same pages for another member or country.)
SIGNED_IN = ["secretariat", "sumedang_officer", "indonesia_nr", "partner"]

# Pages whose content follows the user's role (tasks, edit links, drafts, review buttons): checked for every role.
ROLE_PAGES = [
    "/",
    "/accounts/me/",
    "member",
    "project",
    "project_edit",
    "update",
    "meeting",
    "/monitoring/",
    "/monitoring/updates/?state=submitted",
]


def _pages() -> dict[str, list[str]]:
    """Public pages and signed-in pages, with the records they show picked from the loaded data."""
    from hub.exchange.models import Challenge
    from hub.meetings.models import Meeting, Outcome
    from hub.monitoring.models import ProgressUpdate, ReportingCycle
    from hub.partnerships.models import Partnership, Programme
    from hub.projects.models import Project

    project = Project.objects.filter(member__slug=MEMBER).order_by("-is_demo", "slug").first()
    meeting = Meeting.objects.order_by("-start_date").first()
    cycle = ReportingCycle.objects.filter(state="closed").order_by("-start_date").first()
    update = ProgressUpdate.objects.filter(project__member__slug=MEMBER).order_by("-pk").first()
    challenge = Challenge.objects.order_by("pk").first()
    partnership = Partnership.objects.order_by("pk").first()
    programme = Programme.objects.order_by("pk").first()
    indicator = project.indicators.order_by("pk").first() if project else None
    action = Outcome.objects.filter(kind="action").order_by("pk").first()
    public = [
        "/",
        "/members/",
        f"/members/{MEMBER}/",
        f"/members/{MEMBER}/action-plan/",
        "/countries/",
        f"/countries/{COUNTRY}/",
        "/governance/",
        "/projects/",
        project.get_absolute_url(),
        "/monitoring/",
        f"/monitoring/country/{COUNTRY}/",
        f"/monitoring/member/{MEMBER}/",
        f"/monitoring/report/{cycle.slug}/" if cycle else "/monitoring/",
        "/monitoring/updates/",
        "/meetings/",
        meeting.get_absolute_url(),
        "/meetings/series/",
        "/search/?q=water",
        "/challenges/",
        "/collaborations/",
        "/partnerships/",
        "/partnerships/programmes/",
        "/partnerships/opportunities/",
        "/partnerships/investment/",
        "/data/",
        "/changes/",
        "/api/v1/docs",
        "/accounts/login/",
    ]
    public += [record.get_absolute_url() for record in (challenge, partnership, programme) if record]
    signed_in = [
        "/accounts/me/",
        "/monitoring/updates/?state=submitted",
        "/monitoring/late/",
        "/monitoring/cycles/",
        "/monitoring/updates/new/",
        f"/projects/{project.slug}/edit/",
        f"/projects/{project.slug}/indicators/new/",
        "/projects/new/",
        "/projects/import/",
        f"/members/{MEMBER}/edit/",
        "/registry/",
        f"{meeting.get_absolute_url()}edit/",
        "/meetings/new/",
        "/meetings/actions/",
        "/challenges/new/",
        "/collaborations/requests/",
        "/collaborations/requests/new/",
        f"/members/{MEMBER}/action-plan/edit/",
        "/partnerships/opportunities/new/",
        "/follows/",
        "/partnerships/partner/",
        "/accounts/tokens/",
        "/accounts/invitations/",
    ]
    if update:
        signed_in.append(f"/monitoring/updates/{update.pk}/")
    if indicator:
        signed_in.append(f"/projects/indicators/{indicator.pk}/edit/")
    if action:
        signed_in.append(f"/meetings/actions/{action.pk}/")
    named = {
        "member": f"/members/{MEMBER}/",
        "project": project.get_absolute_url(),
        "project_edit": f"/projects/{project.slug}/edit/",
        "meeting": meeting.get_absolute_url(),
        "update": f"/monitoring/updates/{update.pk}/" if update else "/monitoring/updates/",
    }
    return {"public": public, "signed_in": signed_in, "named": named}


def _session_cookie(user, base_url: str) -> list[dict]:
    client = Client()
    client.force_login(user)
    return [
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": base_url,
        }
    ]


def test_main_pages_pass_axe_and_the_nu_checker(browser, live_server, transactional_db, tmp_path):
    if java_path() is None:
        message = "No Java found (Debian's default-jre-headless runs the Nu checker): HTML checks skipped"
        if in_ci():
            pytest.fail("CI must run the HTML checks, but " + message)
        pytest.skip(message)
    started = time.monotonic()
    reference_copy.with_demo()
    pages = _pages()
    figures = Figures()
    saved: dict[Path, str] = {}

    users = {name: make_persona(name) for name in SIGNED_IN}
    named = pages["named"]
    indonesian = [named.get(p, p) for p in INDONESIAN]
    runs = [("anonymous", "en", pages["public"]), ("anonymous", "id", indonesian)]
    secretariat = [url for url in pages["public"] if url not in SIGNED_OUT_ONLY] + pages["signed_in"]
    runs.append(("secretariat", "en", secretariat))
    for name in SIGNED_IN[1:]:
        runs.append((name, "en", [named.get(p, p) for p in ROLE_PAGES] + pages["signed_in"]))
    runs.append(("sumedang_officer", "id", indonesian))
    role_pages = {named.get(p, p) for p in ROLE_PAGES}
    checked_signed_in: set[str] = set()

    for persona, language, urls in runs:
        user = users.get(persona)
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        if user is not None:
            context.add_cookies(_session_cookie(user, live_server.url))
        page = context.new_page()
        page.set_default_timeout(30_000)
        for url in dict.fromkeys(urls):
            label = f"[{persona}{'' if language == 'en' else ' ' + language}] {url}"
            response = page.goto(url)
            status = response.status if response else 0
            if status >= 500:
                figures.server_errors.append(f"{label}: {status}")
                continue
            if status >= 400 or "/accounts/login/" in page.url and not url.startswith("/accounts/login/"):
                continue  # not this persona's page (refused, or sent to sign in)
            if user is not None and language == "en":
                if url in checked_signed_in and url not in role_pages:
                    continue  # the same page for every role: checked once signed in
                checked_signed_in.add(url)
            if url in RENDERED_BY_SCRIPT:
                drawn, opener, opened = RENDERED_BY_SCRIPT[url]
                page.wait_for_selector(drawn)
                page.locator(opener).first.click()
                page.wait_for_selector(opened)
            path = tmp_path / f"page-{figures.pages:04d}.html"
            path.write_bytes(response.body())
            saved[path] = label
            figures.axe_violations += run_axe(page, label)
            figures.pages += 1
            figures.signed_in += user is not None
            figures.signed_out += user is None
            figures.indonesian += language == "id"
        context.close()

    figures.nu_errors = run_nu(saved)
    figures.seconds = time.monotonic() - started
    FIGURES.append(figures)
    problems = figures.server_errors + figures.axe_violations + figures.nu_errors
    assert figures.pages > 100, figures.summary()
    assert not problems, figures.summary() + "\n" + "\n".join(problems[:1000])
