"""Documents: upload (multipart), download (if the caller may read them) and delete."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Form, Status
from ninja.files import UploadedFile

from hub.accounts.auth import WRITE, caller
from hub.meetings import policies, responses, services
from hub.meetings.api.common import (
    IF_MATCH_HELP,
    OPEN_READ,
    VIA,
    WRITE_ERRORS,
    _readable_meeting,
    _with_etag,
    expected_version,
    router,
    service_errors,
)
from hub.meetings.models import Document
from hub.meetings.schemas import DocumentOut
from hub.network.schemas import Message


@router.post(
    "/meetings/{meeting_id}/documents",
    auth=WRITE,
    response={201: DocumentOut, **WRITE_ERRORS},
    operation_id="upload_document",
    summary="Upload a document (multipart form: `file`, optional `title`, `agenda_item_id`, `restricted`)",
    description="PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT or CSV, checked by extension and by content; at most "
    "MEETING_UPLOAD_MAX_BYTES (20 MB by default). A refused file is a 422 that says why.",
)
def upload_document(
    request,
    response: HttpResponse,
    meeting_id: int,
    file: File[UploadedFile],
    title: Form[str] = "",
    agenda_item_id: Form[int | None] = None,
    restricted: Form[bool] = False,
):
    meeting = _readable_meeting(request, meeting_id)
    with service_errors():
        item = meeting.agenda_items.filter(pk=agenda_item_id).first() if agenda_item_id else None
        if agenda_item_id and item is None:
            raise ValidationError({"agenda_item_id": _("That agenda item belongs to another meeting.")})
        document = services.upload_document(
            actor=caller(request),
            meeting=meeting,
            upload=file,
            title=title,
            agenda_item=item,
            restricted=restricted,
            via=VIA,
        )
    return Status(201, _with_etag(response, document))


@router.get(
    "/documents/{document_id}",
    openapi_extra=OPEN_READ,
    response={200: None, 404: Message},
    operation_id="download_document",
    summary="Download a document (an attachment), if you may read it",
)
def download_document(request, document_id: int):
    document = get_object_or_404(Document.objects.select_related("meeting"), pk=document_id)
    if not policies.can_read_document(caller(request), document):
        raise Http404
    return responses.document_response(document)


@router.delete(
    "/documents/{document_id}",
    auth=WRITE,
    response={204: None, **WRITE_ERRORS},
    operation_id="delete_document",
    summary="Delete a document and its file",
    description=IF_MATCH_HELP,
)
def delete_document(request, document_id: int):
    document = get_object_or_404(Document.objects.select_related("meeting"), pk=document_id)
    if not policies.can_read_document(caller(request), document):
        raise Http404
    version = expected_version(request, document)
    with service_errors():
        services.delete_document(actor=caller(request), document=document, expected_version=version, via=VIA)
    return Status(204, None)
