"""Small helpers for the page tests: decoded bodies and the rows of a listed page."""

from __future__ import annotations

import csv
import html as html_text
import io
import re


def text(response) -> str:
    return response.content.decode()


def member_names(response) -> list[str]:
    return [m.name for m in response.context["page_obj"].object_list]


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(body)))


def section(html: str, element_id: str) -> str:
    """The markup from the element with this id to the end of its <figure> or <section>."""
    start = html.index(f'id="{element_id}"')
    tag = html.rfind("<", 0, start)
    name = re.match(r"<(\w+)", html[tag:]).group(1)
    end = html.index(f"</{name}>", start)
    return html[tag:end]


def held_by(response, role: str) -> list[str]:
    """Who the governance page lists as holding ``role`` on its day: each item's first link (a member state, a
    country, a member), else its text."""
    html = text(response)
    start = html.index(f'class="panel holder holder--{role}"')
    panel = html[start : html.index("</section>", start)]
    names = []
    for item in re.findall(r'<li>(.*?)<span class="period">', panel, re.S):
        link = re.match(r'\s*<a href="[^"]*">([^<]*)</a>', item)
        names.append(html_text.unescape(link.group(1) if link else item.strip()))
    return names
