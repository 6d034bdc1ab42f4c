"""The e-mail a person gets when their job is done, with the link to its result."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from hub.core.links import absolute
from hub.jobs.models import Job, JobKind, JobState


def outcome(job: Job) -> str:
    """One line: what came of the job."""
    if job.state == JobState.FAILED:
        if job.kind == JobKind.REPORT:
            return _(
                "The report could not be built. Try again in a while; the Secretariat can read why in the server's log."
            )
        return _("It failed; nothing was written. The Secretariat can read why in the server's log.")
    if job.kind == JobKind.REPORT:
        return _("The file is ready to download.")
    result = job.result
    if result.get("unreadable"):
        return result["unreadable"]
    problems = result.get("problems") or []
    if problems:
        return _("%(count)s problem(s) found: nothing was imported.") % {"count": len(problems)}
    if result.get("dry_run"):
        return _("Everything checks out. Nothing was written (dry run).")
    return _("Imported: %(summary)s.") % {"summary": "; ".join(result.get("summary") or [_("no rows")])}


def recipients(job: Job) -> list[str]:
    """Who hears that the job is done: its owner, or the signed-in visitors who asked (a public build)."""
    if job.owner_id is not None:
        return [job.owner.email] if job.owner.email else []
    ids = job.params.get("notify") or []
    if not ids:
        return []
    from django.contrib.auth import get_user_model

    return sorted(e for e in get_user_model().objects.filter(pk__in=ids).values_list("email", flat=True) if e)


def send_done(job: Job) -> int:
    to = recipients(job)
    if not to:
        return 0
    subject = _("ASCN Hub: %(job)s is finished") % {"job": job.title}
    body = "\n\n".join([outcome(job), _("Details: %(link)s") % {"link": absolute(job.get_absolute_url())}])
    sent = 0
    for address in to:  # one message each: visitors do not learn each other's addresses
        sent += send_mail(subject[:200], body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=False)
    return sent
