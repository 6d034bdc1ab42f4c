"""The hub on a 390 × 844 phone, in a real browser: nothing is wider than the screen, the header's Menu
opens without JavaScript, and chart text is never drawn smaller than 12px.

"Nothing overflows" means: the page does not scroll sideways, and no element ends right of the viewport
unless it sits inside a scroll container (a chart's figure, a table's wrapper, a "Data as a table").
Each page is checked as it loads, then again with the Menu and every <details> open.
"""

import re

import pytest

from hub.exchange.models import Challenge
from hub.meetings.models import Meeting
from hub.monitoring.models import ReportingCycle
from hub.partnerships.models import Partnership, Programme
from hub.projects.models import Project
from tests import reference_copy
from tests.personas import PASSWORD, PERSONAS, make_persona

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}

# Every element whose right edge passes the viewport, unless an ancestor (or the ::details-content box of
# an ancestor <details>) clips or scrolls sideways. Inside an SVG only the <svg> itself counts; an
# absolutely placed element (a visually hidden label) counts unless its containing block is clipped.
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const scrolls = (style) => ["auto", "scroll", "hidden", "clip"].includes(style.overflowX);
  const contained = (el) => {
    // An absolutely placed element is clipped only by scrollers at or above its containing block.
    const position = getComputedStyle(el).position;
    if (position === "fixed") return false;
    const start = position === "absolute" ? el.offsetParent : el.parentElement;
    for (let p = start; p && p !== document.body; p = p.parentElement) {
      if (scrolls(getComputedStyle(p))) return true;
      if (p.localName === "details" && scrolls(getComputedStyle(p, "::details-content"))) return true;
    }
    return false;
  };
  const name = (el) => el.localName + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.localName !== "svg" && el.closest("svg")) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > width + 0.5 && !contained(el)) {
      wide.push(name(el) + " ends at " + Math.round(box.right) + "px: " + (el.textContent || "").trim().slice(0, 50));
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(0, 5)};
}"""

# The on-screen size of every drawn SVG text: its font size in user units times the scale of the SVG.
CHART_TEXT_JS = """() => [...document.querySelectorAll("svg text")]
  .filter((t) => t.getBoundingClientRect().width > 0)
  .map((t) => {
    const m = t.getScreenCTM();
    return {
      px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b),
      chart: (t.closest("figure") || t.ownerSVGElement).id,
      text: t.textContent.trim().slice(0, 30),
    };
  })"""


@pytest.fixture
def site(live_server, transactional_db):
    """The reference data plus a few demo projects and M&E cycles, so that every chart has something to draw."""
    reference_copy.with_demo()
    return live_server


@pytest.fixture
def reference_site(live_server, transactional_db):
    reference_copy.put_back()
    return live_server


def phone(browser, site, *, locale="en-GB", java_script=True):
    context = browser.new_context(
        base_url=site.url, viewport=PHONE, locale=locale, java_script_enabled=java_script, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def public_pages() -> list[str]:
    project = Project.objects.filter(is_demo=True, indicators__isnull=False).order_by("pk").distinct().first()
    reference_project = Project.objects.filter(is_demo=False).order_by("pk").first()
    meeting = Meeting.objects.order_by("-pk").first()
    challenge = Challenge.objects.order_by("pk").first()
    partnership = Partnership.objects.order_by("pk").first()
    programme = Programme.objects.order_by("pk").first()
    cycle = ReportingCycle.objects.filter(state="closed").order_by("-start_date").first()
    pages = [
        "/",
        "/members/",
        "/members/sumedang/",
        "/countries/",
        "/countries/ID/",
        "/governance/",
        "/projects/",
        project.get_absolute_url(),
        "/monitoring/",
        "/monitoring/country/ID/",
        "/monitoring/member/sumedang/",
        f"/monitoring/report/{cycle.slug}/",
        "/meetings/",
        f"/meetings/{meeting.pk}/",
        "/search/?q=smart+city",
        "/challenges/",
        "/partnerships/",
        "/partnerships/programmes/",
        "/partnerships/opportunities/",
        "/partnerships/investment/",
        f"/partnerships/programmes/{programme.slug}/",
        f"/partnerships/{partnership.slug}/",
        "/partnerships/partner/adb/",
        "/meetings/series/",
        "/meetings/actions/",
        "/data/",
    ]
    if reference_project is not None:
        pages.append(reference_project.get_absolute_url())
    if challenge is not None:
        pages.append(f"/challenges/{challenge.pk}/")
    return pages


def overflow(page) -> list[str]:
    """What is wider than the phone's screen on this page, as it is and with the Menu and every <details> open."""
    problems = []
    for state in ("closed", "opened"):
        if state == "opened":
            toggle = page.locator("summary.site-menu__toggle")
            if toggle.is_visible():
                toggle.click()
            page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        found = page.evaluate(OVERFLOW_JS)
        if found["scrollWidth"] > found["innerWidth"]:
            problems.append(f"{page.url} ({state}): the page is {found['scrollWidth']}px wide")
        problems += [f"{page.url} ({state}): {line}" for line in found["wide"]]
    return problems


def small_chart_text(page) -> list[str]:
    return [
        f"{page.url}: {t['chart']} draws '{t['text']}' at {t['px']:.1f}px"
        for t in page.evaluate(CHART_TEXT_JS)
        if t["px"] < 12 - 0.01
    ]


def sign_in(page, email: str) -> None:
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/accounts/me/$"))


