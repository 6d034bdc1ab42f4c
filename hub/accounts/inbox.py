"""The count of waiting tasks shown beside "My work" in the navigation of every page.

Working the count out reads every kind of task (some twenty queries), too much for every page. So it is
kept in the session with the time it was counted: worked out when the user signs in, again whenever
"My work" is shown (which reads the tasks anyway), and on the first page after it is older than
``MAX_AGE`` seconds. The navigation may so lag a few minutes behind a task done elsewhere; the page
itself never does.
"""

from __future__ import annotations

import logging
import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from hub.accounts import permissions

log = logging.getLogger(__name__)

SESSION_KEY = "inbox_count"
MAX_AGE = 120  # seconds


def remember(request, count: int) -> None:
    request.session[SESSION_KEY] = [count, time.time()]


def count_now(user) -> int:
    from hub.accounts.work import task_count, tasks_for

    return task_count(tasks_for(user, permissions.scope_for(user)))


def nav_count(request) -> int | None:
    """The number of waiting tasks for the navigation (None: signed out, or it could not be counted)."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or not user.is_authenticated or session is None:
        return None
    stored = session.get(SESSION_KEY)
    if isinstance(stored, list) and len(stored) == 2 and time.time() - stored[1] < MAX_AGE:
        return stored[0]
    try:
        count = count_now(user)
    except Exception:  # a broken provider must not take every page down with it
        log.exception("Could not count the tasks of user %s", user.pk)
        return None
    remember(request, count)
    return count


@receiver(user_logged_in, dispatch_uid="accounts.inbox_count_on_sign_in")
def _count_on_sign_in(sender, request, user, **kwargs) -> None:
    if request is None or getattr(request, "session", None) is None:
        return
    try:
        remember(request, count_now(user))
    except Exception:  # signing in matters more than the count
        log.exception("Could not count the tasks of user %s", user.pk)
