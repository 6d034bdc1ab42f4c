"""Fields every record of the registry shares: where it came from and how sure we are."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    HIGH = "high", _("high")
    MEDIUM = "medium", _("medium")
    LOW = "low", _("low")


class Sourced(models.Model):
    """A record that carries its sources.

    ``ref_key`` is the stable key of a record that comes from the reference dataset in ``data/``; the
    loader finds records by it, so reloading updates in place instead of duplicating. Records made in
    the hub itself have no ``ref_key``. ``alternatives`` keeps readings that other sources give, each a
    mapping with ``reading``, ``sources`` and ``note``, so that disagreement stays visible.
    """

    ref_key = models.CharField(_("reference key"), max_length=120, unique=True, null=True, blank=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    confidence = models.CharField(_("confidence"), max_length=8, choices=Confidence.choices, default=Confidence.MEDIUM)
    source_note = models.TextField(_("note on sources"), blank=True)
    alternatives = models.JSONField(_("other readings"), default=list, blank=True)
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Made-up data for demonstrations, never real.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every write through the services; pages and the API's ETag use it to refuse stale edits.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class ChangeAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("updated")
    DELETE = "delete", _("deleted")
    TRANSITION = "transition", _("status changed")


class ChangeEntryQuerySet(models.QuerySet):
    def for_object(self, obj: models.Model) -> "ChangeEntryQuerySet":
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))

    def update(self, **kwargs):  # the log is append-only
        raise TypeError("Change log entries cannot be edited")

    def delete(self):
        raise TypeError("Change log entries cannot be deleted")


class ChangeEntry(models.Model):
    """One write: who, when, which object, the fields before and after. Append-only.

    Written by ``hub.core.changelog.record`` inside the transaction of the write it describes.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # The log is an append-only audit trail that outlives what it names: no database foreign key for its actor
    # or its kind of record (docs/architecture.md, "The change log"). Deleting a user leaves their entries as
    # they were (actor_label names them; actor_id is the id they had); a bulk import checks no key per entry.
    # actor_id has no index: no query looks entries up by it (the log's filter reads actor_label).
    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(
        _("who (as text)"), max_length=200, help_text=_("The user's e-mail, or the command that wrote.")
    )
    via = models.CharField(_("through"), max_length=20, blank=True, help_text=_("page, api, command, admin"))
    action = models.CharField(_("action"), max_length=12, choices=ChangeAction.choices)
    # No index of their own: every query of a record's entries names both, served by Meta.indexes (whose first
    # column also serves content_type alone); two more indexes (three with object_id's LIKE one) to keep up to
    # date on every entry cost a third of a bulk import's change-log COPY.
    # Kept by Django (PROTECT: a kind of record with entries is not deleted through the ORM), not by the database.
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, db_constraint=False, db_index=False
    )
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("fields before and after"), default=dict)
    note = models.TextField(_("note"), blank=True)

    objects = ChangeEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Change log entries cannot be edited")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Change log entries cannot be deleted")


class DataVersion(models.Model):
    """The data version (hub/core/dataversion.py): a few rows whose tokens change in the transaction of every
    write to the hub's data. Written and read only through that module's DB-API cursor; never edit by hand.

    Several rows (shards) rather than one: a write transaction holds the row it changed until it commits, so
    two concurrent writers wait for each other only when they drew the same shard (docs/decisions/0005)."""

    shard = models.PositiveSmallIntegerField(primary_key=True)
    token = models.CharField(max_length=32)
    changed = models.BigIntegerField(help_text="Unix time in milliseconds of the write that set the token.")

    class Meta:
        db_table = "core_dataversion"

    def __str__(self) -> str:
        return f"{self.shard}: {self.token}"
