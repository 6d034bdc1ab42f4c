"""The pages of a job: its progress and result (/jobs/<id>/), its file, and the list of one's jobs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hub.jobs import services
from hub.jobs.models import Job, JobKind, JobState
from hub.jobs.notify import outcome

REFRESH_SECONDS = 2


def _job(request: HttpRequest, pk: int) -> Job:
    job = get_object_or_404(Job.objects.select_related("owner"), pk=pk)
    if not services.can_see(request.user, job):
        raise Http404  # whether someone else's job exists is theirs to know
    return job


@never_cache  # its progress changes without the data version changing: never in the public cache
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's page. A public report build's is anyone's (it shows the build only, never who asked); any
    other job's is its owner's and the Secretariat's: a visitor is sent to sign in."""
    job = get_object_or_404(Job.objects.select_related("owner").defer("upload", "output"), pk=pk)
    if not services.can_see(request.user, job):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404  # whether someone else's job exists is theirs to know
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
            "download": job.params.get("download", "") if job.public else "",
            "subscribed": job.public
            and request.user.is_authenticated
            and request.user.pk in (job.params.get("notify") or []),
        },
    )


@never_cache
def job_file(request: HttpRequest, pk: int) -> HttpResponse:
    public = Job.objects.filter(pk=pk, owner=None, kind=JobKind.REPORT).values_list("params", flat=True).first()
    if public is not None:  # the report's own address serves the file of the current data (or builds it)
        return redirect(public.get("download") or "/")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    job = _job(request, pk)
    if job.state != JobState.DONE or not job.output_name:
        raise Http404
    response = HttpResponse(bytes(job.output), content_type=job.output_type)
    response["Content-Disposition"] = f'attachment; filename="{job.output_name}"'
    return response


@login_required
@require_POST
def subscribe(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed-in visitor following a public report build asks for the e-mail when it is done."""
    job = get_object_or_404(Job.objects.defer("upload", "output"), pk=pk)
    if not job.public:
        raise Http404
    services.subscribe(job=job, user=request.user)
    return redirect(job)


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = list(services.visible_to(request.user)[:50])
    return render(request, "jobs/list.html", {"jobs": jobs})


@login_required
@require_POST
def report_job(request: HttpRequest, cycle: str, fmt: str) -> HttpResponse:
    """Have the annual M&E report prepared (or follow the build under way) and be e-mailed when it is done."""
    from django.urls import reverse
    from django.utils.module_loading import import_string

    from hub.jobs.tasks import CYCLE

    the_cycle = get_object_or_404(import_string(CYCLE), slug=cycle.replace("–", "-"))
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    download = reverse("monitoring:report_file", args=[the_cycle.slug, fmt])
    job = services.start_report(actor=request.user, cycle=the_cycle, fmt=fmt, download=download)
    return redirect(job)
