"""Browser journeys: Playwright drives Debian's chromium against pytest-django's live server."""
