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
