"""Money: the currencies the hub accepts, the limits of an amount, and conversion to the reporting currency.

Amounts are ``Decimal`` with two places, never floats. A conversion to USD divides the amount by the
stored rate (units of the currency per one US dollar) and rounds the result once, to the cent, half up
(``ROUND_HALF_UP``: 0.005 becomes 0.01). The rounded USD amount is stored with the rate and the rate's date
on the record it converts, and every total is the sum of those stored amounts: a total always equals the
sum of its parts, whatever the grouping.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

REPORTING_CURRENCY = "USD"
CENT = Decimal("0.01")
# Above this an amount is a typing error (ten trillion in any currency; the largest stated envelope in the
# reference data, JPY 250 bn, is well below).
MAX_AMOUNT = Decimal("10000000000000")

# ISO 4217 codes of the ASEAN member states, the network's partners and the common reserve currencies.
CURRENCIES = {
    "USD": _("US dollar"),
    "AUD": _("Australian dollar"),
    "BND": _("Brunei dollar"),
    "CAD": _("Canadian dollar"),
    "CHF": _("Swiss franc"),
    "CNY": _("Chinese yuan"),
    "EUR": _("euro"),
    "GBP": _("pound sterling"),
    "IDR": _("Indonesian rupiah"),
    "JPY": _("Japanese yen"),
    "KHR": _("Cambodian riel"),
    "KRW": _("South Korean won"),
    "LAK": _("Lao kip"),
    "MMK": _("Myanmar kyat"),
    "MYR": _("Malaysian ringgit"),
    "NOK": _("Norwegian krone"),
    "NZD": _("New Zealand dollar"),
    "PHP": _("Philippine peso"),
    "SGD": _("Singapore dollar"),
    "THB": _("Thai baht"),
    "VND": _("Vietnamese dong"),
}
# Names in the page's language (the codes are what the API, exports and records carry).
CURRENCY_CHOICES = [(code, format_lazy("{} ({})", code, name)) for code, name in CURRENCIES.items()]


def parse_amount(value) -> Decimal:
    """A decimal amount from text or a number; ``ValueError`` with a message a person can act on."""
    if isinstance(value, float):
        value = repr(value)
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"'{value}' is not a number.") from exc
    if not number.is_finite():
        raise ValueError(f"'{value}' is not a number.")
    return number


def amount_problem(amount: Decimal | None, *, required: bool = True) -> str | None:
    """Why an amount is refused (None: it is fine), in English; the form shows ``gettext(problem)``."""
    if amount is None:
        return gettext_noop("An amount is required.") if required else None
    if amount < 0:
        return gettext_noop("An amount cannot be negative.")
    if amount > MAX_AMOUNT:
        return gettext_noop("This amount is larger than any the hub accepts (10,000,000,000,000): check the digits.")
    if amount != amount.quantize(CENT):
        return gettext_noop("Give the amount to the cent at most (two decimal places).")
    return None


def to_usd(amount: Decimal, units_per_usd: Decimal) -> Decimal:
    """``amount`` in a currency whose rate is ``units_per_usd`` (e.g. 15,850 IDR per USD), in USD to the cent."""
    if units_per_usd <= 0:
        raise ValueError("An exchange rate must be positive.")
    return (amount / units_per_usd).quantize(CENT, rounding=ROUND_HALF_UP)


def plain(amount: Decimal | None) -> str:
    """An amount as plain text with two places (``1234567.80``), for CSV and the API."""
    return "" if amount is None else f"{amount.quantize(CENT):f}"
