"""The one NinjaAPI of the hub; each app adds its router."""

from ninja import NinjaAPI

from hub.network.api import router as network_router

api = NinjaAPI(
    title="ASCN Hub API",
    version="1",
    description="Open data of the ASEAN Smart Cities Network: members, membership history, organisations and "
    "governance role terms. Lists are paginated (`limit`, `offset`) and answer `{count, items}`.",
    urls_namespace="api",
)
api.add_router("/", network_router)
