"""What the apps' APIs share: pagination, response maps, ETags and If-Match, and service errors as HTTP.

Every app names its own records (``ETags(record_tag)``, e.g. "member-12" or "country-ID"); the rest is the
same everywhere: a record's ETag is its name and its version (``"member-12-v3"``), a write checks the
caller's ``If-Match`` against it, and the services' refusals become 403, stale versions 412 and invalid data
422 with field messages. An app with more refusals of its own maps them with ``service_errors(statuses=…)``.
"""

import logging
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import wraps
from typing import Any

from django.core import signals
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Manager, Model, QuerySet
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language
from ninja import Field, Schema, Status
from ninja.conf import settings as ninja_settings
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.schema import DjangoGetter
from pydantic import ModelWrapValidatorHandler, ValidationInfo, model_validator

from hub.core.inputs import MAX_ID, Id  # noqa: F401  (the API's names for them)
from hub.core.services import Conflict

logger = logging.getLogger("django.request")


# The error bodies every app answers with, named once in the OpenAPI document.
class Message(Schema):
    detail: str = Field(description='What went wrong, e.g. "Not Found".')


class ValidationErrorItem(Schema):
    type: str
    loc: list[str | int] = Field(description='Where the bad value is, e.g. ["query", "as_of"].')
    msg: str


class ValidationErrorOut(Schema):
    detail: list[ValidationErrorItem]


# In the OpenAPI document, an empty requirement next to the schemes says that reads need none of them.
OPEN_READ = {"security": [{}]}

PER_PAGE = ninja_settings.PAGINATION_PER_PAGE
MAX_LIMIT = ninja_settings.PAGINATION_MAX_LIMIT
# What the change log records as the channel of a write made through the API.
VIA = "api"


MAX_OFFSET = 10**9


class Pagination(LimitOffsetPagination):
    """ninja's limit/offset pagination, with its parameters documented. A limit over the maximum is a 422."""

    class Input(Schema):
        limit: int = Field(PER_PAGE, ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description=f"How many items to skip, 0 to {MAX_OFFSET}.")


