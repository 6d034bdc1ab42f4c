"""Defect 9: a hand deployment that sets nothing fails loudly instead of running in debug mode with a public key;
`make run` and the tests still work with no configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_without_configuration_the_hub_refuses_to_start(tmp_path):
    result = manage("check", DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
    assert "DEBUG=true" in result.stderr


def test_development_mode_is_there_when_asked_for(tmp_path):
    result = manage("check", DEBUG="true", DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_the_makefile_targets_run_in_development_mode():
    # A throw-away target beside the Makefile's own prints what their commands see.
    probe = subprocess.run(
        ["make", "-s", "-f", "Makefile", "-f", "-", "probe-debug"],
        input="probe-debug:\n\t@echo DEBUG=$$DEBUG\n",
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"]},
        timeout=60,
    )
    assert probe.stdout.strip() == "DEBUG=true", probe.stderr
