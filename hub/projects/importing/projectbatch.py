"""The projects' part of the bulk writer (hub.projects.importing.batch.Writer): each plan checked with the services'
rules against the records read once, the new and changed projects, their focus areas and change-log entries
written in batches; a row this path does not handle as the services would goes through writing.py instead."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from hub.core import bulk, changelog
from hub.core.models import ChangeAction
from hub.core.services import validate
from hub.projects.importing import writing
from hub.projects.importing.lookups import chunks
from hub.projects.importing.rows import PlannedProject
from hub.projects.models import Project


def fine(obj, exclude: list[str]) -> bool:
    """Whether hub.core.services.validate passes ``obj`` (without its queries: the lookups know uniqueness)."""
    try:
        validate(obj, exclude=exclude, queries=False)
    except ValidationError:
        return False
    return True


class ProjectWriting:
    """Writer's methods for projects. The state they use (new_projects, changed_projects, area_changes,
    project_entries, areas, lookups, report, ...) is set by Writer.__init__."""

    def projects(self, plans: list[PlannedProject]) -> None:
        updates = [p.project.pk for p in plans if p.project is not None]
        current: dict[int, Project] = {}
        for part in chunks(updates):
            queryset = Project.objects.select_for_update(of=("self",)).select_related("member")
            for project in queryset.filter(pk__in=part).prefetch_related("focus_areas"):
                current[project.pk] = project
        for plan in plans:
            if plan.project is None:
                self._create_project(plan)
            else:
                self._update_project(plan, current.get(plan.project.pk))
            self.progress(1)
        self.flush()

    def _create_project(self, plan: PlannedProject) -> None:
        slug = plan.data.get("slug") or ""
        project = Project(**plan.data)
        if not slug or not plan.focus or self.lookups.project(slug) is not None or not fine(project, ["member"]):
            return self._per_row_project(plan)  # the services' own message, or their unique slug
        self.lookups.remember(project)
        self.new_projects.append((project, self._ordered(plan.focus)))
        self.report.count("projects", "created")

    def _update_project(self, plan: PlannedProject, current: Project | None) -> None:
        member = plan.data.get("member")
        if current is None or not self.lookups.may_edit(current) or (member and member.pk != current.member_id):
            return self._per_row_project(plan)
        before = changelog.snapshot(current)
        for name, value in plan.data.items():
            setattr(current, name, value)
        if not fine(current, ["member"]):
            return self._per_row_project(plan)
        after = changelog.snapshot(current)
        version = current.version
        if before != after:
            current.version += 1
            self.project_entries.append((ChangeAction.UPDATE, current.pk, str(current), before, after))
        if plan.focus:
            old = [fa.code for fa in current.focus_areas.all()]
            new = self._ordered(plan.focus)
            if set(old) != set(new):
                if current.version == version:
                    current.version += 1
                self.area_changes.append((current, old, new))
                self.project_entries.append(
                    (ChangeAction.UPDATE, current.pk, str(current), {"focus_areas": old}, {"focus_areas": new})
                )
        if current.version != version:
            current.updated_at = self.now
            self.changed_projects.append(current)
        self.lookups.remember(current)
        self.report.count("projects", "updated" if current.version != version else "unchanged")

    def _ordered(self, codes: list[str]) -> list[str]:
        return [fa.code for fa in sorted((self.areas[c] for c in set(codes)), key=lambda fa: fa.position)]

    def _per_row_project(self, plan: PlannedProject) -> None:
        self.flush()
        project = writing.write_project(plan, self.actor, self.via, self.report)
        if project is not None:
            self.lookups.remember(project)

    def _flush_projects(self) -> None:
        if not (self.new_projects or self.changed_projects):
            return
        created = [project for project, _codes in self.new_projects]
        Project.objects.bulk_create(created, batch_size=500)
        through = Project.focus_areas.through
        links = [
            through(project_id=project.pk, focusarea_id=self.areas[code].pk)
            for project, codes in self.new_projects
            for code in codes
        ]
        entries = []
        for project, codes in self.new_projects:
            entries.append((ChangeAction.CREATE, project.pk, str(project), {}, changelog.snapshot(project)))
            entries.append((ChangeAction.UPDATE, project.pk, str(project), {"focus_areas": []}, {"focus_areas": codes}))
        if self.changed_projects:
            names = [f.name for f in Project._meta.concrete_fields if not f.primary_key and f.name != "created_at"]
            bulk.update(Project, self.changed_projects, names)
        for project, _old, new in self.area_changes:
            through.objects.filter(project_id=project.pk).delete()
            links.extend(through(project_id=project.pk, focusarea_id=self.areas[code].pk) for code in new)
        through.objects.bulk_create(links, batch_size=1000)
        changelog.record_many(actor=self.actor, model=Project, entries=entries + self.project_entries, via=self.via)
        bulk.written.send(Project, pks=[p.pk for p in created] + [p.pk for p in self.changed_projects])
        self.written += len(created) + len(self.changed_projects)
        self.new_projects, self.changed_projects, self.area_changes, self.project_entries = [], [], [], []
