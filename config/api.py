"""The one NinjaAPI of the hub; each app adds its router."""

from functools import partial

from ninja import NinjaAPI

# The second halves of two routers register on them when imported; each imports its first half (the reads)
# first, so every path still lists its GET first. Imported here, not at the bottom of the reads (no cycle).
import hub.monitoring.api_reporting  # noqa: F401
import hub.network.api_writes  # noqa: F401
from hub.accounts.api import router as accounts_router
from hub.core.api import refuse_unknown_query_parameters, server_error
from hub.core.api_docs import HubSwagger
from hub.exchange.api import router as exchange_router
from hub.meetings.api import router as meetings_router
from hub.monitoring.api import router as monitoring_router
from hub.network.api import router as network_router
from hub.opendata.api import router as opendata_router
from hub.partnerships.api import router as partnerships_router
from hub.plans.api import router as plans_router
from hub.projects.api import router as projects_router
from hub.search.api import router as search_router


class HubAPI(NinjaAPI):
    """The schema is the same for the life of the process (routes are fixed at start-up): build it once
    per path prefix instead of on every request to /api/v1/openapi.json (about 0.6 s each)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        cache = self.__dict__.setdefault("_schema_cache", {})
        if path_prefix not in cache:
            cache[path_prefix] = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return cache[path_prefix]


api = HubAPI(
    title="ASCN Hub API",
    version="1",
    description="Open data of the ASEAN Smart Cities Network: members, membership history, organisations and "
    "governance role terms. Lists are paginated (`limit`, `offset`) and answer `{count, items}`. "
    "Every public list is also a download (CSV, XLSX, JSON) and the whole dataset a data package: licence "
    "(CC BY 4.0), citation and data dictionary on the [data page](/data/).",
    urls_namespace="api",
    docs=HubSwagger(),  # /api/v1/docs in the hub's layout and colours (hub/core/api_docs.py)
    openapi_extra={"externalDocs": {"description": "Open data: downloads, licence, data dictionary", "url": "/data/"}},
)
# Every operation, also those added later: unknown query parameters are a 400, server errors JSON (hub/core/api.py).
api.add_decorator(refuse_unknown_query_parameters, mode="view")
api.add_exception_handler(Exception, partial(server_error, api=api))
api.add_router("/", network_router)
api.add_router("/", accounts_router)
api.add_router("/", projects_router)
api.add_router("/", monitoring_router)
api.add_router("/", meetings_router)
api.add_router("/", plans_router)
api.add_router("/", exchange_router)
api.add_router("/", partnerships_router)
api.add_router("/", search_router)
api.add_router("/", opendata_router)
