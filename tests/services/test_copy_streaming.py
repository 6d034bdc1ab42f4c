"""hub.core.streaming: COPYs sent from a second thread on the transaction's own connection keep their order and
their transaction; a query waits for them, and an error in one is raised in the caller's thread."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from hub.core import bulk, changelog, streaming
from hub.core.models import ChangeEntry
from hub.network.models import Member

pytestmark = pytest.mark.django_db

needs_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")


@needs_postgresql
def test_copies_run_in_order_in_the_transaction_and_a_query_sees_them():
    with transaction.atomic():
        connection.cursor().execute("CREATE TEMPORARY TABLE streamed (id bigint PRIMARY KEY, name text)")

        class Streamed:  # what bulk.copy_text needs of a model
            class _meta:  # noqa: N801
                db_table = "streamed"

        with streaming.copies():
            assert streaming.active() is not None
            for start in range(0, 10_000, 2_500):
                bulk.copy_text(Streamed, ["id", "name"], (f"{pk}\trow {pk}" for pk in range(start, start + 2_500)))
            with connection.cursor() as cursor:  # waits for every COPY above
                cursor.execute("SELECT count(*), max(id) FROM streamed")
                assert cursor.fetchone() == (10_000, 9_999)
        assert streaming.active() is None
        transaction.set_rollback(True)


@needs_postgresql
def test_a_failed_copy_is_raised_in_the_caller_and_nothing_of_the_block_stays():
    before = ChangeEntry.objects.count()
    member = Member.objects.order_by("pk").first()
    columns, head = changelog.copy_head(actor="test", model=Member, via="command")
    good = f"{head}\tupdate\t{member.pk}\t{member.name}\t{{}}"
    with pytest.raises(Exception, match="invalid input syntax for type json"):  # noqa: PT011 - psycopg's DataError
        with transaction.atomic(), streaming.copies():
            bulk.copy_text(ChangeEntry, columns, [good])
            bulk.copy_text(ChangeEntry, columns, [good.rsplit("\t", 1)[0] + "\t{not json"])
            bulk.copy_text(ChangeEntry, columns, [good])  # skipped: the transaction has failed
    assert ChangeEntry.objects.count() == before


def test_only_on_postgresql_within_a_transaction():
    with transaction.atomic(), streaming.copies():
        assert (streaming.active() is not None) == (connection.vendor == "postgresql")
        with streaming.copies():  # nested: the same stream
            assert streaming.active() is None or streaming.active().thread.is_alive()
    assert streaming.active() is None


@pytest.mark.parametrize("streamed", [False, True])
def test_update_rows_writes_every_kind_of_field_in_the_stream_or_not(streamed):
    """bulk.update_rows on any database; on PostgreSQL within copies() its statements (a COPY into a temporary
    table, one UPDATE from it) run in the stream, and a query after them sees what they wrote."""
    from datetime import date
    from decimal import Decimal

    from django.utils import timezone

    from hub.core.models import Confidence
    from hub.projects.models import Indicator, IndicatorValue, Project

    project = Project.objects.order_by("pk").first()
    with transaction.atomic():
        indicator = Indicator.objects.create(project=project, name="Streamed", unit="units")
        values = [
            IndicatorValue.objects.create(
                indicator=indicator,
                period_start=date(2020, 1, 1),
                period_end=date(2020, 12, 31),
                period_label=str(2020 + n),
                value=n,
            )
            for n in range(3)
        ]
        now = timezone.now()
        rows = [
            {
                "id": v.pk,
                "value": Decimal("12.5") + n,
                "note": "Tab\there, a \\ backslash\nand a line",
                "sources": ["https://example.org/a\\b"],
                "confidence": Confidence.HIGH,
                "period_end": date(2021, 6, 30),
                "undated": True,
                "version": 7,
                "updated_at": now,
            }
            for n, v in enumerate(values)
        ]
        names = ["value", "note", "sources", "confidence", "period_end", "undated", "version", "updated_at"]
        with streaming.copies() if streamed else transaction.atomic():
            bulk.update_rows(IndicatorValue, rows, names)
            found = list(indicator.values.order_by("pk"))
        assert [(v.value, v.version, v.undated, v.period_end) for v in found] == [
            (Decimal("12.5") + n, 7, True, date(2021, 6, 30)) for n in range(3)
        ]
        assert {(v.note, tuple(v.sources), v.confidence, v.updated_at) for v in found} == {
            ("Tab\there, a \\ backslash\nand a line", ("https://example.org/a\\b",), "high", now)
        }
        assert [v.period_label for v in found] == ["2020", "2021", "2022"]  # the fields not named are left
        transaction.set_rollback(True)


@needs_postgresql
def test_an_update_that_fails_in_the_stream_is_raised_and_nothing_stays():
    from datetime import date

    from hub.projects.models import IndicatorValue

    value = IndicatorValue.objects.order_by("pk").first()
    if value is None:
        pytest.skip("no indicator value in the reference data")
    with pytest.raises(Exception, match="value_period_order"):  # noqa: PT011 - psycopg's IntegrityError
        with transaction.atomic(), streaming.copies():
            bulk.update_rows(IndicatorValue, [{"id": value.pk, "period_end": date(1900, 1, 1)}], ["period_end"])
    value.refresh_from_db()
    assert value.period_end.year > 1900
