"""File answers shared by the pages and the API: calendar files, minutes and documents."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from hub.meetings import ical, uploads
from hub.meetings.models import Document, Meeting


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def ics_response(request: HttpRequest, meetings: Iterable[Meeting], *, filename: str, name: str | None = None):
    body = ical.calendar_for(meetings, base_url=_base_url(request), name=name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def pdf_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_response(document: Document) -> FileResponse:
    """The file as an attachment, with its type from the allow-list (never from the upload) and nosniff."""
    try:
        path = uploads.path_of(document.stored_name)
        handle = path.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=uploads.MIME.get(document.file_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
