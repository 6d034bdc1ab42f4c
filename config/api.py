"""The one NinjaAPI of the hub; each app adds its router."""

from ninja import NinjaAPI

from hub.accounts.api import router as accounts_router
from hub.meetings.api import router as meetings_router
from hub.monitoring.api import router as monitoring_router
from hub.network.api import router as network_router
from hub.projects.api import router as projects_router

api = NinjaAPI(
    title="ASCN Hub API",
    version="1",
    description="Open data of the ASEAN Smart Cities Network: members, membership history, organisations and "
    "governance role terms. Lists are paginated (`limit`, `offset`) and answer `{count, items}`.",
    urls_namespace="api",
)
api.add_router("/", network_router)
api.add_router("/", accounts_router)
api.add_router("/", projects_router)
api.add_router("/", monitoring_router)
api.add_router("/", meetings_router)
