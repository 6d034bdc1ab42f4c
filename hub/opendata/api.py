"""The open data in the API: the whole public dataset as one Frictionless Data Package (ZIP).

The per-list downloads are the list endpoints themselves (JSON) and /data/<list>.<csv|xlsx|json> (files);
the data page /data/ documents them all, with the licence and the data dictionary.
"""

from django.http import HttpResponse
from ninja import Router

from hub.accounts.auth import READ
from hub.core.api import OPEN_READ
from hub.opendata import package

router = Router(auth=READ, tags=["open data"])


@router.get(
    "/datapackage",
    openapi_extra={
        **OPEN_READ,
        "responses": {
            200: {
                "description": "A ZIP archive",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        },
    },
    operation_id="get_datapackage",
    summary="The whole public dataset as a Frictionless Data Package (ZIP)",
    description="`datapackage.json` (a Table Schema per file, the licence CC BY 4.0, the sources) and one CSV per "
    "public list, without demo data. Built on demand and kept until the data change. Columns and their meanings: "
    "the data page, `/data/`.",
)
def get_datapackage(request):
    data, version = package.cached(request)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package.NAME}-{version}.zip"'
    return response
