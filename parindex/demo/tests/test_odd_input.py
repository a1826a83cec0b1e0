"""Odd input never breaks a page: every query parameter the code reads, and every id in an
address, given values a person or a scanner may send (digits `int()` refuses, numbers no column
holds, text where a number is expected, a NUL), as every role of the demo. The answer may be a
page, a 400 or a 404 in Vietnamese, never a server error.

Two sources of addresses: the pages each person reaches by following links (real ids, so the view
gets as far as reading its parameters), and every URL pattern of the project with its ids
replaced."""

import re
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from parindex.accounts.models import User
from parindex.testing.crawl import walk
from parindex.testing.html import links

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

PEOPLE = [None, "admin", "snv.totruong", "snv.thamdinh", "sct.lanhdao", "stp.canbo"]

# "²" passes str.isdigit() and fails int(); 2**64 fits no column; NUL is refused by PostgreSQL.
ODD_VALUES = ["²", str(2**64), "abc", "\x00", "Đ" * 300]
ODD_IDS = [str(2**64), str(2**63 - 1)]

SOURCE = Path(__file__).resolve().parents[2]


def parameters_read_by_the_code() -> set[str]:
    """Every `request.GET.get("…")`, `GET.getlist("…")` and `GET["…"]` of the project."""
    found = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" not in path.parts:
            text = path.read_text()
            found |= set(re.findall(r"GET(?:\.get|\.getlist)?[(\[]\s*\"(\w+)\"", text))
    return found


def routes(resolvers=None, prefix: str = "") -> list[str]:
    """Every URL pattern of the project as a route (`ket-qua/<int:year>/`)."""
    found = []
    for entry in get_resolver().url_patterns if resolvers is None else resolvers:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and not route.startswith("^"):
            found.append(prefix + route)
    return found


def with_ids(route: str, value: str) -> str:
    path = re.sub(r"<int:\w+>", value, route)
    return "/" + re.sub(r"<(?:str|slug|path):\w+>", "x", path)


def odd_queries(url: str, names: set[str]) -> list[str]:
    """`url` with every parameter it had and every parameter the code reads set to one odd value
    at a time."""
    parts = urlsplit(url)
    own = {pair.split("=")[0] for pair in parts.query.split("&") if pair}
    return [
        f"{parts.path}?{urlencode(dict.fromkeys(sorted(own | names), value))}"
        for value in ODD_VALUES
    ]


def odd_paths(url: str) -> list[str]:
    path = urlsplit(url).path
    if not re.search(r"/\d+/", path):
        return []
    return [re.sub(r"(?<=/)\d+(?=/)", value, path) for value in ODD_IDS]


@pytest.mark.parametrize("username", PEOPLE)
def test_odd_input_never_answers_with_a_server_error(loaded, username):
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(User.objects.get(username=username))
    names = parameters_read_by_the_code()
    errors, sent = [], 0

    def get(url: str):
        nonlocal sent
        sent += 1
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url!r}: {response.status_code}")
        return response

    def visit(url: str) -> list[str]:
        response = get(url)
        page = response.status_code == 200 and "text/html" in response["Content-Type"]
        for odd in odd_queries(url, names) + odd_paths(url):
            get(odd)
        return links(response.content.decode()) if page else []

    start = "/" if username else "/ket-qua/"
    visited = list(walk("http://testserver", start, visit))
    for route in routes():
        for value in ODD_IDS:
            get(with_ids(route, value))

    print(f"{username or 'anonymous'}: {len(visited)} pages, {sent} requests")
    assert len(visited) > 3
    assert not errors, "\n".join(errors)
