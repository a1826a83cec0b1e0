"""What a citizen reads of the demo on a phone (375 px): every public page reached by links from the
results' home, one walk per published year (years differ in what they published), scrolls only
downwards and has no serious or critical accessibility violation (axe-core).

The browser's requests are answered by Django's test client in the test's thread: the demo is
loaded once for the package inside a transaction that a live server's own connection would not
see on PostgreSQL. The test and Playwright's handler use the connection that holds the demo
(conftest.py)."""

import mimetypes
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from playwright.sync_api import Page, Route

from parindex.results.models import Publication
from parindex.testing.browser import accessibility_violations, shot
from parindex.testing.crawl import walk

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.django_db]

HOST = "http://parindex.test"
PHONE = {"width": 375, "height": 812}
# Downloads are files, not pages.
FILES = re.compile(r"\.(pdf|xlsx|csv|json)$")


@pytest.fixture(scope="module", autouse=True)
def demo_connection(browser, loaded) -> Iterator[BaseDatabaseWrapper]:
    """The connection holding the demo, made this context's before the tests' own transactions
    begin: the browser started, code runs in another context than the demo may have been loaded
    in (conftest.py), whose connection would wait on the demo's locks."""
    mine, connection = connections[DEFAULT_DB_ALIAS], loaded[2]
    connections[DEFAULT_DB_ALIAS] = connection
    yield connection
    connections[DEFAULT_DB_ALIAS] = mine


@pytest.fixture
def served(page: Page, demo_connection) -> Page:
    client = Client()

    def answer(route: Route) -> None:
        connections[DEFAULT_DB_ALIAS] = demo_connection  # Playwright's handler: its own context
        url = urlsplit(route.request.url)
        if url.path.startswith("/static/"):
            found = finders.find(url.path.removeprefix("/static/"))
            if found is None:
                route.fulfill(status=404)
                return
            kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
            route.fulfill(status=200, body=Path(found).read_bytes(), content_type=kind)
            return
        # Followed here: Chromium refuses to navigate on a fulfilled redirect.
        response = client.get(url.path + (f"?{url.query}" if url.query else ""), follow=True)
        headers = dict(response.headers)
        route.fulfill(status=response.status_code, headers=headers, body=response.content)

    page.route(re.compile(f"^{re.escape(HOST)}/"), answer)
    page.set_viewport_size(PHONE)
    return page


def test_public_pages_fit_a_phone_and_pass_axe(served: Page):
    page = served
    faults: list[str] = []

    def visit(url: str) -> list[str]:
        response = page.goto(HOST + url)
        assert response is not None and response.ok, url
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            faults.append(f"{url}: wider than the screen")
        faults.extend(
            f"{url}: {found['id']} ({found['impact']}) {', '.join(found['targets'])}"
            for found in accessibility_violations(page)
        )
        shot(page, "public-phone" + re.sub(r"\W+", "-", url).rstrip("-"))
        found = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        return [link for link in found if not FILES.search(urlsplit(link).path)]

    starts = ["/ket-qua/"] + [f"/ket-qua/{year}/" for year in _years()]
    visited = {url for start in starts for url in walk(HOST, start, visit)}
    assert any("/don-vi/" in url for url in visited), visited
    assert not faults, "\n".join(faults)


def _years() -> list[int]:
    return sorted(set(Publication.objects.values_list("year", flat=True)))
