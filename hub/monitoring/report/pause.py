"""The cyclic garbage collector paused while the report is built or laid out.

Building the report at the large size makes hundreds of thousands of small objects that live until the
file is written (rows, lines, the PDF's drawing code); each of Python's full collections walks all of
them again, for nothing: they are freed by reference counting, or with the data when the build is done.
That was about a fifth of the build's and the PDF's time. Paused, not off: the collector runs again as
soon as the outermost build or render returns (and collects whatever cycles they left)."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def gc_paused(function: Callable[P, T]) -> Callable[P, T]:
    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> T:
        if not gc.isenabled():  # paused already (a build inside a render), or off by the process's choice
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused
