"""The data page and the downloads of every public list (hub.opendata.downloads)."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest

from hub.opendata import datasets, downloads, package


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


def data_page(request: HttpRequest) -> HttpResponse:
    raise Http404
