"""The one status palette of every chart, page and PDF: a project's status has one colour everywhere.

Okabe–Ito hues darkened to at least 4.5:1 against white (and white text on them), apart for colour-blind
readers; charts also carry each segment's number and a table as text alternative.
"""

STATUS_COLOURS = {
    "planning": "#b35000",
    "ongoing": "#0066a1",
    "completed": "#00785a",
    "discontinued": "#5c5c5c",
}
