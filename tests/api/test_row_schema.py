"""hub.core.api.RowSchema validates list rows from a plain dict of their fields: the same output as ninja's own
Schema (its DjangoGetter) for resolvers with and without context, related managers, nested schemas, a
missing attribute with a default, aliases and dict input."""

import pytest
from ninja import Field, Schema

from hub.core.api import RowSchema
from hub.network.models import Member

pytestmark = pytest.mark.django_db


class CountryPart(Schema):
    code: str


def shapes(base):
    class Event(base):
        status: str

    class Row(base):
        id: int
        slug: str
        country: CountryPart
        events: list[Event]
        shout: str
        where: str
        absent: str = "default"

        @staticmethod
        def resolve_shout(obj) -> str:
            return obj.name.upper()

        @staticmethod
        def resolve_where(obj, context) -> str:
            return f"{context['prefix']}{obj.slug}"

    class Aliased(base):
        key: str = Field(alias="slug")

    return Row, Aliased


def test_row_schema_gives_what_ninja_gives():
    fast, fast_aliased = shapes(RowSchema)
    plain, plain_aliased = shapes(Schema)
    members = list(Member.objects.select_related("country").prefetch_related("events")[:5])
    assert members
    for member in members:
        context = {"prefix": "at:"}
        assert (
            fast.model_validate(member, context=context).model_dump()
            == plain.model_validate(member, context=context).model_dump()
        )
        assert fast_aliased.model_validate(member).model_dump() == plain_aliased.model_validate(member).model_dump()
    assert fast_aliased.model_validate({"slug": "x"}).model_dump() == {"key": "x"}  # a dict: ninja's own path
