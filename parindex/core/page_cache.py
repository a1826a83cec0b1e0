"""Whole pages kept in the process's cache ("fragments") and served again while nothing they show
has changed.

A page is stored with holes where every response differs (the CSRF token, the CSP nonce) and
those are filled in per response. Its key names everything the page shows besides: the caller
gives what its content depends on; `serve` adds what the layout shows (the address, for the
language switch; the language; the day, in the footer; for a signed-in user, their name, role,
unit and menu). A request with a message waiting is never served from or stored in the cache:
the message belongs to that one response.
"""

import hashlib
import re
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language

from .context_processors import site

HOLES = {"csrf_token": "csrf-token-hole-9d1e4a", "csp_nonce": "csp-nonce-hole-9d1e4a"}
HOLE_NAMES = {hole: name.encode() for name, hole in HOLES.items()}
SPLIT_AT_HOLES = re.compile("({})".format("|".join(HOLES.values())))
PAGE_SECONDS = 24 * 3600


def has_messages(request) -> bool:
    # len() reads the messages without marking them shown: the next rendered page still has them.
    return bool(len(messages.get_messages(request)))


def serve(request, key: Iterable, page: Callable[[], TemplateResponse]) -> HttpResponse:
    """The page from the cache under `key` plus the layout's key; else `page()` rendered, stored
    and returned. What `page` raises (a 404) is never cached."""
    if has_messages(request):
        return page()
    cache = caches["fragments"]
    shown = [*key, *_layout_key(request)]
    digest = "page:" + hashlib.sha256("\n".join(map(str, shown)).encode()).hexdigest()
    parts = cache.get(digest)
    if parts is None:
        response = page()
        response.context_data |= HOLES
        parts = _with_holes(response.rendered_content)
        cache.set(digest, parts, PAGE_SECONDS)
    values = {
        b"csrf_token": get_token(request).encode(),
        b"csp_nonce": str(get_nonce(request)).encode(),
    }
    return HttpResponse(b"".join(values[p] if n % 2 else p for n, p in enumerate(parts)))


def _layout_key(request) -> list:
    shown = [request.get_full_path(), get_language(), timezone.localdate()]
    user = request.user
    if user.is_authenticated:
        shown += [user.pk, user.username, user.full_name, user.role, user.unit_id, user.unit]
        shown += site(request).values()
    return shown


def _with_holes(page: str) -> list[bytes]:
    """The page as text and holes in turn: [text, hole name, text, …, text]. Joining the parts
    copies the page once; replacing each hole would scan it each time."""
    parts = SPLIT_AT_HOLES.split(page)
    return [HOLE_NAMES[part] if n % 2 else part.encode() for n, part in enumerate(parts)]
