"""The seats of the registry's roles and the rule "one holder a day": what a term overlaps, what a new
term may end, and the period just before a start. Reads only; the writes that keep the rule are in
hub.network.services (create_role_term, update_role_term, hand_over_role, take_back_handover).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from hub.core.dates import PartialDate, Precision, format_partial, last_day
from hub.network.models import Country, Role, RoleTerm

# --- handovers: a new Chair or Shepherd term ends the one in force ----------------------------------

HANDOVER_ROLES = (Role.CHAIR, Role.SHEPHERD)


@dataclass(frozen=True)
class Handover:
    """What a handover wrote: the new ``term`` and, if a term was in force on its start, that ``ended``
    term with its end before (``end_before``: partial-date text, "" for open-ended) and after the handover."""

    term: RoleTerm
    ended: RoleTerm | None = None
    end_before: str = ""
    end_after: str = ""


def period_before(start: PartialDate) -> PartialDate:
    """The period just before ``start``, at its precision: the day before a day, the month before a month,
    the year before a year. It ends the day before ``start`` begins and names no day the data lacks."""
    first = start.first_day
    if start.precision == Precision.YEAR:
        return PartialDate(date(first.year - 1, 1, 1), Precision.YEAR)
    if start.precision == Precision.MONTH:
        previous = first - timedelta(days=1)
        return PartialDate(previous.replace(day=1), Precision.MONTH)
    return PartialDate(first - timedelta(days=1), Precision.DAY)


def seat(term: RoleTerm) -> models.Q:
    """Terms of the same role and scope: the network's Chair or Shepherd, one country's National
    Representative, one member's CSCO."""
    if term.role == Role.NATIONAL_REPRESENTATIVE:
        return models.Q(role=term.role, country_id=term.country_id)
    if term.role == Role.CSCO:
        return models.Q(role=term.role, member_id=term.member_id)
    return models.Q(role=term.role)


def overlapping(seat: models.Q, first: date, until: date | None):
    """Terms of the seat that cover a day between ``first`` and ``until`` (None: open-ended)."""
    terms = RoleTerm.objects.filter(seat).filter(models.Q(end_until__isnull=True) | models.Q(end_until__gte=first))
    if until is not None:
        terms = terms.filter(models.Q(counts_from__isnull=True) | models.Q(counts_from__lte=until))
    return terms.select_related("country", "organisation", "person")


def end_text(term: RoleTerm) -> str:
    return format_partial(term.end_date, term.end_precision)


# --- one holder a day: the Chair, the Shepherd, each country's National Representative --------------

ONE_HOLDER_ROLES = (Role.CHAIR, Role.SHEPHERD, Role.NATIONAL_REPRESENTATIVE)
SEAT_FIELDS = ("role", "country", "start_date", "start_precision", "end_date", "end_precision", "in_force_on")


def until_day(term: RoleTerm) -> date | None:
    return last_day(term.end_date, term.end_precision or Precision.DAY) if term.end_date else None


def _touch(earlier: RoleTerm, later: RoleTerm) -> bool:
    """Whether ``earlier`` hands over to ``later`` within one month or year: its end and the start of ``later``
    name the same month (or year) at that precision, and ``earlier`` began before it."""
    return (
        earlier.end_date is not None
        and earlier.end_precision in (Precision.MONTH, Precision.YEAR)
        and (earlier.end_date, earlier.end_precision) == (later.start_date, later.start_precision)
        and (earlier.start_date is None or earlier.start_date < later.start_date)
    )


def seat_value(term: RoleTerm, name: str):
    return term.country_id if name == "country" else getattr(term, name)


def lock_seat(role, country) -> None:
    """Serialise the writes to one seat until the transaction ends (its terms and, for a National
    Representative, its country are locked), so that two people cannot both add a holder for one day."""
    if role not in ONE_HOLDER_ROLES:
        return
    terms = RoleTerm.objects.filter(role=role)
    if role == Role.NATIONAL_REPRESENTATIVE:
        terms = terms.filter(country=country)
        list(Country.objects.filter(pk=getattr(country, "pk", None)).select_for_update().values_list("pk"))
    list(terms.select_for_update().values_list("pk"))


