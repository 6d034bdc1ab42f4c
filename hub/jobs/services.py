"""Starting jobs and who sees them. Every job is started here: the row first (committed, so that the worker
finds it), then the task (hub.jobs.tasks.run_job) enqueued with django-tasks' backend (settings.TASKS)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hub.accounts.permissions import scope_for
from hub.core import dataversion
from hub.jobs.models import Job, JobKind, JobState


def can_see(user, job: Job) -> bool:
    """The person who started a job and the Secretariat; nobody else learns that it exists. A public report
    build (no owner) is anyone's to follow: it is the build of a public file."""
    if job.public:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return job.owner_id == user.pk or scope_for(user).secretariat


def visible_to(user) -> QuerySet[Job]:
    jobs = Job.objects.select_related("owner").defer("upload", "output")
    if scope_for(user).secretariat:
        return jobs
    return jobs.filter(owner_id=user.pk)


def _enqueue(job: Job) -> Job:
    from hub.jobs.tasks import run_job

    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


def start_import(*, actor, content: bytes, filename: str, member=None, dry_run: bool, rows: int, via: str) -> Job:
    """Import ``content`` in the background as ``actor`` (whose rights apply to every row, as inline)."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to import."))
    job = Job.objects.create(
        kind=JobKind.IMPORT,
        owner=actor,
        title=_("Import of %(file)s") % {"file": filename[:200]},
        params={
            "filename": filename,
            "member": member.pk if member is not None else None,
            "dry_run": dry_run,
            "via": via,
            "language": get_language(),
        },
        upload=content,
        total=rows,
    )
    return _enqueue(job)


def report_key(*, cycle, fmt: str, table: str = "projects", version: str | None = None) -> str:
    """The identity of a report build: what is in the file (cycle, format, table, language) and the data
    version it was asked for, read before the data (a write makes a new key: never an old file after it)."""
    version = version or dataversion.current().token
    return f"report:{cycle.pk}:{fmt}:{table}:{get_language() or ''}:{version}"


def report_build(*, cycle, fmt: str, table: str = "projects", download: str, notify=None) -> tuple[Job, bool]:
    """The build of this report for the current data, and whether it was started now: the one waiting,
    running or done for the key, else a new one (enqueued). Two visitors asking at once get one build (the
    key's constraint: the second insert fails and reads the first's row). ``download`` is the report's own
    download address, which the job's page links to; ``notify`` a signed-in user to e-mail when it is done."""
    key = report_key(cycle=cycle, fmt=fmt, table=table)
    live = Job.objects.filter(key=key).exclude(state=JobState.FAILED).defer("upload", "output")
    job = live.first()
    if job is not None:
        if job.state == JobState.DONE and not job.output_name:  # its file was cleared by an older build's end
            # Built again, once: of two requests seeing this at once, only the one that changes the row enqueues.
            again = Job.objects.filter(pk=job.pk, state=JobState.DONE, output_name="").update(
                state=JobState.QUEUED, finished_at=None
            )
            if notify is not None:
                subscribe(job=job, user=notify)
            if again:
                return _enqueue(job), True
            job.refresh_from_db(fields=["state", "checked", "written", "output_name"])
            return job, False
        if notify is not None:
            subscribe(job=job, user=notify)
        return job, False
    label = fmt.upper() if fmt != "csv" else f"CSV: {table}"
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=JobKind.REPORT,
                owner=None,
                key=key,
                title=_("M&E report %(cycle)s (%(format)s)") % {"cycle": cycle.label, "format": label},
                params={
                    "cycle": cycle.pk,
                    "format": fmt,
                    "table": table,
                    "language": get_language(),
                    "download": download,
                    "notify": [notify.pk] if getattr(notify, "email", "") else [],
                },
                total=1,
            )
    except IntegrityError:  # someone else started it a moment ago: follow theirs
        return live.get(), False
    return _enqueue(job), True


def subscribe(*, job: Job, user) -> bool:
    """E-mail ``user`` (signed in) when the public build ``job`` is done; False when it already is."""
    if not getattr(user, "is_authenticated", False) or not user.email:
        return False
    with transaction.atomic():
        locked = Job.objects.select_for_update().defer("upload", "output").get(pk=job.pk)
        if locked.finished:
            return False
        notify = list(locked.params.get("notify") or [])
        if user.pk not in notify:
            locked.params = {**locked.params, "notify": [*notify, user.pk]}
            locked.save(update_fields=["params"])
    return True


def start_report(*, actor, cycle, fmt: str, table: str = "projects", download: str) -> Job:
    """Build the annual M&E report of ``cycle`` as ``fmt`` in the background (or follow the build already
    under way) and e-mail ``actor`` when it is done."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to have a report prepared."))
    job, _started = report_build(cycle=cycle, fmt=fmt, table=table, download=download, notify=actor)
    return job
