"""The request guard: input that no view can use is refused before any view runs, in one place.

- a NUL or another control character (hub.core.inputs) in the path, a query parameter (name or value), a form
  field or a string of a JSON body (PostgreSQL cannot store NUL; SQLite can, so only production failed);
- a whole number outside the database's 64-bit range (|n| >= 2**63) in a query parameter, a JSON body or an
  API path (an id that large names no record: 404);
- a body the server cannot read: multipart without a boundary (400), more than DATA_UPLOAD_MAX_MEMORY_SIZE
  (413).

The API answers in JSON, as its other errors (422 ``{"detail": [{"loc": ["query", "q"], "msg": …}]}``,
``loc`` naming the parameter or field); pages answer the 400 page with the message. New apps get all of this
without doing anything; their schemas and filters still declare their own limits (hub.core.inputs.Id,
hub.core.inputs.OneLine).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from hub.core.inputs import MAX_ID, text_problem

API_PREFIX = "/api/"
INT_LIMIT = MAX_ID + 1  # PostgreSQL's bigint and SQLite's INTEGER hold -2**63 .. 2**63 - 1
_INTEGER = re.compile(r"^\s*[+-]?\d+\s*$", re.ASCII)
_BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

Problem = tuple[list[str | int], str]


def _too_large(value: int) -> bool:
    return not -INT_LIMIT <= value < INT_LIMIT


def _too_large_number(text: str) -> bool:
    """Whether ``text`` is a whole number out of range (one of thousands of digits is too, without reading it)."""
    if not _INTEGER.match(text):
        return False
    return len(text.strip()) > 40 or _too_large(int(text))


def _int_problem() -> str:
    return _("The number is too large (at most %(limit)s).") % {"limit": INT_LIMIT - 1}


def _text_problem(value: str) -> str:
    problem = text_problem(value)
    if problem:
        return problem
    if _too_large_number(value):
        return _int_problem()
    return ""


def _json_problems(value, loc: list[str | int]) -> Iterator[Problem]:
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            yield loc, problem
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if _too_large(value):
            yield loc, _int_problem()
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_problems(item, [*loc, index])
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key)
            if problem:
                yield [*loc, key], problem
            yield from _json_problems(item, [*loc, key])


def _query_problems(request: HttpRequest) -> Iterator[Problem]:
    for name, values in request.GET.lists():
        problem = text_problem(name)
        if problem:
            yield ["query", repr(name)[1:-1]], problem
        for value in values:
            problem = _text_problem(value)
            if problem:
                yield ["query", name], problem


def _body_problems(request: HttpRequest) -> Iterator[Problem]:
    if request.method not in _BODY_METHODS:
        return
    content_type = request.content_type or ""
    if content_type == "application/json" or content_type.endswith("+json"):
        try:
            data = json.loads(request.body)
        except ValueError:
            return  # the view says what is wrong with it
        yield from _json_problems(data, ["body", "payload"])
    elif content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        if _small(request):
            # Read (and kept) first, so that a view may still read the raw body after request.POST; a large
            # upload is parsed from the stream instead, as Django would.
            request.body  # noqa: B018
        for name, values in request.POST.lists():
            for value in values:
                problem = text_problem(value) or text_problem(name)
                if problem:
                    yield ["form", name], problem


def _small(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length <= (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)


def _path_problem(request: HttpRequest) -> Problem | None:
    problem = text_problem(request.path_info)
    if problem:
        return ["path"], problem
    return None


def _api_path_names_no_record(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX) and any(
        _too_large_number(segment) for segment in request.path_info.split("/") if segment
    )


def _answer(request: HttpRequest, status: int, message: str, loc: list | None = None) -> HttpResponse:
    if request.path_info.startswith(API_PREFIX):
        if loc is None:
            return JsonResponse({"detail": message}, status=status)
        return JsonResponse({"detail": [{"type": "value_error", "loc": loc, "msg": message}]}, status=status)
    where = "" if loc is None else " ".join(str(part) for part in loc[1:]) or str(loc[0])
    return render(request, "400.html", {"problem": message, "where": where}, status=400 if status >= 400 else status)


def first_problem(request: HttpRequest) -> tuple[int, str, list | None] | None:
    """What is wrong with the request as a whole (status, message, where), or None."""
    found = _path_problem(request)
    if found is not None:
        return 422 if request.path_info.startswith(API_PREFIX) else 400, found[1], found[0]
    if _api_path_names_no_record(request):
        return 404, "Not Found", None
    for loc, message in _query_problems(request):
        return 422, message, loc
    try:
        for loc, message in _body_problems(request):
            return 422, message, loc
    except RequestDataTooBig:
        return 413, _("The request body is too large."), None
    except MultiPartParserError as exc:
        return 400, _("The form data could not be read: %(error)s") % {"error": exc}, None
    return None


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = first_problem(request)
        if problem is not None:
            status, message, loc = problem
            return _answer(request, status, message, loc)
        return self.get_response(request)