def clashing_terms(term: RoleTerm) -> list[RoleTerm]:
    """The other terms of ``term``'s seat in force on a day that ``term`` covers; ``term`` may be unsaved.

    The rule that create_role_term and update_role_term keep (the writes of people, pages and API alike):
    - one holder a day for the Chair, the Shepherd and each country's National Representative (PRODUCT §1),
      a term being in force from the first day of its start to the last day of its end, an unknown start
      counting as in force, or from ``in_force_on`` where a source knows it in force only from a day
      (RoleTerm.objects.held_on);
    - an alternate (NR or CSCO) has its own role, so it never takes the seat of the holder it stands in for;
    - not for a CSCO: its term is also how a body other than the member's local government gets a city
      officer's rights (hub.accounts.permissions), the work is shared ("the CSCO and delegates", PRODUCT §2),
      and outgoing and incoming officers may both need those rights for a while; nor for the Secretariat;
    - same-period boundaries touch, they do not overlap (``_touch``): Singapore is Shepherd "until 2023-07"
      and Indonesia "from 2023-07" because the sources date the handover to that month and no closer, so
      each held part of it. The reference data keeps the rule; the loader (upsert_reference) is not held to
      it all the same, as it records what the sources say."""
    if term.role not in ONE_HOLDER_ROLES:
        return []
    until = until_day(term)
    first = term.start_date or term.in_force_on
    others = RoleTerm.objects.filter(seat(term)).exclude(pk=term.pk)
    if first is not None:
        others = others.filter(models.Q(end_until__isnull=True) | models.Q(end_until__gte=first))
    if until is not None:
        others = others.filter(models.Q(counts_from__isnull=True) | models.Q(counts_from__lte=until))
    others = others.select_related("country", "organisation", "person").order_by("start_date", "pk")
    return [other for other in others if not (_touch(other, term) or _touch(term, other))]


@dataclass(frozen=True)
class EndOffer:
    """A term that a new term may end: ``term`` is the one term of the seat it overlaps, in force on its
    start and begun before it; it would end with ``end``, the period just before the new start."""

    term: RoleTerm
    end: PartialDate

    @property
    def token(self) -> str:
        """Names this offer exactly (the term, its version, the end): a page asks again when one changed."""
        return f"{self.term.pk}-v{self.term.version}-{self.end}"


def offer_for(term: RoleTerm, clashes: list[RoleTerm]) -> EndOffer | None:
    if len(clashes) != 1 or term.start_date is None or not term.start_precision:
        return None
    previous, end = clashes[0], period_before(PartialDate(term.start_date, term.start_precision))
    if not previous.is_held_on(term.start_date):
        return None
    if previous.start_date is not None and previous.start_date > end.last_day:
        return None
    return EndOffer(term=previous, end=end)


def end_offer(data: dict[str, Any]) -> EndOffer | None:
    """The term that creating a term with ``data`` would end with ``end_previous`` (None: it overlaps nothing,
    or nothing it may end). Reads only: a page asks the reader before saving."""
    term = RoleTerm()
    for name in SEAT_FIELDS:
        if name in data:
            setattr(term, name, data[name])
    term.end_until = until_day(term)
    return offer_for(term, clashing_terms(term))


def clash_message(clashes: list[RoleTerm], offer: EndOffer | None) -> str:
    if offer is not None:
        return _(
            "One holder a day: this term starts while %(term)s is in force. End that term on %(end)s, the period "
            "just before this one starts, or choose other dates."
        ) % {"term": offer.term, "end": offer.end}
    return _("One holder a day: this term overlaps %(terms)s. Change the dates so that they do not overlap.") % {
        "terms": "; ".join(str(other) for other in clashes)
    }
