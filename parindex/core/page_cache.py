"""Whole pages kept in the process's cache ("pages") and served again while nothing they show
has changed.

A page is stored compressed (a 200 KB scorecard takes 15 KB; unpacking it costs a twentieth of
serving it) with holes where every response differs, the CSRF token and the CSP nonce, filled in
per response. The holes are random per process, so no text typed into a page can be one. The key
names everything the page shows: the caller gives what its content depends on; `serve` adds what
the layout shows (the address, for the language switch; the language; the day, in the footer; for
a signed-in user, their name, role, unit and menu). A request with a message waiting, or with
parameters the page does not know, is never served from or stored in the cache: the message
belongs to that one response, and every other address would take a copy of its own.
"""

import hashlib
import json
import secrets
import zlib
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

HOLES = {"csrf_token": f"csrf-{secrets.token_hex(16)}", "csp_nonce": f"csp-{secrets.token_hex(16)}"}
PAGE_SECONDS = 24 * 3600


def has_messages(request) -> bool:
    # len() reads the messages without marking them shown: the next rendered page still has them.
    return bool(len(messages.get_messages(request)))


def serve(
    request,
    key: Iterable,
    page: Callable[[], TemplateResponse],
    *,
    parameters: Iterable[str] = (),
) -> HttpResponse:
    """The page from the cache under `key` plus the layout's key; else `page()` rendered, stored
    and returned. `parameters`: the query parameters the page knows. What `page` raises (a 404)
    is never cached."""
    if has_messages(request) or not set(request.GET) <= set(parameters):
        return page()
    cache = caches["pages"]
    shown = json.dumps([*key, *_layout_key(request)], default=str, ensure_ascii=False)
    digest = "page:" + hashlib.sha256(shown.encode()).hexdigest()
    packed = cache.get(digest)
    if packed is None:
        response = page()
        response.context_data |= HOLES
        content = response.rendered_content.encode()
        cache.set(digest, zlib.compress(content, 1), PAGE_SECONDS)
    else:
        content = zlib.decompress(packed)
    values = {"csrf_token": get_token(request), "csp_nonce": str(get_nonce(request))}
    for name, hole in HOLES.items():
        content = content.replace(hole.encode(), values[name].encode())
    return HttpResponse(content)


def _layout_key(request) -> list:
    shown = [request.get_full_path(), get_language(), timezone.localdate()]
    user = request.user
    if user.is_authenticated:
        shown += [user.pk, user.username, user.full_name, user.role, user.unit_id, user.unit]
        shown += site(request).values()
    return shown