def test_public_pages_fit_a_phone_and_their_chart_text_stays_readable(browser, site):
    context, page = phone(browser, site)
    problems, small, charts = [], [], 0
    for url in public_pages():
        response = page.goto(url)
        assert response.ok, f"{url}: {response.status}"
        small += small_chart_text(page)
        charts += page.locator("figure.chart svg").count()
        problems += overflow(page)
    context.close()

    # Bahasa Indonesia: longer words and labels, and the same data (same database, so one test).
    context, page = phone(browser, site, locale="id-ID")
    pages = ("/", "/members/sumedang/", "/members/makassar/", "/countries/ID/", "/governance/", "/monitoring/")
    for url in pages + ("/partnerships/", "/meetings/", "/data/"):
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "id"
        small += small_chart_text(page)
        problems += overflow(page)
    context.close()
    assert charts >= 15, "the pages should draw their charts (maps, bars, columns, lines)"
    assert problems == [], "\n".join(problems)
    assert small == [], "\n".join(small[:20])


# Where My work's tasks lead: review queues, forms, registers.
WORK_PAGES = (
    "/monitoring/updates/",
    "/monitoring/updates/new/",
    "/monitoring/cycles/",
    "/monitoring/late/",
    "/meetings/actions/",
    "/meetings/series/",
    "/projects/new/",
    "/registry/",
    "/changes/",
    "/accounts/invitations/",
    "/accounts/tokens/",
    "/collaborations/",
    "/partnerships/partner/",
)


def test_my_work_fits_a_phone_for_every_persona(browser, site):
    for name in PERSONAS:
        make_persona(name)
    context, page = phone(browser, site)
    problems, counted = [], []
    for name, (email, _organisation) in PERSONAS.items():
        sign_in(page, email)
        problems += [f"{name}: {line}" for line in overflow(page)]
        for url in WORK_PAGES:
            if page.goto(url).status == 200:  # each persona sees the pages its rights open
                problems += [f"{name}: {line}" for line in overflow(page)]
        page.goto("/accounts/me/")
        # The task count of the account link shows on the closed Menu too, so it is never out of sight.
        count = page.locator("#nav-task-count")
        if count.count():
            waiting = count.text_content().split()[0]
            assert page.locator("summary.site-menu__toggle .nav-count").inner_text().split()[0] == waiting
            counted.append(name)
    context.close()
    assert problems == [], "\n".join(problems)
    assert counted, "with the demo cycles someone has tasks waiting"


def test_the_menu_opens_without_javascript_and_the_desktop_keeps_the_full_navigation(browser, reference_site):
    site = reference_site
    context, page = phone(browser, site, java_script=False)
    page.goto("/members/")
    toggle = page.locator("summary.site-menu__toggle")
    assert toggle.is_visible()
    members = page.get_by_role("navigation", name="Main").get_by_role("link", name="Members")
    assert not members.is_visible()
    assert not page.get_by_role("link", name="Sign in").is_visible()
    box = page.locator("header.site-header").bounding_box()
    assert box["height"] < 80, "closed, the header is one row"
    # The skip link stays first and reachable from the keyboard.
    page.keyboard.press("Tab")
    assert page.locator(".skip-link").evaluate("el => el === document.activeElement")

    toggle.click()
    assert members.is_visible() and members.get_attribute("aria-current") == "page"
    assert page.get_by_role("link", name="Sign in").is_visible()
    assert page.get_by_role("searchbox", name="Search the hub").is_visible()
    # The language switch stays in the footer, and the menu leads to it.
    assert page.locator("#language-select").count() == 1
    page.get_by_role("link", name="Language: English").click()
    page.wait_for_url("**/members/#language-select")
    assert page.locator("#language-select").is_visible()
    members.click()
    page.wait_for_url("**/members/")
    context.close()

    desktop = browser.new_context(base_url=site.url, viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = desktop.new_page()
    page.goto("/members/")
    assert not page.locator("summary.site-menu__toggle").is_visible()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").is_visible()
    assert page.get_by_role("link", name="Sign in").is_visible()
    assert not page.get_by_role("link", name="Language: English").is_visible()
    desktop.close()


def test_a_wide_table_scrolls_inside_its_chart_and_keeps_its_first_column_and_caption_in_view(browser, reference_site):
    context, page = phone(browser, reference_site)
    page.goto("/projects/")
    figure = page.locator("figure.chart", has=page.locator("svg")).first
    details = figure.locator("details.chart-data")
    details.locator("summary").click()
    table = details.locator("table")
    table.scroll_into_view_if_needed()
    name, last = table.locator("tbody tr > :first-child").first, table.locator("tbody tr > :last-child").first
    caption, summary = table.locator("caption"), details.locator("summary")
    before = {key: cell.bounding_box()["x"] for key, cell in (("name", name), ("last", last), ("summary", summary))}
    assert last.bounding_box()["x"] + last.bounding_box()["width"] > PHONE["width"], "the table is wider than a phone"

    box = table.bounding_box()
    page.mouse.move(box["x"] + 200, box["y"] + box["height"] / 2)
    page.mouse.wheel(1000, 0)
    page.wait_for_timeout(300)
    assert last.bounding_box()["x"] < before["last"] - 50, "the table scrolled sideways"
    assert last.bounding_box()["x"] + last.bounding_box()["width"] <= PHONE["width"] + 1
    assert abs(name.bounding_box()["x"] - before["name"]) < 1, "the first column stays in view"
    assert caption.bounding_box()["x"] >= 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Scrolling the chart itself leaves "Data as a table" where it is.
    svg = figure.locator("svg").first
    svg_box = svg.bounding_box()
    page.mouse.move(svg_box["x"] + 100, svg_box["y"] + svg_box["height"] / 2)
    page.mouse.wheel(1000, 0)
    page.wait_for_timeout(300)
    assert svg.bounding_box()["x"] < svg_box["x"] - 50, "the chart scrolled sideways"
    assert abs(summary.bounding_box()["x"] - before["summary"]) < 1
    context.close()
