"""Meeting documents on disk: what may be uploaded (checked by extension AND content), and where it lives.

Files live under ``MEETING_FILES_DIR`` (default ``DATA_DIR / "files"``), outside the web root: nothing
serves that folder; the document view checks the reader's rights and sends the file as an attachment.
"""

from __future__ import annotations

import hashlib
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# extension -> (type key, MIME type sent on download)
ALLOWED = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "png": ("png", "image/png"),
    "jpg": ("jpeg", "image/jpeg"),
    "jpeg": ("jpeg", "image/jpeg"),
    "txt": ("txt", "text/plain; charset=utf-8"),
    "csv": ("csv", "text/csv; charset=utf-8"),
}
MIME = {kind: mime for kind, mime in ALLOWED.values()}
# Office Open XML files are ZIP archives with this folder inside.
OOXML_FOLDER = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ACCEPT = ",".join(f".{ext}" for ext in ALLOWED)


def files_root() -> Path:
    return Path(getattr(settings, "MEETING_FILES_DIR", settings.DATA_DIR / "files"))


def max_bytes() -> int:
    return int(getattr(settings, "MEETING_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def allowed_text() -> str:
    return "PDF, DOCX, XLSX, PPTX, PNG, JPEG, TXT, CSV"


@dataclass(frozen=True)
class CheckedFile:
    file_type: str
    extension: str
    size: int
    sha256: str


def human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def _head(upload, length: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(length)
    upload.seek(0)
    return head


def _content_matches(file_type: str, upload) -> bool:
    head = _head(upload)
    if file_type == "pdf":
        return head.startswith(b"%PDF-")
    if file_type == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if file_type == "jpeg":
        return head.startswith(b"\xff\xd8\xff")
    if file_type in OOXML_FOLDER:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            upload.seek(0)
            # Reads the archive's directory only: nothing is extracted.
            names = zipfile.ZipFile(upload).namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        finally:
            upload.seek(0)
        return "[Content_Types].xml" in names and any(n.startswith(OOXML_FOLDER[file_type]) for n in names)
    if file_type in ("txt", "csv"):
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
        return True
    return False


def check_upload(upload) -> CheckedFile:
    """Refuse (ValidationError on ``file``) what is too big, of a type not on the list, or not what its
    extension says; return the file's type, size and SHA-256."""
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            {
                "file": _("'%(name)s' is not a file type the hub accepts. Upload %(types)s.")
                % {"name": name, "types": allowed_text()}
            }
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": _("'%(name)s' is empty.") % {"name": name}})
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            {
                "file": _("'%(name)s' is %(size)s; files may be at most %(limit)s.")
                % {"name": name, "size": human_size(size), "limit": human_size(limit)}
            }
        )
    file_type = ALLOWED[extension][0]
    if not _content_matches(file_type, upload):
        raise ValidationError(
            {
                "file": _(
                    "'%(name)s' does not contain what its extension (.%(ext)s) says; it was refused. "
                    "Text files must be saved as UTF-8."
                )
                % {"name": name, "ext": extension}
            }
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(file_type=file_type, extension=extension, size=size, sha256=digest.hexdigest())


def store(upload, *, meeting_id: int, extension: str) -> str:
    """Write the upload under a random name; return the name relative to ``files_root()``."""
    relative = f"meetings/{meeting_id}/{uuid.uuid4().hex}.{extension}"
    target = files_root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    upload.seek(0)
    with target.open("xb") as handle:
        for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
            handle.write(chunk)
    return relative


def path_of(stored_name: str) -> Path:
    root = files_root().resolve()
    path = (root / stored_name).resolve()
    if root not in path.parents:
        raise FileNotFoundError(stored_name)
    return path


def remove(stored_name: str) -> None:
    try:
        path_of(stored_name).unlink(missing_ok=True)
    except FileNotFoundError:
        pass
