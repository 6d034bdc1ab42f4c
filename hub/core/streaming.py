"""COPYs sent from a second thread on the transaction's own connection, so that a bulk writer makes its next rows
while PostgreSQL stores the last ones (hub.core.bulk.copy_text, inside ``with streaming.copies():``).

One transaction runs in one PostgreSQL backend: the writer's Python and the server's work on the rows add up
when they take turns, and overlap here. Still one connection and one transaction: what is written is rolled
back with everything else if the import fails. The order of the writes is kept: the COPYs run in the order
they were given, and any other query of this thread (through Django's cursor) first waits until every COPY
given before it is done (and raises the error of one that failed): a writer that must not stall the stream
sends only COPYs while it streams (the import draws the keys of its new records before, bulk.new_ids).

Foreign keys are checked at the end of each COPY meanwhile (SET CONSTRAINTS ALL IMMEDIATE), while the writer
makes the next rows, rather than all at COMMIT, when it has nothing left to do; deferred again afterwards.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import connection

_ACTIVE: threading.local = threading.local()

# Of the last copies() block (read by bench/import.py): seconds the stream's thread waited for its next COPY after
# the first (PostgreSQL idle for want of rows), and seconds the caller waited for the stream (in drain).
LAST = {"idle": 0.0, "waited": 0.0}


class _Stream:
    def __init__(self, raw) -> None:
        self.raw = raw  # the psycopg connection under Django's
        self.jobs: queue.Queue = queue.Queue()
        self.error: BaseException | None = None
        self.told = False  # whether hub.core.bulk told the data version about the COPYs (once)
        self.idle = self.waited = 0.0  # LAST
        self.thread = threading.Thread(target=self._serve, name="copy-stream", daemon=True)
        self.thread.start()

    def _serve(self) -> None:  # psycopg only: the lines were made by the caller (hub.core.bulk.copy_text)
        served = False
        while True:
            start = time.perf_counter()
            job = self.jobs.get()
            if served and job is not None:
                self.idle += time.perf_counter() - start
            served = True
            try:
                if job is None:
                    return
                if self.error is None:
                    sql, blocks = job
                    with self.raw.cursor() as cursor:
                        if blocks is None:  # a statement of its own (execute)
                            cursor.execute(sql)
                        else:
                            with cursor.copy(sql) as copy:
                                for block in blocks:
                                    copy.write(block)
            except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread (drain)
                self.error = exc
            finally:
                self.jobs.task_done()

    def copy(self, sql: str, blocks: Iterable[str]) -> None:
        self.jobs.put((sql, blocks))

    def execute(self, sql: str) -> None:
        """A statement without parameters (hub.core.bulk.update's around its COPY), run in turn with the COPYs."""
        self.jobs.put((sql, None))

    def drain(self) -> None:
        """Wait until every COPY given is done; raise the error of one that failed."""
        start = time.perf_counter()
        self.jobs.join()
        self.waited += time.perf_counter() - start
        if self.error is not None:  # it stays: every later COPY is skipped, and every later query raises it
            raise self.error

    def stop(self) -> None:
        self.jobs.put(None)
        self.thread.join()


def active() -> _Stream | None:
    """The stream of this thread's ``copies()`` block, or None."""
    return getattr(_ACTIVE, "stream", None)


@contextmanager
def copies() -> Iterator[None]:
    """Within a transaction on PostgreSQL: hub.core.bulk's COPYs go to a second thread (see above); every COPY is
    done, and its error raised, when the block ends. Elsewhere (SQLite, or nested) nothing changes."""
    if connection.vendor != "postgresql" or active() is not None or not connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    stream = _Stream(connection.connection)

    def wait_first(execute, sql, params, many, context):
        stream.drain()
        return execute(sql, params, many, context)

    _ACTIVE.stream = stream
    try:
        with connection.execute_wrapper(wait_first):
            yield
            stream.drain()
    except BaseException as exc:
        stream.error = stream.error or exc  # the COPYs not yet sent are left: the transaction fails anyway
        raise
    finally:
        _ACTIVE.stream = None
        stream.stop()  # after the last COPY, whether the block ended or failed
        LAST.update(idle=stream.idle, waited=stream.waited)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
