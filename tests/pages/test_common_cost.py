"""What every request pays, made cheaper without changing any answer: a column's identity built directly
(hub/core/fastcol.py) and the root template's blocks found once (``{% extends %}`` in
hub/core/templatetags/memory.py)."""

import pytest
from django.apps import apps
from django.db.models.expressions import Col, Expression
from django.template import engines

from hub.core import fastcol


def _columns():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            yield field.get_col("T1")
            yield field.get_col("T2", field)
            yield Col("T3", field)
            yield Col(None, field, output_field=field)
            yield Col(alias="T4", target=field)
            yield Col("T5", field, None)


def test_a_column_has_djangos_identity():
    assert Col.__dict__["identity"].func is fastcol.col_identity  # installed by CoreConfig.ready
    count = 0
    for _ in range(2):  # the second time from what the fields keep
        for col in _columns():
            expected = Expression.identity.func(col)
            assert col.identity == expected
            assert hash(col) == hash(expected)
            count += 1
    assert count > 1000


def test_columns_compare_as_before():
    from hub.network.models import Member

    name, slug = Member._meta.get_field("name"), Member._meta.get_field("slug")
    assert Col("a", name) == Col("a", name)
    assert Col("a", name) != Col("b", name)
    assert Col("a", name) != Col("a", slug)
    assert Col("a", name) != Col("a", name, name)  # an explicit output field is another identity, as in Django
    assert len({Col("a", name), Col("a", name), Col("a", slug)}) == 2


@pytest.mark.django_db
def test_a_column_query_still_orders_and_selects(client):
    from hub.network.models import Member

    ids = [member.id for member in Member.objects.order_by("-id")]
    assert ids and ids == sorted(ids, reverse=True)
    first = Member.objects.select_related("country").order_by("id").first()
    assert first.country.code and first.id == min(ids)


def _engine_template(source: str):
    return engines["django"].from_string(source)


def test_blocks_of_the_root_template_are_found_each_time():
    base = _engine_template("{% load i18n %}<{% block a %}A{% endblock %}|{% block b %}B{% endblock %}>")
    child = _engine_template("{% extends base %}{% block b %}b{{ n }}{% endblock %}")
    for n in range(3):
        assert child.render({"base": base, "n": n}) == f"<A|b{n}>"
    other = _engine_template("<{% block a %}x{% endblock %}>")
    assert child.render({"base": other}) == "<x>"  # another root: its own blocks


def test_a_chain_of_templates_renders_as_with_djangos_tag():
    root = _engine_template("[{% block a %}ra{% endblock %}{% block b %}rb{% endblock %}]")
    middle = _engine_template("{% extends root %}{% block a %}ma{{ block.super }}{% endblock %}")
    leaf = _engine_template("{% extends middle %}{% block b %}lb{{ block.super }}{% endblock %}")
    for _ in range(2):
        assert leaf.render({"root": root, "middle": middle}) == "[maralbrb]"


@pytest.mark.django_db
def test_pages_extend_base_each_time(client):
    for _ in range(2):
        html = client.get("/nowhere-at-all/").content.decode()
        assert '<main id="main"' in html and "</footer>" in html
