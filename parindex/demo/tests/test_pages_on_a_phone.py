"""The demo on a phone (375 px): every page reached by links scrolls only downwards and has no
serious or critical accessibility violation (axe-core). What a citizen reads, from the results'
home and from each published year (years differ in what they published); what each signed-in
role of the demo reaches from its home page.

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
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Route

from parindex.accounts.models import User
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


# Each role of the demo, in a state that shows most (as test_every_page.py).
PEOPLE = ["admin", "snv.totruong", "snv.thamdinh", "sct.lanhdao", "stp.canbo"]


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def served(page: Page, demo_connection, client: Client) -> Page:

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


def checker(page: Page, name: str, faults: list[str]):
    """Opens a URL, notes what is wrong with it in `faults`, and returns its links."""

    def visit(url: str) -> list[str]:
        try:
            response = page.goto(HOST + url)
        except PlaywrightError as error:
            if "Download is starting" in error.message:  # a file behind an address without .xlsx
                return []
            raise
        assert response is not None and response.ok, url
        if "text/html" not in (response.headers.get("content-type") or ""):
            return []  # a PDF in the browser's viewer
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            faults.append(f"{url}: wider than the screen")
        faults.extend(
            f"{url}: {found['id']} ({found['impact']}) {', '.join(found['targets'])}"
            for found in accessibility_violations(page)
        )
        shot(page, f"{name}-phone" + re.sub(r"\W+", "-", url).rstrip("-"))
        found = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        return [link for link in found if not FILES.search(urlsplit(link).path)]

    return visit


def test_public_pages_fit_a_phone_and_pass_axe(served: Page):
    faults: list[str] = []
    visit = checker(served, "public", faults)

    starts = ["/ket-qua/"] + [f"/ket-qua/{year}/" for year in _years()]
    visited = {url for start in starts for url in walk(HOST, start, visit)}
    assert any("/don-vi/" in url for url in visited), visited
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize("username", PEOPLE)
def test_signed_in_pages_fit_a_phone_and_pass_axe(served: Page, client: Client, username):
    client.force_login(User.objects.get(username=username))
    faults: list[str] = []

    visited = list(walk(HOST, "/", checker(served, username, faults)))

    assert len(visited) > 3, visited
    assert not faults, "\n".join(faults)


def _years() -> list[int]:
    return sorted(set(Publication.objects.values_list("year", flat=True)))
