"""The search index (one row per searchable record) and the matcher's per-project vectors.

Both are derived data: ``manage.py rebuildsearch`` recreates them from the records. The full-text part
is database-specific and lives beside the table (hub.search.backends): on SQLite an FTS5 table kept by
triggers, on PostgreSQL a generated ``tsvector`` column with a GIN index.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # What the full-text index reads (the title weighs more): analysed terms (hub.search.analysis), space-separated.
    title_terms = models.TextField(blank=True)
    terms = models.TextField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    country = models.CharField(max_length=2, blank=True, db_index=True)
    # Focus-area codes as "|civic-social|health-well-being|" so that one LIKE finds one code.
    focus_areas = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, blank=True)
    member_id = models.BigIntegerField(null=True, blank=True)
    url = models.CharField(max_length=300)
    # False: only the readers the provider's visibility rule lets through (drafts, restricted meetings).
    public = models.BooleanField(default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_one_per_record")]
        indexes = [models.Index(fields=["public", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"

    @property
    def focus_area_codes(self) -> list[str]:
        return [code for code in self.focus_areas.split("|") if code]


class ProjectVector(models.Model):
    """A project's sentence embedding and bilingual terms for matching, computed lazily and dropped on
    every write to the project (hub.search.signals), so a stale vector is never read."""

    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, primary_key=True, related_name="+")
    # 512 float16 numbers (1 KiB): the multilingual sentence encoder's unit vector of title and texts.
    vector = models.BinaryField()
    terms = models.TextField(blank=True)
    # The words as written, one per term (same order): "why it matched" shows them, not stems.
    words = models.TextField(blank=True)
    # Monotonic stamp: a worker's cached index reloads only the rows newer than what it holds.
    stamp = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return f"vector of project {self.project_id}"


class MatchGeneration(models.Model):
    """One row whose ``value`` rises with every write to a project (in the write's transaction): a worker
    compares it with the value its match index was built at, one primary-key read per query."""

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"match generation {self.value}"
