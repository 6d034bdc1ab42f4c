"""Documents of a meeting: checked, stored outside the web root, recorded; deleted with their file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hub.core.services import create_record, delete_record
from hub.meetings import uploads
from hub.meetings.models import AgendaItem, Document, Meeting
from hub.meetings.services.common import _require_organiser


def upload_document(
    *,
    actor,
    meeting: Meeting,
    upload,
    title: str = "",
    agenda_item: AgendaItem | None = None,
    restricted: bool = False,
    via: str = "",
) -> Document:
    """Check the file (size, type by extension and by content), store it outside the web root, record it."""
    _require_organiser(actor, meeting)
    if upload is None:
        raise ValidationError({"file": _("Choose a file to upload.")})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("That agenda item belongs to another meeting.")})
    checked = uploads.check_upload(upload)
    original = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:255]
    stored = uploads.store(upload, meeting_id=meeting.pk, extension=checked.extension)
    try:
        with transaction.atomic():
            return create_record(
                Document,
                actor=actor,
                data={
                    "meeting": meeting,
                    "agenda_item": agenda_item,
                    "title": (title or "").strip() or original.rsplit(".", 1)[0][:200],
                    "original_name": original,
                    "stored_name": stored,
                    "file_type": checked.file_type,
                    "size": checked.size,
                    "sha256": checked.sha256,
                    "restricted": bool(restricted),
                    "uploaded_by": actor if getattr(actor, "pk", None) else None,
                },
                via=via,
            )
    except BaseException:
        uploads.remove(stored)
        raise


@transaction.atomic
def delete_document(*, actor, document: Document, expected_version: int | None = None, via: str = "") -> None:
    _require_organiser(actor, document.meeting)
    stored = document.stored_name
    delete_record(document, actor=actor, expected_version=expected_version, via=via)
    transaction.on_commit(lambda: uploads.remove(stored))
