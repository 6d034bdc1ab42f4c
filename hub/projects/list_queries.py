"""The /projects/ list's queries with their SQL compiled once per inputs (hub/core/sqlmemo.py): the page of rows,
the count, the member dropdown, the countries and the focus areas of a page's projects. The data is read on every
request; only the SQL (and its parameters) is kept, under keys holding every input it depends on.

The projects a user may see (``Project.objects.visible_to``) are today every project, the same SQL for everyone;
should it ever filter by the user, ``public_scope`` sees a WHERE clause and these queries are built as before.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable

from django.db.models import Exists, OuterRef, QuerySet

from hub.core import sqlmemo
from hub.core.labels import by_label
from hub.network.members_list import CountryRow
from hub.network.models import Country, Member
from hub.projects.filters import ProjectFilter
from hub.projects.models import Project
from hub.projects.rows import PAGE_FIELDS

PageRow = namedtuple("Row", PAGE_FIELDS)


def public_scope(user) -> bool:
    """Whether the projects ``user`` may see are read by the same SQL as everyone's (no filter of their own)."""
    return not Project.objects.visible_to(user).query.where


def filter_key(project_filter: ProjectFilter) -> tuple:
    return tuple(sorted(project_filter.model_dump().items()))


def page_list(project_filter: ProjectFilter, values: Callable[[], QuerySet]) -> sqlmemo.RememberedList:
    """``values()`` (the filtered projects as PAGE_FIELDS, built only when its SQL is new) for a Paginator:
    count() and pages of rows."""
    return sqlmemo.RememberedList(("projects.page", filter_key(project_filter)), values, PageRow._make)


def count(project_filter: ProjectFilter, queryset: Callable[[], QuerySet]) -> int:
    """``queryset().count()`` (the filtered projects, built only when its SQL is new)."""
    return sqlmemo.count(("projects.count", filter_key(project_filter)), queryset)


def countries() -> list[CountryRow]:
    """Every country's code and names, in the order of its label in the active language."""
    rows = sqlmemo.fetch(
        "projects.countries",
        lambda: Country.objects.order_by().values_list("code", "name", "name_id"),
    )
    return by_label(CountryRow(*row) for row in rows)


def member_choices(country: str, limit: int) -> list[tuple[str, str, str]]:
    """(slug, name, country code) of up to ``limit`` members with projects (of ``country``, if given), by name."""

    def build():
        members = Member.objects.filter(Exists(Project.objects.filter(member=OuterRef("pk"))))
        if country:
            members = members.filter(country__code=country.upper())
        return members.order_by("name").values_list("slug", "name", "country__code")[:limit]

    return sqlmemo.fetch(("projects.member_choices", country.upper(), limit), build)


def focus_links(project_ids: list[int]) -> list[tuple[int, int]]:
    """(project id, focus area id) of the given projects."""
    through = Project.focus_areas.through
    return sqlmemo.fetch(
        ("projects.focus_links", tuple(project_ids)),
        lambda: through.objects.filter(project_id__in=project_ids).values_list("project_id", "focusarea_id"),
    )
