"""What every write of monitoring & evaluation shares: the refusal of a step in the wrong state, and how
an actor (a user, or the name of a command) is checked and logged.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from hub.monitoring.models import CycleState, ReportingCycle


class WrongState(Exception):
    """The update (or cycle) is not in a state that allows this step; nothing was changed."""


def _is_command(actor) -> bool:
    return isinstance(actor, str)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _user(actor):
    return None if _is_command(actor) else actor


def _check_open(cycle: ReportingCycle) -> None:
    if cycle.state != CycleState.OPEN:
        raise WrongState(
            _("The %(cycle)s cycle is %(state)s: updates can be written only while it is open.")
            % {"cycle": cycle.label, "state": cycle.get_state_display()}
        )
