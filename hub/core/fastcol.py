"""A column's identity without ``inspect``: the one ORM cost every query pays for each column it selects.

Django compares and hashes expressions by ``identity``, a tuple built from the constructor's arguments through
``inspect.Signature.bind_partial`` (about 3 µs). Compiling a query builds a fresh ``Col`` for every selected field
and hashes each one while working out ORDER BY (``SQLCompiler._order_by_pairs``) and the select list: a list of
40–80 columns spends a quarter of its compile time there. For ``Col`` itself (not its subclasses) the arguments
are known (alias, target, output_field=None), so the same tuple is built directly; the test checks it equals
Django's for every column of the hub's models. Installed once by ``CoreConfig.ready``.
"""

from __future__ import annotations

from django.db.models import fields
from django.db.models.expressions import Col, Expression
from django.utils.functional import cached_property
from django.utils.hashable import make_hashable

_django_identity = Expression.identity.func


def _part(value):
    # Expression._identity for the values a Col is made of: a field (or None, or an alias string).
    if isinstance(value, fields.Field):
        # Kept on the field with the model and name it was worked out for (a copied field may be another's).
        kept = value.__dict__.get("_hub_identity")
        model = getattr(value, "model", None)
        if kept is not None and kept[0] is model and kept[1] == value.name:
            return kept[2]
        part = (model._meta.label, value.name) if value.name and model else type(value)
        value.__dict__["_hub_identity"] = (model, value.name, part)
        return part
    if isinstance(value, tuple | dict):
        return Expression._identity(value)
    return make_hashable(value)


def col_identity(self):
    args, kwargs = self._constructor_args
    if kwargs or type(self) is not Col or not 2 <= len(args) <= 3:
        return _django_identity(self)  # a call this shortcut does not know: Django's way (it raises as before)
    alias = args[0]
    return (
        Col,
        ("alias", alias if type(alias) is str else _part(alias)),
        ("target", _part(args[1])),
        ("output_field", _part(args[2]) if len(args) == 3 else None),
    )


def install() -> None:
    if getattr(Col.__dict__.get("identity"), "func", None) is col_identity:
        return
    prop = cached_property(col_identity)
    prop.__set_name__(Col, "identity")
    Col.identity = prop
