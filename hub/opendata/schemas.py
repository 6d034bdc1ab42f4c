"""Row schemas of the open data that the API gives only nested in a record: each is the API's own schema
plus the reference to the record it sits in, so that a flat table still says whose row it is."""

from ninja import Field

from hub.projects.schemas import ProjectRef, ReportEntryOut


class ReportRowOut(ReportEntryOut):
    """One row of a published ASCN M&E report's project list: an item of GET /api/v1/projects/{id}'s
    ``reports``, with that project."""

    project: ProjectRef = Field(description="The project the report's row lists.")
