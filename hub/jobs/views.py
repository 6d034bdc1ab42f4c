"""The pages of a job: its progress and result (/jobs/<id>/), its file, and the list of one's jobs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hub.jobs import services
from hub.jobs.models import Job, JobState
from hub.jobs.notify import outcome

REFRESH_SECONDS = 2


def _job(request: HttpRequest, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("owner"), pk=pk)
    if not services.can_see(request.user, job):
        raise Http404  # whether someone else's job exists is theirs to know
    return job


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    problems = job.result.get("problems") or []
    return render(
        request,
        "jobs/detail.html",
        {
            "job": job,
            "problems": problems,
            "outcome": outcome(job) if job.finished else "",
            "refresh": None if job.finished else REFRESH_SECONDS,
            "running": job.state == JobState.RUNNING,
        },
    )


@login_required
def job_file(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if job.state != JobState.DONE or not job.output_name:
        raise Http404
    response = HttpResponse(bytes(job.output), content_type=job.output_type)
    response["Content-Disposition"] = f'attachment; filename="{job.output_name}"'
    return response


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(services.visible_to(request.user)[:50])
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
@require_POST
def report_job(request: HttpRequest, cycle: str, fmt: str) -> HttpResponse:
    """Prepare the annual M&E report in the background; its page shows progress, the e-mail says when."""
    from django.utils.module_loading import import_string

    from hub.jobs.tasks import CYCLE

    the_cycle = get_object_or_404(import_string(CYCLE), slug=cycle.replace("–", "-"))
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    job = services.start_report(actor=request.user, cycle=the_cycle, fmt=fmt)
    return redirect(job)