class PageIdsFirst(Pagination):
    """The same pagination, for lists whose rows are costly to build (joins, annotations): the page's ids are
    chosen first by a subquery that reads only the ordering's columns (OFFSET skips cheap rows, not whole
    annotated ones), then the rows of those ids are read, in the list's order. Still one query for the page
    (``pk IN (SELECT pk … LIMIT … OFFSET …)``) beside the count."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
        ids = queryset.values("pk")[offset : offset + limit]
        return {self.items_attribute: queryset.filter(pk__in=ids), "count": self._items_count(queryset)}


_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG_PLACEHOLDER = "hub-slug-placeholder-0"


def slug_page_url(context: Mapping | None, viewname: str, slug: str) -> str:
    """``reverse(viewname, args=[slug])`` made absolute with the request, as a page's ``get_absolute_url()`` and
    ``build_absolute_uri`` give it, for every row of a list: ``reverse`` (about 13 µs, with the request's
    language prefix) runs once per request and view, then each row's slug takes the placeholder's place. A slug
    that is not a plain ASCII slug (nothing to quote) goes through ``reverse`` itself."""
    request = (context or {}).get("request")
    if request is None or not _SLUG.fullmatch(slug):
        path = reverse(viewname, args=[slug])
        return request.build_absolute_uri(path) if request is not None else path
    templates = request.__dict__.setdefault("_hub_slug_urls", {})
    key = (viewname, get_language())  # a view may switch the language (translation.override) mid-request
    template = templates.get(key)
    if template is None:
        template = templates[key] = request.build_absolute_uri(reverse(viewname, args=[_SLUG_PLACEHOLDER]))
    return template.replace(_SLUG_PLACEHOLDER, slug)


def _row_plan(cls) -> tuple | bool:
    """(field, its static resolver or None) for each field; False when a field has an alias or a resolver is
    not static (ninja's getter handles those)."""
    plan = []
    for name, field in cls.model_fields.items():
        resolver = cls._ninja_resolvers.get(name)
        if field.alias or field.validation_alias or (resolver is not None and not resolver._static):
            return False
        plan.append((name, resolver))
    return tuple(plan)


class RowSchema(Schema):
    """An output schema read for every row of a list: validated from a plain dict of its fields (each from its
    ``resolve_<field>`` or the attribute of the same name, as ninja's DjangoGetter gives them) instead of through
    the getter, which pydantic calls back once per field in Python. The same values reach the same validators,
    so the output is the same; only objects (model instances) take this path, dicts and anything unusual go
    through ninja's own."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler, info: ValidationInfo) -> Any:
        plan = cls.__dict__.get("_hub_row_plan")
        if plan is None:
            plan = cls._hub_row_plan = _row_plan(cls)
        if not plan or not isinstance(values, Model) or cls.model_config.get("extra") == "forbid":
            return handler(DjangoGetter(values, cls, info.context))
        row = {}
        for name, resolver in plan:
            if resolver is not None:
                value = (
                    resolver._func(values, context=info.context) if resolver._takes_context else resolver._func(values)
                )
            else:
                try:
                    value = getattr(values, name)
                except AttributeError:  # a dotted path or a missing attribute: ninja's getter decides
                    return handler(DjangoGetter(values, cls, info.context))
            if isinstance(value, Manager):
                value = list(value.all())
            elif isinstance(value, QuerySet):
                value = list(value)
            elif callable(value) or isinstance(value, FieldFile):
                return handler(DjangoGetter(values, cls, info.context))
            row[name] = value
        return handler(row)


# -- Response maps ----------------------------------------------------------------------------------------

READ_ERRORS = {400: Message, 404: Message, 422: ValidationErrorOut}
WRITE_ERRORS = {400: Message, 401: Message, 403: Message, 404: Message, 412: Message, 422: ValidationErrorOut}


def list_responses(item_schema) -> dict:
    return {200: list[item_schema], 400: Message, 422: ValidationErrorOut}


def detail_responses(schema) -> dict:
    return {200: schema, **READ_ERRORS}


def write_responses(schema, status: int = 200, errors: Mapping[int, type[Schema]] = WRITE_ERRORS) -> dict:
    return {status: schema, **errors}


# -- ETags and If-Match ---------------------------------------------------------------------------------

_ETAG = re.compile(r'^"(?P<record>[A-Za-z0-9-]+)-v(?P<version>\d+)"$')

IF_MATCH_HELP = (
    "Send the `ETag` of your last read in `If-Match` to be refused (412) if someone changed the record since; "
    "without `If-Match` the write overwrites. `If-Match: *` matches any version."
)


class ETags:
    """The ETags of one app's records. ``record_tag(obj)`` names a record ("member-12"); its ETag adds the
    version ("member-12-v3"): every write through the services raises ``version``, so the tag changes exactly
    when the record does."""

    def __init__(self, record_tag: Callable[[Model], str]):
        self.record_tag = record_tag

    def etag(self, obj: Model) -> str:
        return f'"{self.record_tag(obj)}-v{obj.version}"'

    def with_etag(self, response: HttpResponse, obj: Model):
        response["ETag"] = self.etag(obj)
        return obj

    def created(self, response: HttpResponse, obj: Model, url_name: str, **kwargs):
        """201 with the new record's ETag and its address (``Location``) as the endpoint ``api:<url_name>``."""
        response["Location"] = reverse(f"api:{url_name}", kwargs=kwargs)
        return Status(201, self.with_etag(response, obj))

    def expected_version(self, request: HttpRequest, obj: Model) -> int | None:
        """The version the caller's If-Match names (None: overwrite whatever is there)."""
        header = request.headers.get("If-Match")
        if header is None or header.strip() == "*":
            return None
        value = header.strip()
        if value.startswith("W/"):
            raise HttpError(
                412, "If-Match compares strong ETags; a weak one (W/…) never matches. Send the ETag as sent."
            )
        match = _ETAG.match(value)
        if match is None:
            raise HttpError(
                400, f"If-Match must be one ETag as the API sent it, quotes included (e.g. {self.etag(obj)}), or *."
            )
        tag = self.record_tag(obj)
        if match["record"] != tag:
            raise HttpError(412, f"The If-Match ETag {value} is for another record than this one ({tag}).")
        return int(match["version"])


# -- From service errors to HTTP ------------------------------------------------------------------------


def _same_name(model_field: str) -> str | None:
    return None if model_field == NON_FIELD_ERRORS else model_field


def field_errors(exc: DjangoValidationError, schema=None) -> list[dict]:
    """A model's validation errors as ninja's 422 items, each at the body field it is about (``loc``).

    ``schema.input_field`` names the body field of a model field (None: the body as a whole); without a schema
    the names are the same, and non-field errors are about the body as a whole."""
    if not hasattr(exc, "error_dict"):
        return [{"type": "value_error", "loc": ["body", "payload"], "msg": msg} for msg in exc.messages]
    input_field = schema.input_field if schema is not None else _same_name
    errors = []
    for model_field, messages in exc.message_dict.items():
        field = input_field(model_field)
        loc = ["body", "payload", field] if field else ["body", "payload"]
        errors.extend({"type": "value_error", "loc": loc, "msg": msg} for msg in messages)
    return errors


@contextmanager
def service_errors(
    schema=None,
    *,
    denied: str = "You may not make this change.",
    statuses: Mapping[type[Exception], int] | None = None,
) -> Iterator[None]:
    """Refusals become 403 (``denied`` when the refusal says nothing), stale versions 412, invalid data 422
    naming the fields of the body (see field_errors), and the app's own errors the status ``statuses`` gives
    them, with their message."""
    statuses = statuses or {}
    try:
        yield
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or denied) from exc
    except Conflict as exc:
        raise HttpError(412, str(exc)) from exc
    except DjangoValidationError as exc:
        raise NinjaValidationError(field_errors(exc, schema)) from exc
    except tuple(statuses) as exc:
        status = next(code for kind, code in statuses.items() if isinstance(exc, kind))
        raise HttpError(status, str(exc)) from exc


