"""Printable minutes of a meeting as PDF (reportlab): agenda, attendance, decisions and action items.

Text is set in DejaVu Sans where the system has it (it covers the Latin accents of ASEAN names), else
in Helvetica; words in Thai, Lao, Khmer or Myanmar script in their Noto font, embedded (hub/core/pdf_fonts.py).
A due date is one unbreakable line in its column (DUE_WIDTH fits the widest, "2025-12-31").
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from hub.core.pdf_fonts import base_fonts, paragraph, script_fonts
from hub.meetings.models import AttendanceStatus, Meeting, OutcomeKind
from hub.meetings.queries import MeetingRecord

INK = colors.HexColor("#1d2939")
SOFT = colors.HexColor("#475467")
LINE = colors.HexColor("#d0d5dd")
BRAND = colors.HexColor("#102a63")
PAPER_SOFT = colors.HexColor("#f5f7fa")


def _fonts() -> tuple[str, str, str]:
    """(regular, bold, italic) font names (hub/core/pdf_fonts.py), with the fonts of the ASEAN scripts."""
    script_fonts()
    return base_fonts()


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold, italic = _fonts()
    base = ParagraphStyle("base", fontName=regular, fontSize=9.5, leading=13, textColor=INK, alignment=TA_LEFT)
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=17, leading=21, textColor=BRAND),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=14, textColor=SOFT),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=bold, fontSize=12.5, leading=16, spaceBefore=12, spaceAfter=5, textColor=BRAND
        ),
        "h3": ParagraphStyle("h3", parent=base, fontName=bold, fontSize=10.5, leading=14, spaceBefore=7, spaceAfter=2),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, textColor=SOFT),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "cellhead": ParagraphStyle("cellhead", parent=base, fontName=bold, fontSize=9, leading=12),
        "outcome": ParagraphStyle("outcome", parent=base, leftIndent=14, spaceBefore=2),
        "note": ParagraphStyle("note", parent=base, fontName=italic, textColor=SOFT),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return paragraph(str(text), style)


def _link(address: str, style: ParagraphStyle) -> Paragraph:
    safe = escape(address, {'"': "&quot;"})
    return paragraph(f'• <link href="{safe}" color="#1849a9">{safe}</link>', style, escaped=True)


def _table(rows: list[list], widths: list[float], styles: dict) -> Table:
    data = [[_p(c, styles["cellhead"]) for c in rows[0]]] + [
        [c if isinstance(c, Paragraph) else _p(c, styles["cell"]) for c in row] for row in rows[1:]
    ]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), PAPER_SOFT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, SOFT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _facts(meeting: Meeting, styles) -> Table:
    rows = [
        (_("Dates"), meeting.dates_display + _time_text(meeting)),
        (_("Kind"), meeting.get_kind_display().capitalize()),
        (_("Place"), meeting.place_display or _("not known")),
    ]
    if meeting.series_id:
        rows.append((_("Series"), meeting.series.name + (f" (no. {meeting.number})" if meeting.number else "")))
    if meeting.host_display:
        rows.append((_("Host"), meeting.host_display))
    if meeting.chair_display:
        rows.append((_("Chair"), meeting.chair_display))
    if meeting.is_national:
        rows.append((_("National meeting of"), meeting.country.label))
    rows.append((_("Access"), meeting.get_visibility_display().capitalize()))
    data = [[_p(k, styles["cellhead"]), _p(v, styles["cell"])] for k, v in rows]
    table = Table(data, colWidths=[38 * mm, 132 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _time_text(meeting: Meeting) -> str:
    if not meeting.start_time:
        return ""
    end = f"–{meeting.end_time}" if meeting.end_time else ""
    return f", {meeting.start_time}{end} ({meeting.timezone})"


def _effects_text(outcome, *, prefix: bool = True) -> str:
    parts = []
    for effect in outcome.effects.all():
        target = effect.target
        if effect.membership_event_id:
            parts.append(
                _("%(member)s member from %(day)s") % {"member": target.member.name, "day": target.effective_display}
            )
        else:
            parts.append(
                _("%(role)s held by %(holder)s (%(period)s)")
                % {"role": target.get_role_display(), "holder": target.holder_label, "period": target.period_display}
            )
    if not parts:
        return ""
    text = "; ".join(parts)
    return _("Registry: %(changes)s") % {"changes": text} if prefix else text


def _action_line(action) -> str:
    bits = [action.owner_display or _("no owner")]
    bits.append(_("due %(day)s") % {"day": action.due_date.isoformat()} if action.due_date else _("no due date"))
    bits.append(action.get_status_display())
    return " · ".join(bits)


def _agenda(record: MeetingRecord, styles) -> list:
    flow: list = [_p(_("Agenda and outcomes"), styles["h2"])]
    if record.review:
        flow.append(_p(_("Review of open action items from earlier meetings"), styles["h3"]))
        for action in record.review:
            origin = action.agenda_item.meeting.title
            flow.append(_p(f"• {action.text} — {_action_line(action)} ({origin})", styles["outcome"]))
    if not record.items:
        flow.append(_p(_("No agenda item is recorded."), styles["note"]))
    for number, item in enumerate(record.items, start=1):
        block = [_p(f"{number}. {item.title}", styles["h3"])]
        meta = []
        if item.day:
            meta.append(item.day.isoformat())
        if item.start_time:
            meta.append(item.start_time)
        if item.duration_minutes:
            meta.append(_("%(minutes)s min") % {"minutes": item.duration_minutes})
        if item.presenter_display:
            meta.append(_("presented by %(who)s") % {"who": item.presenter_display})
        if meta:
            block.append(_p(" · ".join(meta), styles["small"]))
        if item.description:
            block.append(_p(item.description, styles["base"]))
        links = [m.name for m in item.members.all()] + [p.title for p in item.projects.all()]
        if links:
            block.append(_p(_("Concerns: %(names)s") % {"names": ", ".join(links)}, styles["small"]))
        for earlier in item.decisions.all():
            block.append(
                _p(
                    _("Earlier decision (%(meeting)s): %(text)s")
                    % {"meeting": earlier.agenda_item.meeting.title, "text": earlier.text},
                    styles["small"],
                )
            )
        for outcome in item.outcomes.all():
            if outcome.kind == OutcomeKind.DECISION:
                label = _("Decision %(n)s") % {"n": outcome.number}
                extra = _effects_text(outcome)
            elif outcome.kind == OutcomeKind.ACTION:
                label = _("Action %(n)s") % {"n": outcome.number}
                extra = _action_line(outcome)
            else:
                label, extra = _("Information"), ""
            text = f"<b>{escape(label)}:</b> {escape(outcome.text)}".replace("\n", "<br/>")
            block.append(paragraph(text, styles["outcome"], escaped=True))
            if extra:
                block.append(_p(extra, ParagraphStyle("x", parent=styles["small"], leftIndent=14)))
        flow.append(KeepTogether(block[:3]))
        flow.extend(block[3:])
    return flow


def _attendance(record: MeetingRecord, styles) -> list:
    flow: list = [_p(_("Attendance"), styles["h2"])]
    if not record.delegations and not record.participants:
        flow.append(_p(_("No attendance is recorded."), styles["note"]))
        return flow
    # Minutes record who was there: "attending" reads "present".
    labels = {**dict(AttendanceStatus.choices), AttendanceStatus.ATTENDING: _("present")}
    if record.delegations:
        rows = [[_("Delegation"), _("Kind"), _("Status"), _("Note")]]
        for d in record.delegations:
            name = d.name
            if d.kind == "country" and d.organisation_id:
                name = f"{d.name} ({d.organisation.short_name or d.organisation.name})"
            rows.append([name, d.get_kind_display().capitalize(), str(labels[d.status]).capitalize(), d.note])
        flow.append(_table(rows, [55 * mm, 35 * mm, 22 * mm, 58 * mm], styles))
    if record.participants:
        flow.append(Spacer(1, 4))
        rows = [[_("Participant"), _("Position"), _("Delegation"), _("Status")]]
        rows += [
            [
                p.display_name,
                p.position,
                p.delegation.name if p.delegation_id else "",
                str(labels[p.status]).capitalize(),
            ]
            for p in record.participants
        ]
        flow.append(_table(rows, [55 * mm, 50 * mm, 40 * mm, 25 * mm], styles))
    return flow


def _decisions(record: MeetingRecord, styles) -> list:
    flow: list = [_p(_("Decisions"), styles["h2"])]
    if not record.decisions:
        return [*flow, _p(_("No decision is recorded."), styles["note"])]
    rows = [["#", _("Decision"), _("Change to the registry")]]
    rows += [[str(d.number), d.text, _effects_text(d, prefix=False) or "—"] for d in record.decisions]
    flow.append(_table(rows, [10 * mm, 100 * mm, 60 * mm], styles))
    return flow


def _actions(record: MeetingRecord, styles) -> list:
    flow: list = [_p(_("Action items"), styles["h2"])]
    if not record.actions:
        return [*flow, _p(_("No action item is recorded."), styles["note"])]
    rows = [["#", _("Action"), _("Owner"), _("Due"), _("Status")]]
    rows += [
        [
            str(a.number),
            a.text,
            a.owner_display,
            a.due_date.isoformat() if a.due_date else "—",
            a.get_status_display().capitalize(),
        ]
        for a in record.actions
    ]
    # The due column fits a whole date in the cell's type and padding, so a date never breaks over two lines.
    cell = styles["cell"]
    due = pdfmetrics.stringWidth("2025-12-31", cell.fontName, cell.fontSize) + 2 * 4 + 2
    status = 22 * mm
    flow.append(_table(rows, [10 * mm, 170 * mm - 10 * mm - 36 * mm - due - status, 36 * mm, due, status], styles))
    return flow


def _sources(meeting: Meeting, styles) -> list:
    flow: list = [_p(_("Sources"), styles["h2"])]
    flow.append(_p(_("Confidence: %(level)s") % {"level": meeting.get_confidence_display()}, styles["small"]))
    for address in meeting.sources or []:
        flow.append(_link(address, styles["small"]))
    if meeting.source_note:
        flow.append(_p(meeting.source_note, styles["small"]))
    for alt in meeting.alternatives or []:
        text = _("Other reading: %(reading)s") % {"reading": alt.get("reading", "")}
        if alt.get("note"):
            text += f" — {alt['note']}"
        flow.append(_p(text, styles["small"]))
        for address in alt.get("sources", []):
            flow.append(_link(address, ParagraphStyle("alt", parent=styles["small"], leftIndent=10)))
    if not meeting.sources and not meeting.source_note:
        flow.append(_p(_("Recorded in ASCN Hub."), styles["small"]))
    return flow


def render_minutes(record: MeetingRecord) -> bytes:
    meeting = record.meeting
    styles = _styles()
    buffer = io.BytesIO()
    generated = timezone.localdate().isoformat()
    footer_text = _("ASCN Hub · minutes of %(title)s · generated %(day)s") % {"title": meeting.title, "day": generated}
    regular = styles["base"].fontName

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(SOFT)
        canvas.drawString(20 * mm, 10 * mm, footer_text[:150])
        canvas.drawRightString(190 * mm, 10 * mm, _("page %(n)s") % {"n": doc.page})
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Minutes: %(title)s") % {"title": meeting.title},
        author="ASCN Hub",
        subject=meeting.title,
    )
    flow: list = [
        _p(_("Minutes"), styles["subtitle"]),
        _p(meeting.title, styles["title"]),
        Spacer(1, 6),
        _facts(meeting, styles),
    ]
    if meeting.is_demo:
        flow.append(_p(_("Demo data: made up for demonstrations, not real."), styles["note"]))
    if meeting.summary:
        flow += [Spacer(1, 6), _p(meeting.summary, styles["base"])]
    flow += _attendance(record, styles)
    flow += _agenda(record, styles)
    flow += _decisions(record, styles)
    flow += _actions(record, styles)
    flow += _sources(meeting, styles)
    doc.build(flow, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
