"""Browser tests: Playwright (Python) driving Debian's Chromium against the live test server (the session's
`browser` comes from tests/browser.py through tests/conftest.py).

Where no Chromium exists they skip with a message, except in CI (CI=true), where that is a failure.
"""

import pytest

from tests import reference_copy


@pytest.fixture
def page(browser, live_server, transactional_db):
    # The live server's database is emptied after each browser test, so each one puts the dataset back.
    reference_copy.put_back()
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
