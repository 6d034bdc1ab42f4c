"""What the row checks look up, read once per import instead of once per row: members, focus areas, the
projects the file names (by slug, and by member and title), and the importer's rights per member.

Reading a table of 50,000 rows row by row cost ~17 queries a row; here each lookup is one query per kind
for the whole file (chunked so that SQLite's limit on query parameters is never reached).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.network.models import Member
from hub.projects import policies
from hub.projects.importing.tables import Table
from hub.projects.models import FocusArea, Project

CHUNK = 2000  # parameters per IN (...) query


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def focus_area_codes() -> dict[str, str]:
    lookup = {}
    for fa in FocusArea.objects.all():
        for key in (fa.code, fa.name.lower(), slugify(fa.name)):
            lookup[key] = fa.code
    return lookup


@lru_cache(maxsize=256)
def slug_of(text: str) -> str:
    return slugify(text)


class Lookups:
    """Everything the checks of one import read from the database, loaded in ``load``."""

    def __init__(self, actor, only_member: Member | None):
        self.actor = actor
        self.only_member = only_member
        self.members: dict[str, Member] = {}
        self.focus: dict[str, str] = {}
        self.by_slug: dict[str, Project | None] = {}
        self.by_member_title: dict[tuple[int, str], Project] = {}
        self._may_create: dict[int, bool] = {}
        self._may_edit: dict[int, bool] = {}
        who = getattr(actor, "email", "") or str(actor)
        self.reported_note = _("Reported by %(who)s (bulk import).") % {"who": who}

    def load(self, tables: list[Table]) -> Lookups:
        self.members = {m.slug: m for m in Member.objects.all()}
        self.focus = focus_area_codes()
        slugs: set[str] = set()
        titles: set[str] = set()
        for table in tables:
            column = "slug" if table.kind == "projects" else "project"
            for _line, cells in table.rows:
                slug = cells.get(column, "").strip()
                if slug:
                    slugs.add(slug)
                if table.kind == "projects" and not slug:
                    title = cells.get("title", "").strip()
                    if title:
                        titles.add(title)
                        slugs.add(slug_of(title)[:100])  # the slug a new project would take
        self.load_slugs(slugs)
        ordered = sorted(titles)
        for part in chunks(ordered):
            for project in Project.objects.select_related("member").filter(title__in=part).order_by("pk"):
                self.by_member_title.setdefault((project.member_id, project.title), project)
        return self

    def load_slugs(self, slugs: Iterable[str]) -> None:
        wanted = sorted(s for s in slugs if s not in self.by_slug)
        for part in chunks(wanted):
            for project in Project.objects.select_related("member").filter(slug__in=part):
                self.by_slug[project.slug] = project
        for slug in wanted:
            self.by_slug.setdefault(slug, None)

    def project(self, slug: str) -> Project | None:
        """The project with this slug in the hub (as the import found it, plus those it created)."""
        if slug not in self.by_slug:
            self.load_slugs([slug])
        return self.by_slug[slug]

    def project_of(self, member: Member, title: str) -> Project | None:
        return self.by_member_title.get((member.pk, title))

    def may_create_for(self, member: Member) -> bool:
        if member.pk not in self._may_create:
            self._may_create[member.pk] = policies.can_create_project_for(self.actor, member)
        return self._may_create[member.pk]

    def may_edit(self, project: Project) -> bool:
        known = self._may_edit.get(project.id)
        if known is None:
            known = self._may_edit[project.id] = policies.can_edit_project(self.actor, project)
        return known

    def remember(self, project: Project) -> None:
        """A project the import created or changed, for the rows after it."""
        self.by_slug[project.slug] = project
        self.by_member_title.setdefault((project.member_id, project.title), project)
