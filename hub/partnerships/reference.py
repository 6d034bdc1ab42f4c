"""Load the partnerships part of the reference dataset, in this order:

    data/partners.yaml         partner organisations not in organisations.yaml (same fields)
    data/exchange_rates.yaml   rates to USD (units per dollar), entered as data
    data/programmes.yaml       partner programmes with their organisations, envelopes, members, projects
    data/partnerships.yaml     partnerships, each with the financing the sources state

The same guarantees as the other loaders (hub.network.reference): a file is read whole and every record
checked before anything of it is written; a bad record is reported with its file and line and nothing of
that file is loaded; records are found by their key, so reloading updates in place and duplicates nothing;
a record corrected in the hub is kept.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hub.core.reference import FileReport, Record, ReferenceError, date_fields, flatten, lookup, read_records
from hub.core.services import delete_record
from hub.network import services as network_services
from hub.network.models import Member, Organisation
from hub.network.reference import _parse_organisations
from hub.partnerships.choices import Instrument
from hub.partnerships.models import (
    ExchangeRate,
    Financing,
    FinancingStage,
    Partnership,
    PartnershipKind,
    PartnershipStatus,
    Programme,
)
from hub.partnerships.money import CURRENCIES, amount_problem, to_usd
from hub.partnerships.services_money import rate_for
from hub.projects.models import Project

FILES = ["partners.yaml", "exchange_rates.yaml", "programmes.yaml", "partnerships.yaml"]


def _currency(r: Record, name: str, *, required: bool) -> str:
    code = r.text(name, required=required).upper()
    if code and code not in CURRENCIES:
        r.error(f"'{name}': '{code}' is not a currency the hub knows ({', '.join(CURRENCIES)})", field=name)
    return code


def _amount(r: Record, name: str, raw: Any, *, required: bool):
    from hub.partnerships.money import parse_amount

    if raw is None or raw == "":
        if required:
            r.error(f"'{name}' is required", field=name)
        return None
    try:
        value = parse_amount(raw)
    except ValueError as exc:
        r.error(f"'{name}': {exc}", field=name)
        return None
    problem = amount_problem(value)
    if problem:
        r.error(f"'{name}': {problem}", field=name)
        return None
    return value


def _keys(r: Record, name: str, lookup: dict, what: str) -> list:
    raw = r.raw.get(name) or []
    if not isinstance(raw, list):
        r.error(f"'{name}' must be a list of {what} keys", field=name)
        return []
    found = []
    for key in raw:
        obj = lookup.get(str(key))
        if obj is None:
            r.error(f"'{name}': no {what} with key '{key}'", field=name)
        else:
            found.append(obj)
    return found


def _day(r: Record, name: str, *, required: bool = True) -> date | None:
    value = r.partial_date(name)
    if value is None:
        if required and not r.raw.get(name):
            r.error(f"'{name}' is required (YYYY-MM-DD)", field=name)
        return None
    if value.precision != "day":
        r.error(f"'{name}': give the day (YYYY-MM-DD), not only {value.precision}", field=name)
    return value.first_day


def _period(r: Record) -> dict[str, Any]:
    start, end = r.partial_date("start"), r.partial_date("end")
    if start and end and end.last_day < start.first_day:
        r.error(f"'end' ({end}) comes before 'start' ({start})", field="end")
    return {**date_fields("start", start), **date_fields("end", end)}


# --- parsers: each returns [(ref_key, model, values, extra, line)] --------------------------------------


def _parse_rates(path: str, records: list[dict], problems: list[str]) -> list:
    parsed = []
    for raw in records:
        r = Record(path, raw, problems, {"key", "currency", "date", "units_per_usd", "note"})
        key = r.text("key", required=True, max_length=100)
        values = {
            "currency": _currency(r, "currency", required=True),
            "rate_date": _day(r, "date"),
            "units_per_usd": r.decimal("units_per_usd", 0.00000001, 1_000_000_000),
            "note": r.text("note", max_length=200),
            **r.provenance(),
        }
        if values["units_per_usd"] is None and "units_per_usd" in raw:
            pass  # reported by r.decimal
        elif values["units_per_usd"] is None:
            r.error("'units_per_usd' is required", field="units_per_usd")
        if values["currency"] == "USD" and values["units_per_usd"] not in (None, 1):
            r.error("'units_per_usd': the rate of USD to itself is 1", field="units_per_usd")
        parsed.append((f"rate:{key}", ExchangeRate, values, None, r.line))
    return parsed


def _parse_programmes(path: str, records: list[dict], problems: list[str]) -> list:
    organisations, members, projects = lookup(Organisation, "slug"), lookup(Member, "slug"), lookup(Project, "slug")
    fields = {"key", "name", "short_name", "partner_country", "summary", "organisations", "start", "end"}
    fields |= {"envelope", "members", "projects", "website"}
    parsed = []
    for raw in records:
        r = Record(path, raw, problems, fields)
        key = r.text("key", required=True, max_length=80)
        envelope = raw.get("envelope") or {}
        if not isinstance(envelope, dict) or set(envelope) - {"amount", "currency", "note", "__line__", "__lines__"}:
            r.error("'envelope' has 'amount', 'currency' and 'note' only", field="envelope")
            envelope = {}
        amount = _amount(r, "envelope", envelope.get("amount"), required=False)
        currency = str(envelope.get("currency") or "").upper()
        if (amount is None) != (not currency):
            r.error("'envelope': give both 'amount' and 'currency', or neither", field="envelope")
        elif currency and currency not in CURRENCIES:
            line = envelope.get("__lines__", {}).get("currency")
            r.error(f"'envelope': '{currency}' is not a currency the hub knows", line, field="envelope")
        values = {
            "slug": key,
            "name": r.text("name", required=True, max_length=200),
            "short_name": r.text("short_name", max_length=40),
            "partner_country": r.text("partner_country", max_length=80),
            "summary": r.text("summary"),
            "envelope_amount": amount,
            "envelope_currency": currency,
            "envelope_note": str(envelope.get("note") or "").strip()[:300],
            "website": r.url("website"),
            **_period(r),
            **r.provenance(),
        }
        links = {
            "organisations": _keys(r, "organisations", organisations, "organisation"),
            "members": _keys(r, "members", members, "member"),
            "projects": _keys(r, "projects", projects, "project"),
        }
        parsed.append((f"programme:{key}", Programme, values, links, r.line))
    return parsed


def _parse_financing(r: Record, raw_rows, partnership_members: list, problems: list[str], path: str) -> list:
    if raw_rows is None:
        return []
    if not isinstance(raw_rows, list):
        r.error("'financing' must be a list", field="financing")
        return []
    rows = []
    members = {m.slug: m for m in partnership_members}
    for raw in raw_rows:
        f = Record(
            path, raw, problems, {"key", "stage", "instrument", "amount", "currency", "date", "evidence", "member"}
        )
        key = f.text("key", required=True, max_length=100)
        day = _day(f, "date")
        currency = _currency(f, "currency", required=True)
        amount = _amount(f, "amount", raw.get("amount"), required=True)
        member_key = f.text("member")
        member = members.get(member_key) if member_key else (partnership_members[0] if len(members) == 1 else None)
        if member_key and member is None:
            f.error(f"'member': '{member_key}' is not one of the partnership's members", field="member")
        elif not member_key and len(members) > 1:
            f.error("'member': say which of the partnership's members the money is for", field="member")
        values = {
            "stage": f.choice("stage", FinancingStage),
            "instrument": f.choice("instrument", Instrument),
            "amount": amount,
            "currency": currency,
            "on_date": day,
            "evidence": f.text("evidence", required=True),
            "member": member,
            **f.provenance(),
        }
        if day and currency in CURRENCIES and amount is not None:
            rate = rate_for(currency, day)
            if rate is None:
                f.error(f"no exchange rate of {currency} on or before {day} in exchange_rates.yaml", field="date")
            else:
                values.update(
                    rate=rate,
                    rate_value=rate.units_per_usd,
                    rate_date=rate.rate_date,
                    amount_usd=to_usd(amount, rate.units_per_usd),
                )
        rows.append((f"financing:{key}", values, f.line))
    committed = sum(
        v["amount_usd"] for _, v, _ in rows if v.get("amount_usd") is not None and v["stage"] == "committed"
    )
    disbursed = sum(
        v["amount_usd"] for _, v, _ in rows if v.get("amount_usd") is not None and v["stage"] == "disbursed"
    )
    if disbursed > committed:
        r.error(f"'financing': disbursed (USD {disbursed}) is above committed (USD {committed})", field="financing")
    return rows


def _parse_partnerships(path: str, records: list[dict], problems: list[str]) -> list:
    organisations, members, projects = lookup(Organisation, "slug"), lookup(Member, "slug"), lookup(Project, "slug")
    programmes = lookup(Programme, "slug")
    fields = {"key", "title", "partner", "programme", "members", "projects", "kind", "status", "start", "end"}
    fields |= {"description", "amount", "currency", "documents", "financing"}
    parsed = []
    for raw in records:
        r = Record(path, raw, problems, fields)
        key = r.text("key", required=True, max_length=100)
        linked_members = _keys(r, "members", members, "member")
        amount = _amount(r, "amount", raw.get("amount"), required=False)
        currency = _currency(r, "currency", required=amount is not None)
        documents = raw.get("documents") or []
        if not isinstance(documents, list) or not all(isinstance(d, str) for d in documents):
            r.error("'documents' must be a list of addresses", field="documents")
            documents = []
        values = {
            "slug": key,
            "title": r.text("title", required=True, max_length=200),
            "partner": r.ref("partner", organisations, "organisation", required=True),
            "programme": r.ref("programme", programmes, "programme"),
            "kind": r.choice("kind", PartnershipKind),
            "status": r.choice("status", PartnershipStatus),
            "description": r.text("description"),
            "amount": amount,
            "currency": currency,
            "documents": documents,
            **_period(r),
            **r.provenance(),
        }
        links = {
            "members": linked_members,
            "projects": _keys(r, "projects", projects, "project"),
            "financing": _parse_financing(r, raw.get("financing"), linked_members, problems, path),
        }
        parsed.append((f"partnership:{key}", Partnership, values, links, r.line))
    return parsed


def _parse_partners(path: str, records: list[dict], problems: list[str]) -> list:
    return [
        (key, model, values, parent, None)
        for key, model, values, parent in _parse_organisations(path, records, problems)
    ]


PARSERS = {
    "partners.yaml": _parse_partners,
    "exchange_rates.yaml": _parse_rates,
    "programmes.yaml": _parse_programmes,
    "partnerships.yaml": _parse_partnerships,
}


def _sync_m2m(obj, name: str, new: list) -> bool:
    manager = getattr(obj, name)
    if {o.pk for o in manager.all()} == {o.pk for o in new}:
        return False
    manager.set(new)
    return True


def _save(model, ref_key: str, values: dict, extra) -> str:
    if model is Organisation:
        values = {**values, "parent": None if extra is None else extra if not isinstance(extra, tuple) else None}
    obj, outcome = network_services.upsert_reference(model, ref_key=ref_key, values=values)
    changed = False
    if model in (Programme, Partnership):
        for name in ("organisations", "members", "projects"):
            if name in extra:
                changed |= _sync_m2m(obj, name, extra[name])
    if model is Partnership:
        keep = []
        for fin_key, fin_values, _line in extra["financing"]:
            keep.append(fin_key)
            _, fin_outcome = network_services.upsert_reference(
                Financing, ref_key=fin_key, values={**fin_values, "partnership": obj}
            )
            changed |= fin_outcome != network_services.UNCHANGED
        for stale in Financing.objects.filter(partnership=obj, ref_key__isnull=False).exclude(ref_key__in=keep):
            delete_record(stale, actor=network_services.LOADER, via="command", note="no longer in the dataset")
            changed = True
    if changed and outcome == network_services.UNCHANGED:
        outcome = network_services.UPDATED
    return outcome


def load_file(path: Path, label: str | None = None) -> FileReport:
    """Check and load one file atomically; raise ReferenceError listing every problem found."""
    label = label or path.name
    problems: list[str] = []
    parsed = PARSERS[path.name](label, read_records(path, label), problems)
    if problems:
        raise ReferenceError(problems)
    report = FileReport(label)
    with transaction.atomic():
        for ref_key, model, values, extra, line in parsed:
            try:
                with transaction.atomic():
                    outcome = _save(model, ref_key, values, extra)
            except ValidationError as exc:
                problems.append(f"{label}:{line or '?'}: {flatten(exc)}")
                continue
            report.counts[outcome] += 1
        if problems:
            raise ReferenceError(problems)
    return report


def load_reference(directory: Path) -> list[FileReport]:
    reports = []
    for name in FILES:
        path = directory / name
        if not path.exists():
            raise ReferenceError([f"{name}: file not found in {directory.name}/"])
        reports.append(load_file(path, f"{directory.name}/{name}"))
    return reports
