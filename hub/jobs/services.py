"""Starting jobs and who sees them. Every job is started here: the row first (committed, so that the worker
finds it), then the task (hub.jobs.tasks.run_job) enqueued with django-tasks' backend (settings.TASKS)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hub.accounts.permissions import scope_for
from hub.jobs.models import Job, JobKind


def can_see(user, job: Job) -> bool:
    """The person who started a job and the Secretariat; nobody else learns that it exists."""
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


def start_report(*, actor, cycle, fmt: str) -> Job:
    """Build the annual M&E report of ``cycle`` as ``fmt`` (pdf, xlsx) in the background."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to have a report prepared."))
    job = Job.objects.create(
        kind=JobKind.REPORT,
        owner=actor,
        title=_("M&E report %(cycle)s (%(format)s)") % {"cycle": cycle.label, "format": fmt.upper()},
        params={"cycle": cycle.pk, "format": fmt, "language": get_language()},
    )
    return _enqueue(job)
