"""The idea exchange's part of the annual M&E report (hub.monitoring.report.sections, registered in
ExchangeConfig.ready): the collaborations started in the cycle, and the challenges members raised in
it, counted by focus area and by the help they asked for.

Public records only: collaborations are public (the members agreed to them); a challenge counts when it
is published and was raised in the cycle (written in an update of the cycle, or posted on a day of it).
Counted in SQL: the number of queries does not grow with the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.fields import IntegerField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hub.exchange.models import Challenge, Collaboration
from hub.monitoring.report.sections import ReportSection, register
from hub.projects.models import FocusArea

TOP_FOCUS = 3


@dataclass(frozen=True, slots=True)
class CollaborationLine:
    """A collaboration between members started in the cycle, as the report cites it."""

    start_date: date
    topic: str
    kind: str
    members: tuple[str, ...]
    is_demo: bool


@dataclass
class ExchangeFound:
    collaborations: list[CollaborationLine] = field(default_factory=list)
    challenges: int = 0
    demo_challenges: int = 0
    by_focus: list[tuple[str, int]] = field(default_factory=list)  # (focus area, challenges), most first
    help: dict[str, int] = field(default_factory=dict)  # knowledge / partner / funding -> challenges


def collaborations_started(cycle) -> list[CollaborationLine]:
    """Collaborations started in the cycle, by start date."""
    return [
        CollaborationLine(c.start_date, c.topic, c.kind, tuple(m.name for m in c.members.all()), c.is_demo)
        for c in Collaboration.objects.started_in(cycle).with_related().order_by("start_date", "pk")
    ]


def _raised_in(cycle):
    return (
        Challenge.objects.published()
        .exclude(status="withdrawn")
        .filter(
            Q(source_update__cycle=cycle)
            | Q(
                source_update__isnull=True,
                created_at__date__gte=cycle.start_date,
                created_at__date__lte=cycle.end_date,
            )
        )
    )


def collect(cycle) -> ExchangeFound:
    raised = _raised_in(cycle)
    totals = raised.aggregate(
        n=Count("pk"),
        demo=Count("pk", filter=Q(is_demo=True)),
        knowledge=Sum(Cast("wants_knowledge", IntegerField())),
        partner=Sum(Cast("wants_partner", IntegerField())),
        funding=Sum(Cast("wants_funding", IntegerField())),
    )
    names = {f.pk: f.label for f in FocusArea.objects.all()}
    per_focus = (
        Challenge.focus_areas.through.objects.filter(challenge__in=raised)
        .values("focusarea_id")
        .annotate(n=Count("challenge_id"))
        .order_by("-n", "focusarea_id")
    )
    return ExchangeFound(
        collaborations=collaborations_started(cycle),
        challenges=totals["n"],
        demo_challenges=totals["demo"],
        by_focus=[(names[row["focusarea_id"]], row["n"]) for row in per_focus],
        help={k: totals[k] or 0 for k in ("knowledge", "partner", "funding")},
    )


def summary(found: ExchangeFound) -> list[str]:
    lines = []
    if found.challenges:
        text = ngettext(
            "%(n)s challenge was raised in the exchange in this cycle",
            "%(n)s challenges were raised in the exchange in this cycle",
            found.challenges,
        ) % {"n": found.challenges}
        if found.by_focus:
            common = ", ".join(f"{name} ({n})" for name, n in found.by_focus[:TOP_FOCUS])
            text += "; " + _("the most common focus areas: %(areas)s") % {"areas": common}
        asked = [
            (label, found.help[key])
            for key, label in (("knowledge", _("knowledge")), ("partner", _("a partner")), ("funding", _("funding")))
            if found.help[key]
        ]
        if asked:
            text += "; " + _("help asked: %(kinds)s") % {"kinds": ", ".join(f"{label} {n}" for label, n in asked)}
        if found.demo_challenges:
            text += " " + _("(%(n)s of them demo data)") % {"n": found.demo_challenges}
        lines.append(text + ".")
    else:
        lines.append(_("No challenge was raised in the exchange in this cycle."))
    if found.collaborations:
        count = len(found.collaborations)
        text = ngettext(
            "%(n)s collaboration between members started: %(topics)s.",
            "%(n)s collaborations between members started, among them: %(topics)s.",
            count,
        ) % {"n": count, "topics": "; ".join(_line(c) for c in found.collaborations[:3])}
        lines.append(text)
    else:
        lines.append(_("No collaboration between members started in this cycle."))
    return lines


def _line(c: CollaborationLine) -> str:
    demo = " " + _("(demo)") if c.is_demo else ""
    return f"{c.topic} ({', '.join(c.members)}){demo}"


def figures(found: ExchangeFound) -> list[tuple[str, object]]:
    return [
        (_("Challenges raised in the exchange"), found.challenges),
        (_("Challenges asking for knowledge"), found.help.get("knowledge", 0)),
        (_("Challenges asking for a partner"), found.help.get("partner", 0)),
        (_("Challenges asking for funding"), found.help.get("funding", 0)),
        (_("Collaborations started"), len(found.collaborations)),
    ]


def pdf(found: ExchangeFound, styles: dict) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Spacer

    from hub.monitoring.report.pdf_draw import TEXT_W, _p, _table

    story = [CondPageBreak(50 * mm), _p(_("Collaborations started in the cycle"), styles["h1"])]
    if not found.collaborations:
        return [*story, _p(_("No collaboration between members started in this cycle."), styles["body"])]
    rows = [[_("Started"), _("Topic"), _("Members")]]
    for c in found.collaborations:
        topic = c.topic + (" " + _("(demo)") if c.is_demo else "")
        rows.append([c.start_date.isoformat(), _p(topic, styles["cell"]), _p(", ".join(c.members), styles["cell"])])
    return [*story, Spacer(1, 2 * mm), _table(rows, [TEXT_W * w for w in (0.14, 0.46, 0.40)], long=True)]


SECTION = ReportSection(
    key="exchange",
    order=20,
    collect=collect,
    summary=summary,
    figures=figures,
    pdf=pdf,
    template="exchange/report_section.html",
)


def register_section() -> None:
    register(SECTION)
