"""The meetings API: meetings, their agenda, decisions, action items, attendance and documents.

Reads (``auth=READ``) answer what the caller may see: a restricted meeting is a 404 to others. Writes
(``auth=WRITE``) are for the meeting's organisers (see hub.meetings.policies) and go through
hub.meetings.services. A meeting, agenda item, outcome, delegation or participant answers with an
``ETag`` naming it and its version (``"meeting-12-v3"``); send it back as ``If-Match`` on PATCH or DELETE,
and a change made in between is refused with 412. Errors: 401 without credentials, 403 for a change the
caller may not make, 404 for what it may not see, 422 with field messages for bad input.

One router (``from hub.meetings.api import router``), its endpoints by part: meetings.py, series.py,
agenda.py, outcomes.py (decisions, action items), attendance.py and documents.py; common.py has the
router and what the endpoints share.
"""

from hub.meetings.api.common import router

# Importing an endpoint module registers its endpoints on `router`. The order is the order of the paths in
# the OpenAPI document and in URL matching ("/meetings/{id}.ics" must come before "/meetings/{id}").
# isort: off
from hub.meetings.api import meetings  # noqa: F401
from hub.meetings.api import series  # noqa: F401
from hub.meetings.api import agenda  # noqa: F401
from hub.meetings.api import outcomes  # noqa: F401
from hub.meetings.api import attendance  # noqa: F401
from hub.meetings.api import documents  # noqa: F401
# isort: on

__all__ = ["router"]
