"""Defect 10: `manage.py backup FILE` and `manage.py restore FILE` keep everything: every public list and
export, and the uploaded documents, are the same after a restore into an emptied hub."""

from __future__ import annotations

import difflib
import io
import json
import re
import tarfile
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from config.api import api
from hub.core import backup
from hub.meetings import services as meetings
from hub.meetings.models import Document
from tests.services.test_meetings_factories import make_meeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% the minutes\n" + b"0" * 200 + b"\n%%EOF\n"


def list_paths() -> list[str]:
    """Every GET of the API without a path parameter: the public lists (and the caller's own, with a token)."""
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return sorted(path for path, ops in schema["paths"].items() if "get" in ops and "{" not in path)


def body(response) -> bytes:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"PK"):
        return package_contents(content)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)  # new for every response


def differences(before: bytes, after: bytes, key: str) -> str:
    """The first lines that differ, to read in a failed run (a CI log)."""
    a, b = before.decode(errors="replace").splitlines(), after.decode(errors="replace").splitlines()
    return key + ":\n" + "\n".join(list(difflib.unified_diff(a, b, lineterm="", n=1))[:30])


def package_contents(content: bytes) -> bytes:
    """The data package's files without its build time: a restore changes the data version, so the package is
    built again (hub/core/dataversion.py), with the same files and a new ``created``."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    descriptor = json.loads(files.pop("datapackage.json"))
    descriptor.pop("created", None)
    text = json.dumps(descriptor, sort_keys=True, indent=1).encode()
    return text + b"\n" + b"".join(name.encode() + b"\n" + files[name] for name in sorted(files))


def everything(secretariat_client: Client, document: Document) -> dict[str, bytes]:
    seen = {}
    anonymous = Client()
    for path in list_paths():
        query = {"limit": 500} if "limit" in str(api.get_openapi_schema()["paths"][path]) else {}
        for who, client in (("anonymous", anonymous), ("secretariat", secretariat_client)):
            response = client.get(path, query)
            seen[f"{who} {path}"] = (response.status_code, body(response))
    for page in ("/members.csv", "/projects/export.csv", "/changes.csv", "/members/", "/projects/", "/meetings/"):
        response = secretariat_client.get(page)
        seen[page] = (response.status_code, body(response))
    response = secretariat_client.get(f"/api/v1/documents/{document.pk}")
    seen["document"] = (response.status_code, body(response))
    return seen


@pytest.fixture
def hub_with_a_document(personas, settings, tmp_path, token_client):
    settings.MEETING_FILES_DIR = tmp_path / "files"
    secretariat = personas["secretariat"]
    meeting = make_meeting(secretariat, title="Coordination meeting")
    document = meetings.upload_document(
        actor=secretariat, meeting=meeting, upload=SimpleUploadedFile("minutes.pdf", PDF), title="Minutes"
    )
    return token_client(secretariat), document


def test_a_restore_into_an_emptied_hub_gives_back_every_list_export_and_document(hub_with_a_document, tmp_path):
    client, document = hub_with_a_document
    before = everything(client, document)
    assert before["document"] == (200, PDF)
    assert before["anonymous /api/v1/members"][0] == 200
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "files" in out.getvalue()

    # Lost: every row and every file.
    backup._empty()
    (tmp_path / "files").rename(tmp_path / "lost")
    assert Client().get("/api/v1/members").json()["count"] == 0

    call_command("restore", str(archive), "--yes", stdout=io.StringIO())
    after = everything(client, document)
    assert after.keys() == before.keys()
    changed = [key for key in before if before[key] != after[key]]
    assert changed == [], "\n".join(differences(before[key][1], after[key][1], key) for key in changed)


def test_the_archive_holds_the_database_and_the_files(hub_with_a_document, tmp_path):
    _, document = hub_with_a_document
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert "database.json" in names
    assert f"files/meeting-files/{document.stored_name}" in names
    assert manifest["format"] == "ascn-hub-backup/1"
    assert manifest["rows"]["meetings.Document"] == 1


def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(tmp_path, personas):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(bogus), "--yes")
    assert Client().get("/api/v1/members").json()["count"] > 0
