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

    class Meta:
        abstract = True
