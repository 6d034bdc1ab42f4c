"""Back up and restore the whole hub: the database and the uploaded files, in one archive.

``manage.py backup FILE`` writes a gzip'd tar with
  manifest.json   format, when, the database it came from, the migrations it had, rows per model
  database.json   every row of every model (Django's dumpdata, primary keys kept), read in one transaction
  files/<root>/…  the uploaded files (meeting documents), each root as it is on disk
``manage.py restore FILE`` replaces the database's rows and the files with the archive's, in one transaction
(the files are swapped in only once the rows are in). The archive moves between SQLite and PostgreSQL.

dumpdata/loaddata alone lose the uploaded files: every document answered 404 after a restore.
A new app that keeps files adds its folder to FILE_ROOTS (through a setting, as MEETING_FILES_DIR is).
"""

from __future__ import annotations

import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.dispatch import Signal
from django.utils import timezone

FORMAT = "ascn-hub-backup/1"
# Rows that are not the hub's data: sessions are per browser and end with a restore anyway; the data version
# (hub/core/dataversion.py) is changed by the restore's own writes, so a restored one could only clash with it.
EXCLUDED = ["sessions", "core.DataVersion"]


def excluded(model) -> bool:
    """A model whose rows are not the hub's data (EXCLUDED): not backed up, restored or copied."""
    return model._meta.app_label in EXCLUDED or model._meta.label in EXCLUDED


class BackupError(Exception):
    """The archive cannot be restored here; nothing was changed."""


def file_roots() -> dict[str, Path]:
    """The folders of uploaded files, by the name they have in the archive."""
    return {"meeting-files": Path(getattr(settings, "MEETING_FILES_DIR", settings.DATA_DIR / "files"))}


def _migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not excluded(model) and not model._meta.proxy and model._meta.managed
    }


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def _snapshot() -> tuple[bytes, dict]:
    """Every row, read as of one moment: PostgreSQL gives the transaction one snapshot (REPEATABLE READ);
    SQLite's transaction takes the write lock (transaction_mode IMMEDIATE), so no write lands in between."""
    out = io.StringIO()
    outermost = not connection.in_atomic_block  # inside a caller's transaction, its snapshot rules
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command("dumpdata", exclude=EXCLUDED, format="json", indent=None, stdout=out)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": _migrations(),
            "rows": _counts(),
        }
        # The files as they are while the rows cannot change (a document's file is written before its row).
        files = {name: root for name, root in file_roots().items() if root.is_dir()}
        staged = Path(tempfile.mkdtemp(prefix="hub-backup-"))
        for name, root in files.items():
            shutil.copytree(root, staged / name)
    return out.getvalue().encode("utf-8"), {"manifest": manifest, "staged": staged}


def backup(path: Path) -> dict:
    """Write the archive to ``path``; answers its manifest."""
    data, extra = _snapshot()
    manifest, staged = extra["manifest"], extra["staged"]
    try:
        manifest["files"] = sum(1 for p in staged.rglob("*") if p.is_file())
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            _add_bytes(archive, "database.json", data)
            for name in sorted(p.name for p in staged.iterdir()):
                archive.add(staged / name, arcname=f"files/{name}")
        partial.replace(path)  # a crash leaves the last good backup, not half of a new one
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return manifest


def _read(path: Path) -> tuple[dict, bytes, Path]:
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{path} is not a backup of the hub ({exc}).") from exc
    with archive:
        try:
            manifest = json.loads(archive.extractfile("manifest.json").read())
            data = archive.extractfile("database.json").read()
        except (KeyError, AttributeError, ValueError) as exc:
            raise BackupError(f"{path} is not a backup of the hub: no manifest or database in it.") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path} is a backup of format {manifest.get('format')!r}; this hub reads {FORMAT}.")
        unpacked = Path(tempfile.mkdtemp(prefix="hub-restore-"))
        members = [m for m in archive.getmembers() if m.name.startswith("files/")]
        # The "data" filter refuses links, devices and paths that leave the folder (a crafted archive).
        archive.extractall(unpacked, members=members, filter="data")
    return manifest, data, unpacked / "files"


# Sent inside the restore's transaction once every row is back: apps that keep data derived from other rows
# (hub.monitoring's tallies) rebuild it here. Core names no app.
restored = Signal()


def restore(path: Path) -> dict:
    """Replace every row and every uploaded file with the archive's. The database must have the same
    migrations as the one backed up (same version of the hub): migrate first, then restore."""
    manifest, data, files = _read(path)
    try:
        if manifest["migrations"] != _migrations():
            raise BackupError(
                "The backup was made by another version of the hub (its migrations differ from this database's). "
                "Install the version that made it, run `manage.py migrate`, then restore."
            )
        with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as dump:
            dump.write(data)
        try:
            with transaction.atomic():
                _empty()
                # flush re-creates content types and permissions; the archive has them with their own ids.
                ContentType.objects.all().delete()
                apps.get_model("auth", "Permission").objects.all().delete()
                call_command("loaddata", dump.name, verbosity=0)
                ContentType.objects.clear_cache()
                # Figures derived from the rows (the dashboards' tallies) are worked out again from what was
                # restored, in the same transaction: loaddata's saves and the archive's copies would add up.
                restored.send(sender=restore)
                _swap_files(files)
        finally:
            Path(dump.name).unlink(missing_ok=True)
    finally:
        shutil.rmtree(files.parent, ignore_errors=True)
    return manifest


def _empty() -> None:
    """Delete every row (flush). PostgreSQL refuses to TRUNCATE a table with constraint checks still pending
    from earlier writes of the same transaction: run those checks first."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _swap_files(unpacked: Path) -> None:
    for name, root in file_roots().items():
        source = unpacked / name
        if root.exists():
            shutil.rmtree(root)
        if source.is_dir():
            shutil.copytree(source, root)
        else:
            root.mkdir(parents=True, exist_ok=True)
