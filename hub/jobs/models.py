"""A job: long work that runs outside the web request (an import, a big report), its progress and result.

The task itself is django-tasks' (hub.jobs.tasks, run by ``manage.py db_worker``); the Job row is what
the person who started it (and the Secretariat) sees: progress while it runs (rows checked, rows written,
problems so far), then the result (problems by line, or the file to download). The uploaded file and the
built file are kept in the database (BinaryField), so that any app server and the worker read the same.

A public report build (hub.jobs.services.report_build) has no owner and a ``key``: the cycle, format, table,
language and data version it is built for. At most one build per key is waiting, running or done (a
constraint, so two visitors asking at once share one build); a write changes the data version, so the next
download asks for a new key. Its page is public: it shows nothing but the report's build.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    IMPORT = "import", _("import of projects and indicator values")
    REPORT = "report", _("annual M&E report")


class JobState(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("running")
    DONE = "done", _("finished")
    FAILED = "failed", _("failed")


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=JobKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("started by"),
        null=True,
        blank=True,  # none for a public report build
    )
    key = models.CharField(_("build key"), max_length=200, blank=True, default="")
    state = models.CharField(_("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED)
    title = models.CharField(_("title"), max_length=300)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    upload = models.BinaryField(_("uploaded file"), null=True, blank=True)
    total = models.PositiveIntegerField(_("rows"), default=0)
    checked = models.PositiveIntegerField(_("rows checked"), default=0)
    written = models.PositiveIntegerField(_("rows written"), default=0)
    errors = models.PositiveIntegerField(_("problems"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    output = models.BinaryField(_("file"), null=True, blank=True)
    output_name = models.CharField(_("file name"), max_length=200, blank=True)
    output_type = models.CharField(_("file type"), max_length=100, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(key__gt="") & ~Q(state="failed"),
                name="jobs_one_live_build_per_key",
            )
        ]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def public(self) -> bool:
        """A public report build: anyone may follow it (it holds public data only)."""
        return self.owner_id is None and self.kind == JobKind.REPORT

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int:
        """How far the job is, for the progress bar: checking is the first half, writing the second."""
        if self.finished:
            return 100
        if not self.total:
            return 0
        return min(99, (50 * self.checked + 50 * self.written) // self.total)
