"""Template tags of partnerships: the national view for the country page, money as the page writes it."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.conf import settings
from django.utils import formats, numberformat, translation

register = template.Library()


@register.simple_tag(takes_context=True)
def national_view(context, country) -> dict:
    from hub.partnerships.national import national_view as build

    request = context.get("request")
    return build(country, getattr(request, "user", None))


@register.filter
def money(value) -> str:
    """An amount with two decimals, grouped as the page's language writes numbers (1,234.50 / 1.234,50)."""
    if value is None or value == "":
        return "—"
    lang = translation.get_language() or settings.LANGUAGE_CODE
    return str(
        numberformat.format(
            Decimal(value),
            formats.get_format("DECIMAL_SEPARATOR", lang, use_l10n=True),
            decimal_pos=2,
            grouping=formats.get_format("NUMBER_GROUPING", lang, use_l10n=True),
            thousand_sep=formats.get_format("THOUSAND_SEPARATOR", lang, use_l10n=True),
            force_grouping=True,
            use_l10n=True,
        )
    )
