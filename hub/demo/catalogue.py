"""The invented projects and indicators the demo draws from. Titles end in "(demo)" so that they read as
made up wherever a title travels without its flag (an e-mail, a copied table)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoIndicator:
    name: str
    unit: str
    direction: str  # "higher" or "lower"
    baseline: int
    target: int


@dataclass(frozen=True)
class DemoProject:
    title: str
    areas: tuple[str, ...]  # focus-area codes
    summary: str
    indicators: tuple[DemoIndicator, ...]


PROJECTS: tuple[DemoProject, ...] = (
    DemoProject(
        "Flood early-warning sensors (demo)",
        ("built-infrastructure", "health-well-being"),
        "River-level sensors that text residents before water reaches their street.",
        (DemoIndicator("Households reached by warnings", "households", "higher", 0, 40000),),
    ),
    DemoProject(
        "Adaptive traffic signals (demo)",
        ("built-infrastructure",),
        "Signals that follow the traffic at the busiest junctions.",
        (DemoIndicator("Average peak-hour travel time on the corridor", "minutes", "lower", 42, 30),),
    ),
    DemoProject(
        "One-stop digital permits (demo)",
        ("civic-social",),
        "Business and building permits applied for, paid and issued online.",
        (
            DemoIndicator("Permits issued online", "permits", "higher", 1200, 20000),
            DemoIndicator("Median days to a permit", "days", "lower", 21, 5),
        ),
    ),
    DemoProject(
        "Waste sorting and recycling points (demo)",
        ("quality-environment",),
        "Neighbourhood collection points that pay residents for sorted waste.",
        (DemoIndicator("Waste recycled", "tonnes per year", "higher", 300, 5000),),
    ),
    DemoProject(
        "Community health telemonitoring (demo)",
        ("health-well-being",),
        "Home visits backed by remote monitoring of chronic patients.",
        (DemoIndicator("Patients monitored", "patients", "higher", 150, 3000),),
    ),
    DemoProject(
        "Digital skills for micro-enterprises (demo)",
        ("industry-innovation", "civic-social"),
        "Training and an online marketplace for small local businesses.",
        (DemoIndicator("Enterprises trained", "enterprises", "higher", 0, 2500),),
    ),
    DemoProject(
        "Safe school routes with lighting and cameras (demo)",
        ("safety-security",),
        "Lit, watched walking routes to primary schools.",
        (DemoIndicator("Reported incidents on the routes", "incidents per year", "lower", 180, 60),),
    ),
    DemoProject(
        "Electric feeder buses (demo)",
        ("built-infrastructure", "quality-environment"),
        "Battery buses that link housing estates to the main transit line.",
        (DemoIndicator("Daily riders", "riders per day", "higher", 0, 12000),),
    ),
)

NARRATIVES = (
    "Installation continued in the districts planned for this cycle; the team trained staff to run it.",
    "The pilot was extended after residents asked for it in two more neighbourhoods.",
    "Procurement took longer than planned, but the first contracts are signed.",
    "Usage grew steadily; the city published the figures on its open-data page.",
)
CHALLENGES = (
    "Budget approval arrived late in the fiscal year.",
    "Too few staff with the technical skills to maintain the system.",
    "Data sharing between departments still needs an agreement.",
    "",
)
SUPPORT = (
    "Peer advice from a member city that has run a similar system.",
    "Introductions to partners that finance equipment.",
    "",
)
RETURN_COMMENT = "Please add the figures for the second half of the cycle before submitting again."
