"""Carrying out the checked plans through the services, turning their refusals into problems by line and column."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hub.network.models import Member
from hub.projects import services
from hub.projects.importing.rows import PlannedProject, PlannedValue, Row
from hub.projects.importing.tables import Report
from hub.projects.models import Indicator, IndicatorValue, Project

FIELD_COLUMNS = {
    "projects": {
        "start_date": "start",
        "start_precision": "start",
        "end_date": "end",
        "end_precision": "end",
        "partners_text": "partners",
        "__all__": "",
    },
    "values": {
        "period_start": "period",
        "period_end": "period",
        "period_label": "period",
        "undated": "period",
        "name": "indicator",
        "sources": "source",
        "__all__": "",
    },
}


def _problem_from(row: Row, kind: str, exc: ValidationError) -> None:
    columns = FIELD_COLUMNS[kind]
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            column = columns.get(name, name)
            for message in messages:
                row.error(column, message)
    else:
        for message in exc.messages:
            row.error("", message)


def write_project(plan: PlannedProject, actor, via: str, report: Report) -> Project | None:
    row = plan.row
    try:
        with transaction.atomic():
            if plan.project is None:
                project = services.create_project(actor=actor, data=plan.data, focus_areas=plan.focus, via=via)
                report.count("projects", "created")
                return project
            before = plan.project.version
            project = services.update_project(
                actor=actor, project=plan.project, data=plan.data, focus_areas=plan.focus or None, via=via
            )
            report.count("projects", "updated" if project.version != before else "unchanged")
            return project
    except PermissionDenied as exc:
        row.error("member", str(exc))
    except ValidationError as exc:
        _problem_from(row, "projects", exc)
    return None


def write_value(plan: PlannedValue, actor, via: str, report: Report, only_member: Member | None) -> None:
    row = plan.row
    project = Project.objects.select_related("member").filter(slug=plan.project_slug).first()
    if project is None:
        row.error(
            "project",
            _("No project has the slug '%(slug)s' (in the hub or in this file).") % {"slug": plan.project_slug},
        )
        return
    if only_member is not None and project.member_id != only_member.pk:
        row.error("project", _("This import is for %(member)s only.") % {"member": only_member.name})
        return
    try:
        with transaction.atomic():
            indicator = Indicator.objects.filter(project=project, name=plan.indicator_name).first()
            if indicator is None:
                if not plan.unit:
                    row.error(
                        "unit",
                        _("The project has no indicator '%(name)s' yet: give its unit to create it.")
                        % {"name": plan.indicator_name},
                    )
                    return
                indicator = services.create_indicator(
                    actor=actor,
                    project=project,
                    data={"name": plan.indicator_name, "unit": plan.unit, "direction": plan.direction},
                    via=via,
                )
                report.count("indicators", "created")
            elif plan.unit and plan.unit != indicator.unit:
                row.error(
                    "unit",
                    _("The indicator is counted in '%(unit)s', not '%(given)s'.")
                    % {"unit": indicator.unit, "given": plan.unit},
                )
                return
            existing = IndicatorValue.objects.filter(
                indicator=indicator,
                period_start=plan.data.get("period_start"),
                period_end=plan.data.get("period_end"),
                period_label=plan.data.get("period_label"),
            ).first()
            if existing is None:
                services.add_indicator_value(actor=actor, indicator=indicator, data=plan.data, via=via)
                report.count("values", "created")
            else:
                before = existing.version
                updated = services.update_indicator_value(actor=actor, value=existing, data=plan.data, via=via)
                report.count("values", "updated" if updated.version != before else "unchanged")
    except PermissionDenied as exc:
        row.error("project", str(exc))
    except ValidationError as exc:
        _problem_from(row, "values", exc)
