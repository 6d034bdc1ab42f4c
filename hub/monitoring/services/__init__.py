"""Every write of monitoring & evaluation: cycles, progress updates and their review chain.

Pages, the API and the commands all call these functions. Each checks the actor's rights
(hub.monitoring.policies), validates, writes in one transaction, and appends to the change log in that
same transaction. The review chain is a small state machine:

    draft --submit--> submitted --endorse--> endorsed --accept--> accepted
      ^                   |                      |                      |
      +------return-------+----------return------+                      |
      +---------------------------reopen (Secretariat, cycle open)------+
                                                        (return and reopen need a comment)

``actor`` is a user, or a text naming the command that writes (commands run on the server, as the
operator; they skip the rights check but are logged under their name).

The functions live in cycles.py (reporting cycles), updates.py (drafts and their figures) and review.py
(the chain), with what they share in common.py; callers import them from here
(``from hub.monitoring import services``).
"""

from hub.core.services import Conflict
from hub.monitoring.services.common import WrongState
from hub.monitoring.services.cycles import close_cycle, create_cycle, open_cycle, parse_cycle_name, set_cycle_due_date
from hub.monitoring.services.review import (
    TRANSITIONS,
    accept,
    apply_transition,
    endorse,
    reopen,
    return_update,
    submit,
)
from hub.monitoring.services.updates import MAX_MILESTONES, UPDATE_FIELDS, ValueInput, create_update, edit_update

__all__ = [
    "MAX_MILESTONES",
    "TRANSITIONS",
    "UPDATE_FIELDS",
    "Conflict",
    "ValueInput",
    "WrongState",
    "accept",
    "apply_transition",
    "close_cycle",
    "create_cycle",
    "create_update",
    "edit_update",
    "endorse",
    "open_cycle",
    "parse_cycle_name",
    "reopen",
    "return_update",
    "set_cycle_due_date",
    "submit",
]
