"""Walking the pages a person can reach from where they land, by following links, for the
checks that hold on every page (no error, no dead link, no sideways scrolling, no serious
accessibility violation). One page of each kind is opened: `/units/12/` and `/units/13/` are the
same page with other figures, `?edit=4` and `?edit=5` the same form."""

import re
from collections.abc import Callable, Iterator
from urllib.parse import urljoin, urlsplit

# Leaving, the static tree and Django's own admin are not pages of ours.
NOT_PAGES = re.compile(r"^/(logout|static|media|backoffice|i18n)/")


def kind(url: str) -> str:
    """The page a URL shows, its figures left aside: numbers and query values."""
    parts = urlsplit(url)
    keys = sorted(pair.split("=")[0] for pair in parts.query.split("&") if pair)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def walk(
    base: str, start: str, visit: Callable[[str], list[str]], limit: int = 200
) -> Iterator[str]:
    """Visits `start` then, breadth first, one URL of each kind it leads to on `base`'s host;
    `visit(url)` opens a URL (a path and query) and returns the links found there (none for a
    file). Yields each URL once visited; stops after `limit` pages."""
    host = urlsplit(base).netloc
    seen, queue = set(), [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if kind(url) in seen:
            continue
        seen.add(kind(url))
        found = visit(url)
        yield url
        for link in found:
            target = urlsplit(urljoin(base + url, link))
            if target.netloc == host and not NOT_PAGES.match(target.path):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
