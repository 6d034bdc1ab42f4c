"""The monitoring API's reads about reporting as a whole, on the monitoring router: who is late in a
cycle, and the figures of the Secretariat's published M&E reports beside the hub's live count.

No ``from __future__ import annotations`` here: ninja reads the filter annotations through @paginate's
wrapper, whose module cannot resolve them as strings.
"""

from ninja import Query
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from hub.accounts.auth import READ, caller
from hub.core.api import OPEN_READ, Pagination, list_responses
from hub.monitoring import policies
from hub.monitoring.api import router
from hub.monitoring.filters import LateFilter
from hub.monitoring.late import late_list
from hub.monitoring.published import figure_rows
from hub.monitoring.schemas import LateOut, Message, PublishedFigureOut, ValidationErrorOut


@router.get(
    "/late-reports",
    auth=READ,
    response={200: list[LateOut], 401: Message, 403: Message, 422: ValidationErrorOut},
    tags=["monitoring"],
    operation_id="list_late_reports",
    summary="Who is late: projects expected to report in a cycle without a submitted update",
    description="The list of the page /monitoring/late/, by country, member and project. For the National "
    "Representatives (their countries) and the Secretariat, Chair and Shepherd (every country): 401 without "
    "credentials, 403 for anyone else. `cycle` defaults to the current cycle; `country` narrows to one of the "
    "caller's countries (422 for a cycle that does not exist or a country the caller may not list). An empty "
    "list when no cycle exists yet.",
)
@paginate(Pagination)
def list_late_reports(request, filters: Query[LateFilter]):
    user = caller(request)
    if not user.is_authenticated:
        raise HttpError(401, "Sign in or send an API token: the late list is for reviewers.")
    if not policies.can_see_late(user):
        raise HttpError(403, "The list of late reports is for National Representatives and the Secretariat.")
    found = late_list(user, filters)
    if found.errors:
        raise NinjaValidationError(
            [{"type": "value_error", "loc": ["query", name], "msg": message} for name, message in found.errors]
        )
    return found.rows if found.rows is not None else []


@router.get(
    "/published-figures",
    auth=READ,
    response=list_responses(PublishedFigureOut),
    tags=["monitoring"],
    operation_id="list_published_figures",
    summary="The project counts of the Secretariat's published annual M&E reports, oldest first",
    description="Reference data (data/me_reports.yaml), each figure with its sources and confidence, as the "
    "report published it. `live` is the hub's own count for the cycle ending in the report's year, from its "
    "accepted data, where the hub holds that cycle: a different count, shown beside the published one.",
    openapi_extra=OPEN_READ,
)
@paginate(Pagination)
def list_published_figures(request):
    return figure_rows()
