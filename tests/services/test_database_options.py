"""The PostgreSQL connection options read from the environment (config/settings.py): prepared statements with
server-side binding and the planner's random page cost, each of which can be turned off for a pooler."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def options(**env) -> dict | None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DB_")}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings');"
            "django.setup(); from django.conf import settings as s;"
            "print(json.dumps(s.DATABASES['default'].get('OPTIONS')))",
        ],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr
    return json.loads(probe.stdout.splitlines()[-1])


POSTGRES = "postgres://u:p@127.0.0.1:5432/x"


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, {"server_side_binding": True, "prepare_threshold": 5, "options": "-c random_page_cost=1.1"}),
        (
            {"DB_PREPARE_THRESHOLD": "0", "DB_RANDOM_PAGE_COST": ""},
            {"server_side_binding": True, "prepare_threshold": None},
        ),
        (
            {"DB_SERVER_SIDE_BINDING": "false", "DB_PREPARE_THRESHOLD": "2", "DB_RANDOM_PAGE_COST": "2"},
            {"server_side_binding": False, "prepare_threshold": 2, "options": "-c random_page_cost=2.0"},
        ),
    ],
)
def test_postgresql_options_come_from_the_environment(env, expected):
    assert options(DATABASE_URL=POSTGRES, **env) == expected


def test_the_address_options_are_kept_and_win():
    assert options(DATABASE_URL=POSTGRES + "?sslmode=require&options=-c%20statement_timeout%3D5000") == {
        "server_side_binding": True,
        "prepare_threshold": 5,
        "options": "-c statement_timeout=5000",
        "sslmode": "require",
    }


def test_a_bad_random_page_cost_is_refused():
    base = {k: v for k, v in os.environ.items() if not k.startswith("DB_")}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; import django;django.setup()",
        ],
        cwd=ROOT,
        env={**base, "DATABASE_URL": POSTGRES, "DB_RANDOM_PAGE_COST": "cheap"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode != 0 and "DB_RANDOM_PAGE_COST must be a number" in probe.stderr


def test_sqlite_has_none_of_them():
    assert "server_side_binding" not in options(DATABASE_URL="", DB_PREPARE_THRESHOLD="3")