# -- What every operation of the API does (config/api.py installs these) --------------------------------


def _accepted_query_parameters(operation) -> frozenset[str]:
    names = set()
    for model in operation.models:
        if getattr(model, "__ninja_param_source__", None) == "query":
            names.update(getattr(model, "__ninja_flatten_map__", {}) or model.model_fields)
    return frozenset(names)


def refuse_unknown_query_parameters(run: Callable) -> Callable:
    """A query parameter the operation does not know is a mistake (``?name=Bangkok`` for ``?q=Bangkok`` would
    silently list everything): 400 naming the ones it accepts. Installed on every operation as a view
    decorator (``api.add_decorator(..., mode="view")``), so new endpoints get it too."""
    operation = run.__self__
    accepted = _accepted_query_parameters(operation)

    @wraps(run)
    def checked(request: HttpRequest, *args, **kwargs):
        unknown = sorted(set(request.GET) - accepted)
        if unknown:
            names = ", ".join(sorted(accepted)) or "none"
            message = f"Unknown query parameter(s): {', '.join(unknown)}. This endpoint accepts: {names}."
            return operation.api.create_response(request, {"detail": message}, status=400)
        return run(request, *args, **kwargs)

    return checked


def server_error(request: HttpRequest, exc: Exception, *, api) -> HttpResponse:
    """An unexpected error is logged as Django logs it and answered in JSON, also in production (where ninja
    would hand it to Django's HTML error page). Tests still see the exception (got_request_exception)."""
    logger.error(
        "Internal Server Error: %s", request.path, exc_info=exc, extra={"status_code": 500, "request": request}
    )
    signals.got_request_exception.send(sender=None, request=request)
    return api.create_response(request, {"detail": "Server error: the error was logged."}, status=500)
