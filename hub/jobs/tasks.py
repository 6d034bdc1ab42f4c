"""The one background task: run a Job (hub.jobs.models) and tell its owner by e-mail when it is done.

Run by django-tasks' worker (``manage.py db_worker``; ``make run`` and ``make serve`` start one); in the
test suite by the immediate backend (config/settings_test.py), in the request that enqueues it.
"""

from __future__ import annotations

import logging

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks import task

from hub.jobs.models import Job, JobKind, JobState
from hub.jobs.notify import send_done

log = logging.getLogger(__name__)


class ProgressWriter:
    """Writes a running job's figures where other requests can read them at once.

    Outside a transaction (while the rows are checked) an UPDATE commits by itself. Inside the import's
    one transaction (while they are written) that UPDATE would be seen only at its end: on PostgreSQL the
    figures go through a second connection of their own; SQLite allows one writer at a time, so there the
    page shows the figures of the checks until the job ends."""

    def __init__(self, job: Job):
        self.job = job
        self.side = None

    def __call__(self, checked: int, written: int, errors: int) -> None:
        figures = {"checked": checked, "written": written, "errors": errors}
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job.pk).update(**figures)
        elif connection.vendor == "postgresql":
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
            with self.side.cursor() as cursor:
                cursor.execute(
                    "UPDATE jobs_job SET checked = %s, written = %s, errors = %s WHERE id = %s",
                    [checked, written, errors, self.job.pk],
                )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


# hub.jobs sits below the apps whose work it runs (the import page starts a job), so it names their
# functions by path instead of importing them (the layering of docs/architecture.md, .importlinter).
RUN_IMPORT = "hub.projects.importing.run_import"
UNREADABLE = "hub.projects.importing.UnreadableFile"
RENDER_REPORT = "hub.monitoring.report.render"
BUILD_REPORT = "hub.monitoring.report_store.build_for_job"
CYCLE = "hub.monitoring.models.ReportingCycle"


def _import(job: Job) -> None:
    from hub.network.models import Member

    run_import, UnreadableFile = import_string(RUN_IMPORT), import_string(UNREADABLE)  # noqa: N806
    params = job.params
    member = Member.objects.filter(pk=params.get("member")).first() if params.get("member") else None
    progress = ProgressWriter(job)
    try:
        report = run_import(
            bytes(job.upload or b""),
            params.get("filename", "file.csv"),
            actor=job.owner,
            member=member,
            dry_run=params.get("dry_run", False),
            via=params.get("via", "import"),
            progress=progress,
        )
    except UnreadableFile as exc:
        job.result = {"unreadable": str(exc)}
        return
    finally:
        progress.close()
    job.result = {
        "problems": [[p.table, p.line, p.column, p.message] for p in report.problems],
        "summary": report.summary(),
        "written": report.written,
        "dry_run": report.dry_run,
    }
    job.errors = len(report.problems)
    job.checked = job.total
    job.written = job.total if report.written else 0


def _report(job: Job) -> None:
    """Read the report's data (progress: "checked"), then write its file ("written"): two halves of the bar."""
    cycle = import_string(CYCLE).objects.get(pk=job.params["cycle"])
    data = import_string(BUILD_REPORT)(cycle)
    Job.objects.filter(pk=job.pk).update(checked=1)
    table = job.params.get("table") or "projects"
    rendered = import_string(RENDER_REPORT)(cycle, job.params["format"], table=table, data=data)
    job.checked = job.written = 1
    job.output = rendered.content
    job.output_name = rendered.filename
    job.output_type = rendered.content_type


def _replaced(job: Job) -> None:
    """A public build is done: the same report's earlier builds hold the files of older data; drop them."""
    if not job.public or job.state != JobState.DONE:
        return
    same_report = job.key.rpartition(":")[0] + ":"
    Job.objects.filter(key__startswith=same_report, owner=None, state=JobState.DONE, pk__lt=job.pk).exclude(
        output_name=""
    ).update(output=None, output_name="")


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.finished:
        return
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    with translation.override(job.params.get("language") or None):
        try:
            if job.kind == JobKind.IMPORT:
                _import(job)
            else:
                _report(job)
            job.state = JobState.DONE
        except Exception:  # the job says it failed (and the log why); the worker goes on with the next
            log.exception("job %s failed", job.pk)
            job.state = JobState.FAILED
        job.finished_at = timezone.now()
        job.upload = None  # the file was needed only to import it
        with transaction.atomic():
            # Visitors may have asked to be told while it ran (services.subscribe, under the same lock).
            job.params = Job.objects.select_for_update().only("params").get(pk=job.pk).params
            job.save()
        _replaced(job)
        send_done(job)
