"""Account invitations on "My work" (hub.accounts.work.TASK_PROVIDERS): the invitations not yet accepted
that the user looks after — all of them for the Secretariat, those into its countries' member
organisations for a National Representative — so that they can send again the ones that lapse.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from hub.accounts import permissions
from hub.accounts.models import Invitation
from hub.accounts.work import TaskGroup, TaskItem, as_date, group_of


def tasks(user, scope) -> list[TaskGroup]:
    if not (scope.secretariat or scope.nr_country_ids):
        return []
    pending = Invitation.objects.pending().filter(organisation__in=permissions.invitable_organisations(user))
    return [
        group_of(
            "pending_invitations",
            _("Invitations not yet accepted"),
            pending.select_related("organisation").order_by("created_at", "pk"),
            lambda i: TaskItem(
                i.email,
                reverse("accounts:invitations"),
                _("to %(organisation)s; expires %(day)s")
                % {"organisation": i.organisation.name, "day": as_date(i.expires_at).isoformat()},
                as_date(i.created_at),
            ),
            reverse("accounts:invitations"),
            _("Every invitation has been accepted."),
        )
    ]
