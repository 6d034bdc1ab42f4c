"""The whole public dataset as one Frictionless Data Package: ``datapackage.json`` and one CSV per list.

Each resource's Table Schema is read from the API's output schema (hub.opendata.columns), so the package,
the downloads, the data dictionary and the OpenAPI document describe the same columns. Demo rows are never in
it. The package is built on demand and cached until the data change: the key holds the id of the latest
change-log entry (every write, the reference loader's included, appends one) and the day (a member's
``status`` is its status today).
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.core.cache import cache
from django.db.models import Max
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from hub.core import dataversion
from hub.core.models import ChangeEntry
from hub.opendata.datasets import Dataset, datasets
from hub.opendata.downloads import csv_text, item_chunks

NAME = "ascn-hub-open-data"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
CACHE_SECONDS = 24 * 60 * 60


def data_version() -> str:
    """Changes when the published data may have: a write (change log) or a new day."""
    last = ChangeEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    return f"{last}-{timezone.localdate().isoformat()}"


def resource(dataset: Dataset, path: str) -> dict[str, Any]:
    return {
        "name": dataset.name,
        "title": str(dataset.title),
        "description": str(dataset.description),
        "path": path,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": [c.table_field() for c in dataset.columns], "missingValues": [""]},
    }


def descriptor(request: HttpRequest, *, absolute_paths: bool = False, version: str = "") -> dict[str, Any]:
    """``datapackage.json``: resource paths inside the archive (``data/members.csv``), or the live download
    addresses when ``absolute_paths`` (the descriptor served on its own)."""
    home = request.build_absolute_uri(reverse("opendata:data"))

    def path(d: Dataset) -> str:
        if absolute_paths:
            return request.build_absolute_uri(reverse("opendata:download", args=[d.name, "csv"]))
        return f"data/{d.name}.csv"

    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": "ASEAN Smart Cities Network: open data of the ASCN Hub",
        "description": "Members, governance, projects, monitoring figures, meetings, action plans, challenges, "
        "collaborations and partnerships of the ASEAN Smart Cities Network, as published by the ASCN Hub. "
        "Every record carries its sources and a confidence; demo data is left out.",
        "homepage": home,
        "version": version or data_version(),
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": [LICENCE],
        "sources": [
            {"title": "ASCN Hub", "path": home},
            {
                "title": "Public sources named in each record (provenance.sources): ASEAN, member governments, "
                "news reports",
                "path": home,
            },
        ],
        "keywords": ["ASEAN", "smart cities", "ASCN", "open data"],
        "resources": [resource(d, path(d)) for d in datasets().values()],
    }


def build(request: HttpRequest) -> bytes:
    """The archive: datapackage.json and data/<list>.csv for every list, without filters or demo rows."""
    version = data_version()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for dataset in datasets().values():
            filters = dataset.filter() if dataset.filter is not None else None
            chunks = item_chunks(dataset, request, filters, include_demo=False)
            archive.writestr(f"data/{dataset.name}.csv", "".join(csv_text(dataset, chunks)).encode("utf-8"))
        text = json.dumps(descriptor(request, version=version), ensure_ascii=False, indent=2)
        archive.writestr("datapackage.json", text)
    return out.getvalue()


def cached(request: HttpRequest) -> tuple[bytes, str]:
    """The archive and its version, built once per version (and host: the rows carry page addresses)."""
    version = data_version()
    # The data version also changes on writes that leave no change-log entry (hub/core/dataversion.py).
    key = f"opendata:package:{request.get_host()}:{version}:{dataversion.current().token}"
    data = cache.get(key)
    if data is None:
        data = build(request)
        cache.set(key, data, CACHE_SECONDS)
    return data, version
