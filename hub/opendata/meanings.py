"""The meanings of the dictionary's columns, for translation.

The dictionary (hub.opendata.dictionary) reads each column's meaning from the API schema's field description,
which stays English in the OpenAPI document. The Indonesian data page shows it through gettext with the English
text as the msgid; these ``gettext_noop`` entries exist only so that ``make messages`` extracts every one of them
into locale/. A description changed or added in a schema shows in English until it is listed here and
translated: tests/pages/test_opendata_meanings.py fails until then.
"""

from django.utils.translation import gettext_noop

MEANINGS = (
    # countries.code, members.country.code, role-terms.country.code …
    gettext_noop("ISO 3166-1 alpha-2 code."),
    # countries.asean_joined
    gettext_noop("When the country joined ASEAN, as precise as the source."),
    # countries.provenance.sources, members.provenance.sources, memberships.provenance.sources …
    gettext_noop("Addresses of the sources of the preferred reading."),
    # countries.provenance.source_note, members.provenance.source_note, memberships.provenance.source_note …
    gettext_noop('Free text on the sources, e.g. "compiler\'s own knowledge".'),
    # countries.provenance.alternatives, members.provenance.alternatives, memberships.provenance.alternatives …
    gettext_noop("Readings that other sources give where they disagree."),
    # countries.url
    gettext_noop("The country's page."),
    # countries.is_demo, members.is_demo, memberships.is_demo …
    gettext_noop("Made-up demonstration data, never real."),
    # members.name
    gettext_noop("English name."),
    # members.status
    gettext_noop("Status on the `as_of` day (today if omitted); null when no event had happened by then."),
    # members.joined
    gettext_noop("When it first became a member, as precise as the source: 2018, 2023-07 or 2018-04-28."),
    # members.joined_date
    gettext_noop("First day of the period `joined` names."),
    # members.url
    gettext_noop("The member's page."),
    # memberships.status
    gettext_noop("The status this event gave the member."),
    # memberships.effective
    gettext_noop("When it took effect, as precise as the source: 2018, 2018-04 or 2018-04-28."),
    # memberships.effective_date
    gettext_noop("First day of the period `effective` names."),
    # memberships.not_before
    gettext_noop(
        "A bound from another source: the event took effect no earlier than this (e.g. 2025-10); it counts from here."
    ),
    # memberships.counts_from
    gettext_noop("The first day the event counts in 'members on a day'."),
    # memberships.decided_by
    gettext_noop("The meeting or act that decided it, where known."),
    # role-terms.holder.name
    gettext_noop("The name a reader expects: the member state for Chair and Shepherd, else the body or person."),
    # role-terms.start
    gettext_noop("As precise as the source; null when unknown (counts as in force)."),
    # role-terms.end
    gettext_noop("As precise as the source; null when ongoing or unknown."),
    # role-terms.in_force_on
    gettext_noop("A day a source shows the term in force while its start is unknown; it counts from then."),
    # projects.local_title
    gettext_noop("The title in the local language, where it differs."),
    # projects.focus_areas
    gettext_noop("One or more of the six ASCF focus areas."),
    # projects.status
    gettext_noop(
        "The public status: from the project's latest accepted progress update, "
        "else the catalogue's (see `status_source`)."
    ),
    # projects.progress
    # xgettext:no-python-format
    gettext_noop("Progress in % from the latest accepted progress update; null until an update is accepted."),
    # projects.status_source
    gettext_noop(
        "`update`: status and progress come from the accepted progress update of `status_cycle`; "
        "`catalogue`: no update is accepted yet, the status is the one recorded in the catalogue."
    ),
    # projects.status_cycle
    gettext_noop("Slug of the reporting cycle of that update (e.g. 2024-2025); null for `catalogue`."),
    # projects.catalogue_status
    gettext_noop("The status recorded in the catalogue (what `POST` and `PATCH` write), whatever the updates say."),
    # projects.start
    gettext_noop("As precise as the source: 2020, 2020-01 or 2020-01-15; null if unknown."),
    # projects.end
    gettext_noop("As precise as the source; null while ongoing or unknown."),
    # projects.language
    gettext_noop("Language of summary and description."),
    # projects.version
    gettext_noop("Raised by every change; the ETag carries it."),
    # projects.url
    gettext_noop("The project's page."),
    # indicators.values
    gettext_noop("Oldest first."),
    # report-rows.report_year
    gettext_noop("The year of the published ASCN M&E report that lists the project."),
    # report-rows.appendix
    gettext_noop("A (ongoing and planning) or B (completed); empty for a single list."),
    # report-rows.row
    gettext_noop("The row's number as the report prints it."),
    # report-rows.citation
    gettext_noop('E.g. "ASCN M&E Report 2025, Appendix A, No. 24".'),
    # report-rows.title
    gettext_noop("The project's title as that report prints it."),
    # report-rows.focus_area
    gettext_noop("The focus area code that report gives."),
    # report-rows.status
    gettext_noop("listed (no status per project), ongoing_or_planning or completed."),
    # report-rows.match
    gettext_noop("How the row was matched to this project: new, exact, normalised or judged."),
    # report-rows.confidence
    gettext_noop("The confidence of that match."),
    # report-rows.note
    gettext_noop("Why a judged match was made."),
    # published-figures.key
    gettext_noop("The record's key in data/me_reports.yaml."),
    # published-figures.report_year
    gettext_noop("The year in the report's title."),
    # published-figures.cycle_label
    gettext_noop("The period as the report names it (e.g. 2024–25); empty if not given."),
    # published-figures.period_start
    gettext_noop("First month (or day) covered, as precise as the source."),
    # published-figures.as_of
    gettext_noop("The day, month or year the report counts to, as precise as the source."),
    # published-figures.projects
    gettext_noop("Projects as the report published them (not computed by the hub)."),
    # published-figures.by_status
    gettext_noop("Projects by status, where the report gives it."),
    # published-figures.by_status_percent
    gettext_noop("The text's shares by status, in percent."),
    # published-figures.appendix_status
    gettext_noop("Projects by the appendix's own status grouping."),
    # published-figures.by_focus_area
    gettext_noop("Projects by focus area code, as the appendix gives them."),
    # published-figures.by_focus_area_percent
    gettext_noop("The text's shares by focus area, in percent."),
    # published-figures.by_country
    gettext_noop("Projects by country code, as the appendix gives them."),
    # published-figures.agrees
    gettext_noop("Every figure the report gives equals the hub's count from its rows."),
    # published-figures.lines
    gettext_noop("The report said / the hub's data say, figure by figure."),
    # published-figures.live.cycle.slug
    gettext_noop("e.g. 2024-2025"),
    # published-figures.live.cycle.label
    gettext_noop("e.g. 2024–2025"),
    # published-figures.live.projects
    gettext_noop("Projects the hub counts in the cycle from its own, accepted data."),
    # published-figures.live.demo_projects
    gettext_noop("Of which made-up demo projects."),
    # meetings.start_date
    gettext_noop("First day."),
    # meetings.end_date
    gettext_noop("Last day (inclusive)."),
    # meetings.start_time
    gettext_noop("Local time in `timezone` (HH:MM), if known."),
    # meetings.timezone
    gettext_noop("IANA time zone of the times, e.g. Asia/Jakarta."),
    # meetings.place.text
    gettext_noop('The place in words, e.g. "Shangri-La, Kuala Lumpur, Malaysia" or "online".'),
    # meetings.version
    gettext_noop("Raised by every change; send it back as `If-Match` when you change the meeting."),
    # meetings.url
    gettext_noop("The meeting's page."),
    # meetings.ics_url
    gettext_noop("The meeting as an iCalendar file."),
    # decisions.owner.name
    gettext_noop("The person (account holder or named person), if any."),
    # decisions.owner.text
    gettext_noop("The owner in words."),
    # decisions.effects
    gettext_noop("Decisions only: the changes it made to the registry."),
    # action-plans.focus_areas
    gettext_noop("Codes of the ASEAN Smart Cities Framework focus areas chosen."),
    # action-plans.focus_notes
    gettext_noop("The focus areas in the plan's own words, where they differ."),
    # action-plans.as_of
    gettext_noop("The date of the plan's text, as precise as the source."),
    # action-plans.updated_at
    gettext_noop("When the plan itself last changed (a living document)."),
    # challenges.severity
    gettext_noop("1 minor, 2 moderate, 3 serious, 4 critical."),
    # challenges.solved_by_collaboration
    gettext_noop("Id of the collaboration that solved it."),
    # challenges.from_update
    gettext_noop("Id of the accepted progress update it came from."),
    # challenges.from_cycle
    gettext_noop("That update's M&E cycle, e.g. 2024-2025."),
    # challenges.url
    gettext_noop("Its page in the hub."),
    # programmes.start
    gettext_noop("As precise as the source: YYYY, YYYY-MM or YYYY-MM-DD; empty if unknown."),
    # programmes.envelope_amount
    gettext_noop("What the programme states it will spend (not money received)."),
    # opportunities.amount_usd
    gettext_noop("The need in USD at the stored rate below."),
    # opportunities.return_comment
    gettext_noop("The last return's comment (shown to the member's people only)."),
    # investment.disbursed
    gettext_noop("Realised investment: money disbursed."),
)
