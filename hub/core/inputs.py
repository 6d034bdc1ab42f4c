"""What input the hub accepts: the one rule for control characters and the one bound on ids, used by the
request guard, the services, the API schemas and the filters.

PostgreSQL cannot store a NUL character (SQLite can, so only PostgreSQL fails on it), and no one types the
other C0 control characters: every text the hub receives is refused if it carries one of them, except tab,
line feed and carriage return, which multi-line text keeps. One-line text (names, titles, codes: every
CharField) refuses those three as well.

    from hub.core.inputs import OneLine, MultiLine       # pydantic types for API schemas and filters
    from hub.core.inputs import text_problem             # "" when fine, else the message
    from hub.core.inputs import Id                       # an id in a path, filter or body: 1 .. MAX_ID
    from hub.core.inputs import Day                      # a day, written YYYY-MM-DD and nothing else
    from hub.core.inputs import validate_web_address, is_web_address   # http(s) only: sources, links

``hub.core.guard.RequestGuardMiddleware`` applies the first rule to every query parameter, form field and
JSON string before any view runs; ``hub.core.services`` applies the one-line rule to every CharField it
writes.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _
from pydantic import AfterValidator, BeforeValidator, Field

# The largest whole number the databases hold (PostgreSQL's bigint, SQLite's INTEGER): a larger one in a
# query fails in the database, so inputs are bounded by it before.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# C0 controls and DEL, but for tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# ... and those three too, for one-line text.
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f]")


def text_problem(value: str, *, one_line: bool = False) -> str:
    """What is wrong with ``value`` ("" when nothing is)."""
    if "\x00" in value:
        return _("The text contains a NUL character (\\x00), which is not allowed.")
    pattern = _CONTROL_ONE_LINE if one_line else _CONTROL
    match = pattern.search(value)
    if match is None:
        return ""
    code = f"\\x{ord(match.group()):02x}"
    if one_line:
        return _("This one-line text contains a control character (%(code)s): no line breaks or tabs.") % {"code": code}
    return _("The text contains a control character (%(code)s), which is not allowed.") % {"code": code}


def _checked(one_line: bool):
    def check(value: str) -> str:
        problem = text_problem(value, one_line=one_line)
        if problem:
            raise ValueError(problem)
        return value

    return check


# Pydantic (ninja Schema) field types: use them for every str of an input schema or a filter.
OneLine = Annotated[str, AfterValidator(_checked(one_line=True))]
MultiLine = Annotated[str, AfterValidator(_checked(one_line=False))]


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value):
    # pydantic reads a number (or a string of digits) as seconds since 1970: as_of=0 would be 1 January 1970.
    if isinstance(value, str) and not _ISO_DAY.match(value) or isinstance(value, int | float):
        raise ValueError(_("Give a day as YYYY-MM-DD."))
    return value


# A day in a filter or an input schema: only YYYY-MM-DD (or a date object from Python).
Day = Annotated[date, BeforeValidator(_iso_day)]


# -- Web addresses --------------------------------------------------------------------------------------

_WEB = URLValidator(schemes=["http", "https"])


def validate_web_address(value: str) -> None:
    """The one rule for an address the hub shows as a link (a source, a project's link): an absolute http(s)
    URL. ``javascript:``, ``data:``, ``//host`` and relative paths are refused (ValidationError): the page's
    Content-Security-Policy would block some of them, but it must not be the only defence."""
    if not isinstance(value, str):
        raise ValidationError(_("A web address is text."), code="invalid")
    _WEB(value)


def is_web_address(value: str) -> bool:
    try:
        validate_web_address(value)
    except ValidationError:
        return False
    return True


def sources_problems(sources, alternatives=None) -> dict[str, list[str]]:
    """What is wrong with a Sourced record's ``sources`` (a list of web addresses) and with the sources of its
    ``alternatives``, by field."""
    problems: dict[str, list[str]] = {}
    if not isinstance(sources, list):
        problems["sources"] = [_("Sources are a list of web addresses.")]
    else:
        bad = [value for value in sources if not is_web_address(value)]
        if bad:
            problems["sources"] = [
                _("'%(address)s' is not a web address (http:// or https://).") % {"address": str(value)[:200]}
                for value in bad
            ]
    for alternative in alternatives or []:
        alt_sources = alternative.get("sources", []) if isinstance(alternative, dict) else None
        if not isinstance(alt_sources, list) or not all(is_web_address(v) for v in alt_sources):
            problems.setdefault("alternatives", []).append(
                _("The sources of an alternative reading are web addresses (http:// or https://).")
            )
    return problems
