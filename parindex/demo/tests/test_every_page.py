"""Every page a person of the demo can reach by following links answers: no error, no link to a
page that says "not found" or sends them to the login. One page of each kind per person
(testing/crawl.py); the browser test does the same walk on a phone's screen."""

from urllib.parse import urljoin

import pytest
from django.test import Client

from parindex.accounts.models import User
from parindex.testing.crawl import walk
from parindex.testing.html import links

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Each role of the demo, in a state that shows most: the head of a submitted unit asked for
# explanations, an officer of a unit reopened, an appraiser and the lead mid-appraisal, the admin.
PEOPLE = [None, "admin", "snv.totruong", "snv.thamdinh", "sct.lanhdao", "stp.canbo"]


@pytest.mark.parametrize("username", PEOPLE)
def test_every_page_reached_by_links_answers(loaded, username):
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    came_from: dict[str, str] = {}
    broken = []

    def visit(url: str) -> list[str]:
        response = client.get(url)
        if response.status_code not in (200, 302) or "/login/" in response.get("Location", ""):
            broken.append(f"{url} ({response.status_code}), linked from {came_from.get(url)}")
            return []
        if response.status_code == 302 or "text/html" not in response["Content-Type"]:
            return []
        found = links(response.content.decode())
        for link in found:
            came_from.setdefault(urljoin(url, link).split("#")[0], url)
        return found

    start = "/" if username else "/ket-qua/"
    visited = list(walk("http://testserver", start, visit))
    assert 3 < len(visited) < 200, visited  # 200: walk's limit, a sign of links without end
    assert not broken, "\n".join(broken)
