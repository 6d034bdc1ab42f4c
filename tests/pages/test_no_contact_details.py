"""The hub publishes the names, designations and organisations of office holders, never an e-mail address
or a phone number: crawl every public page reachable from the home page, the CSV exports and the API lists."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# International numbers (+62 21 7262991, (+6221)7262991) and local ones with an area code (021-7262991).
PHONE = re.compile(r"(?:\(?\+\d{2,3}\)?[\s.-]?\d[\d\s.-]{6,}\d)|(?:\b0\d{1,3}[\s-]\d{6,8}\b)")
SKIP = ("/admin/", "/accounts/", "/api/", "/i18n/", "/static/", "/changes")
BINARY = (".pdf", ".xlsx", ".png", ".svg")
EXPORTS = ["/members.csv", "/projects/export.csv"]
API_LISTS = [
    "/api/v1/members",
    "/api/v1/memberships",
    "/api/v1/organisations",
    "/api/v1/people",
    "/api/v1/role-terms",
    "/api/v1/countries",
    "/api/v1/projects",
    "/api/v1/meetings",
]
HREF = re.compile(r'href="([^"]+)"')


UID_LINE = re.compile(r"^UID:.*$", re.M)


def leaks(text: str) -> list[str]:
    # An iCalendar UID is written like an address (meeting-1@ascn-hub.asean, RFC 5545) but reaches nobody.
    text = UID_LINE.sub("", text)
    return EMAIL.findall(text) + PHONE.findall(text)


def public_pages(client, limit: int = 600) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(["/"])
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        response = client.get(path)
        if response.status_code != 200 or "text/" not in response.get("Content-Type", ""):
            seen[path] = ""
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", "replace")
        seen[path] = text
        for href in HREF.findall(text):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIP):
                continue
            if href.endswith(BINARY) or "/edit" in href or "/add" in href or "/delete" in href:
                continue
            queue.append(href)
    return seen


def test_no_public_page_shows_an_e_mail_address_or_a_phone_number(client):
    pages = public_pages(client)
    assert len(pages) > 80  # members, countries, governance, projects, meetings and their calendar files
    assert any("Jiraroth Sukolrat" in text for text in pages.values())  # the office holders are there
    found = {path: leaks(text) for path, text in pages.items() if leaks(text)}
    assert found == {}


def test_no_export_or_api_list_holds_an_e_mail_address_or_a_phone_number(client):
    for path in EXPORTS:
        response = client.get(path)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert leaks(body.decode("utf-8")) == [], path
    for path in API_LISTS:
        response = client.get(path, {"limit": 500})
        assert response.status_code == 200, path
        assert leaks(response.content.decode("utf-8")) == [], path


def test_the_reference_data_itself_holds_no_contact_details():
    from django.conf import settings

    for path in sorted(settings.REFERENCE_DATA_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert EMAIL.findall(text) == [], path.name
        assert PHONE.findall(text) == [], path.name
