"""The data page and the downloads of every public list (hub.opendata.downloads)."""

from __future__ import annotations

import json

from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

from hub.core.models import ChangeEntry
from hub.opendata import datasets, dictionary, downloads, package

CITATION = "ASEAN Smart Cities Network, ASCN Hub open data"


def _bad(message: str) -> HttpResponse:
    return HttpResponseBadRequest(message + "\n", content_type="text/plain; charset=utf-8")


def download(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    dataset = datasets.get(name)
    if dataset is None:
        raise Http404(f"No list named {name}.")
    try:
        return downloads.response(dataset, fmt, request)
    except downloads.BadDownload as exc:
        return _bad(str(exc))


def package_zip(request: HttpRequest) -> HttpResponse:
    data, version = package.cached(request)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{package.NAME}-{version}.zip"'
    return response


def package_json(request: HttpRequest) -> HttpResponse:
    text = json.dumps(package.descriptor(request, absolute_paths=True), ensure_ascii=False, indent=2)
    return HttpResponse(text, content_type="application/json")


def _json_ld(request: HttpRequest, last_change) -> str:
    """schema.org Dataset metadata for dataset search engines and CKAN harvesters, as the text of a
    ``<script type="application/ld+json">``: a data block the browser never runs, so the strict CSP allows it;
    <, > and & are escaped so that no text can close the element."""
    home = request.build_absolute_uri(reverse("opendata:data"))
    formats = {"csv": "text/csv", "xlsx": downloads.FORMATS["xlsx"], "json": "application/json"}
    distribution = [
        {
            "@type": "DataDownload",
            "name": "ASCN Hub open data (Frictionless Data Package)",
            "encodingFormat": "application/zip",
            "contentUrl": request.build_absolute_uri(reverse("opendata:package")),
        }
    ]
    for d in datasets.datasets().values():
        for fmt, mediatype in formats.items():
            distribution.append(
                {
                    "@type": "DataDownload",
                    "name": f"{d.name}.{fmt}",
                    "encodingFormat": mediatype,
                    "contentUrl": request.build_absolute_uri(reverse("opendata:download", args=[d.name, fmt])),
                }
            )
    data = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": "ASEAN Smart Cities Network: open data of the ASCN Hub",
        "description": package.descriptor(request)["description"],
        "url": home,
        "sameAs": request.build_absolute_uri(reverse("opendata:package_json")),
        "license": package.LICENCE["path"],
        "isAccessibleForFree": True,
        "inLanguage": ["en", "id"],
        "keywords": ["ASEAN", "smart cities", "ASCN", "urban development", "monitoring and evaluation"],
        "creator": {"@type": "Organization", "name": "ASEAN Smart Cities Network", "url": home},
        "spatialCoverage": {"@type": "Place", "name": "Southeast Asia (ASEAN member states and Timor-Leste)"},
        "temporalCoverage": "2018/..",
        "citation": CITATION,
        "distribution": distribution,
    }
    if last_change is not None:
        data["dateModified"] = last_change.isoformat()
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(_json_script_escapes)
    return mark_safe(text)  # noqa: S308 - escaped above, as django.utils.html.json_script does


def data_page(request: HttpRequest) -> HttpResponse:
    last_change = ChangeEntry.objects.aggregate(last=Max("at"))["last"]
    rows = []
    for dataset, entries in dictionary.dictionary():
        rows.append(
            {
                "dataset": dataset,
                "entries": entries,
                "links": {fmt: reverse("opendata:download", args=[dataset.name, fmt]) for fmt in downloads.FORMATS},
                "page": reverse(dataset.page) if dataset.page else "",
            }
        )
    return render(
        request,
        "opendata/data.html",
        {
            "rows": rows,
            "last_change": last_change,
            "version": package.data_version(),
            "json_ld": _json_ld(request, last_change),
            "licence": package.LICENCE,
            "citation": CITATION,
            "data_url": request.build_absolute_uri(reverse("opendata:data")),
        },
    )
