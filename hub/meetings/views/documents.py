"""Document pages: upload (refused early when too large), download (only for who may read it), delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from hub.meetings import forms, policies, responses, services, uploads
from hub.meetings.models import Document
from hub.meetings.views.common import _delete_flow, _form_errors, _form_page, _meeting, _organise, handles_denial


def _too_big(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > uploads.max_bytes() + 64 * 1024  # room for the form's other fields


@handles_denial
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _organise(request, meeting)
    if request.method == "POST" and _too_big(request):
        # Refused before the body is read: the limit, not the whole upload, decides.
        form = forms.DocumentForm(meeting=meeting)
        return _form_page(
            request,
            page_errors=[
                _("The file is larger than the %(limit)s allowed; nothing was uploaded.")
                % {"limit": uploads.human_size(uploads.max_bytes())}
            ],
            form=form,
            title=_("Upload a document"),
            back=meeting.get_absolute_url() + "#documents",
            meeting=meeting,
            multipart=True,
            status=413,
        )
    form = forms.DocumentForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_document(
                actor=request.user,
                meeting=meeting,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                agenda_item=form.cleaned_data["agenda_item"],
                restricted=form.cleaned_data["restricted"],
                via="page",
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The document was uploaded."))
            return redirect(meeting.get_absolute_url() + "#documents")
    return _form_page(
        request,
        form=form,
        title=_("Upload a document"),
        back=meeting.get_absolute_url() + "#documents",
        meeting=meeting,
        multipart=True,
    )


def document_download(request: HttpRequest, pk: int):
    document = get_object_or_404(Document.objects.select_related("meeting"), pk=pk)
    if not policies.can_read_document(request.user, document):
        raise Http404
    return responses.document_response(document)


@handles_denial
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(Document.objects.select_related("meeting"), pk=pk)
    if not policies.can_read_document(request.user, document):
        raise Http404
    _organise(request, document.meeting)
    return _delete_flow(
        request,
        title=_("Delete the document %(title)s?") % {"title": document.title},
        consequences=[_("The file is deleted.")],
        back=document.meeting.get_absolute_url() + "#documents",
        done_url=document.meeting.get_absolute_url() + "#documents",
        done_message=_("The document was deleted."),
        action=lambda: services.delete_document(actor=request.user, document=document, via="page"),
    )
