"""The test suite's settings: the hub's own, in development mode, so that `pytest` runs with no configuration.

config.settings runs in production mode unless DEBUG is set (a hand deployment must not fall into debug mode);
the suite, like `make run`, asks for development mode. pytest-django switches DEBUG off again while the tests
run, as it always does. A DEBUG or SECRET_KEY set in the environment still wins.
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "true")
# The public cache in a folder of this run's own (tests/conftest.py empties it before each test).
os.environ.setdefault("CACHE_URL", "file://" + tempfile.mkdtemp(prefix="ascn-test-cache-"))

from config.settings import *  # noqa: E402,F403

# Background tasks run at once, in the request that enqueues them (hub.jobs): no worker in the suite.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
