"""Numbers as the reader's language writes them: 1,234.5 in English, 1.234,5 in Bahasa Indonesia.

``format_number`` is the one formatter for the figures that charts, dashboards and reports show: digits
grouped by thousands, no trailing zeros (a Decimal(18, 4) of 12.5000 reads "12.5"), separators from
the active language's formats (django.utils.formats), so a page, its SVG charts and a PDF made in
Indonesian all read "1.234" and "12,5". It formats explicitly, so it also works inside
``{% localize off %}``, where the charts keep their geometry in plain numbers.

``number_length`` is its length without asking Django (for laying out charts before any language is
known): every language the hub speaks uses a one-character separator, so lengths agree.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats, numberformat, translation


def _plain(value: Any) -> Any:
    """The number to write: integral values as int (4685.0000 -> 4685), other Decimals without trailing zeros."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return value
        value = value.normalize()
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal)


def _is_finite(value: Any) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite()
    return not isinstance(value, float) or math.isfinite(value)


def format_number(value: Any) -> str:
    """12 -> "12", 12.5 -> "12.5" / "12,5", 1234.5 -> "1,234.5" / "1.234,5" (English / Indonesian).

    None gives ""; anything that is not a number is returned as its text.
    """
    if value is None:
        return ""
    if not _is_number(value):
        return str(value)
    value = _plain(value)
    if not _is_finite(value):
        return str(value)  # nan and infinities: nothing to group
    # With no language active (deactivate_all), Django would fall back to ungrouped settings: use the default.
    lang = translation.get_language() or settings.LANGUAGE_CODE
    decimal_sep, grouping, thousand_sep = _separators(lang)
    if type(value) is int and grouping == 3:
        # The common case (counts, in loops on every dashboard) without numberformat's general machinery:
        # Python groups whole numbers by three itself; the same text as numberformat.format.
        return f"{value:,}".replace(",", thousand_sep)
    return str(
        numberformat.format(
            value, decimal_sep, grouping=grouping, thousand_sep=thousand_sep, force_grouping=True, use_l10n=True
        )
    )


_SEPARATORS: dict[str, tuple[str, Any, str]] = {}


def _separators(lang: str) -> tuple[str, Any, str]:
    """The language's decimal separator, grouping and thousands separator, looked up once per language."""
    try:
        return _SEPARATORS[lang]
    except KeyError:
        found = _SEPARATORS[lang] = (
            formats.get_format("DECIMAL_SEPARATOR", lang, use_l10n=True),
            formats.get_format("NUMBER_GROUPING", lang, use_l10n=True),
            formats.get_format("THOUSAND_SEPARATOR", lang, use_l10n=True),
        )
        return found


@receiver(setting_changed, dispatch_uid="core.charts.numbers.separators")
def _forget_separators(**kwargs) -> None:
    _SEPARATORS.clear()  # FORMAT_MODULE_PATH, LANGUAGES… (Django empties its own format cache likewise)


def number_length(value: Any) -> int:
    """How many characters format_number(value) writes, in any of the hub's languages."""
    if value is None:
        return 0
    if not _is_number(value):
        return len(str(value))
    value = _plain(value)
    if isinstance(value, Decimal) and value.is_finite():
        return len(f"{value:,f}")
    return len(f"{value:,}")
