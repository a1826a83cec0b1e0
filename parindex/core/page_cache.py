"""Whole pages kept in the process's cache ("pages") and served again while nothing they show
has changed.

A page is stored with holes where every response differs, the CSRF token and the CSP nonce,
filled in per response; the holes are random per process, so no text typed into a page can be
one. Pages kept for one reader (a unit's scorecard: 200 KB, one copy per reader) are compressed
to about 15 KB, unpacking them costing a twentieth of serving them; pages shared by every visitor
are few and kept as they are, the fastest to serve. The key names everything the page shows: the
caller gives what its content depends on; `serve` adds what the layout shows (the address, for
the language switch; the language; the day, in the footer; for a signed-in user, their name,
role, unit and standing, from which the menu follows). A request with a message waiting, or with
parameters the page does not know, is never served from or stored in the cache: the message
belongs to that one response, and every other address would take a copy of its own.
"""

import hashlib
import json
import re
import secrets
import zlib
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language

from .tolerant_cache import TolerantCache

HOLES = {"csrf_token": f"csrf-{secrets.token_hex(16)}", "csp_nonce": f"csp-{secrets.token_hex(16)}"}
HOLE_NAMES = {hole: name for name, hole in HOLES.items()}
SPLIT_AT_HOLES = re.compile("({})".format("|".join(HOLES.values())))
PAGE_SECONDS = 24 * 3600


def has_messages(request: HttpRequest) -> bool:
    # len() reads the messages without marking them shown: the next rendered page still has them.
    return bool(len(messages.get_messages(request)))


def serve(
    request: HttpRequest,
    key: Iterable,
    page: Callable[[], TemplateResponse],
    *,
    parameters: Iterable[str] = (),
    compress: bool = False,
) -> HttpResponse:
    """The page from the cache under `key` plus the layout's key; else `page()` rendered, stored
    and returned. `parameters`: the query parameters the page knows; `compress` for pages kept
    per reader. What `page` raises (a 404) is never cached."""
    if has_messages(request) or not set(request.GET) <= set(parameters):
        return page()
    cache = TolerantCache(caches["pages"])
    shown = json.dumps([*key, *_layout_key(request)], default=str, ensure_ascii=False)
    digest = "page:" + hashlib.sha256(shown.encode()).hexdigest()
    stored = cache.get(digest)
    if stored is None:
        response = page()
        response.context_data = (response.context_data or {}) | HOLES
        parts = SPLIT_AT_HOLES.split(response.rendered_content)
        texts = [text.encode() for text in parts[0::2]]
        names = [HOLE_NAMES[hole] for hole in parts[1::2]]
        kept = [zlib.compress(text, 1) for text in texts] if compress else texts
        cache.set(digest, (compress, kept, names), PAGE_SECONDS)
    else:
        compressed, kept, names = stored
        texts = [zlib.decompress(text) for text in kept] if compressed else kept
    values = {
        "csrf_token": get_token(request).encode(),
        "csp_nonce": str(get_nonce(request)).encode(),
    }
    # Joined once: replacing each hole would scan the whole page for each.
    content = [texts[0]]
    for name, text in zip(names, texts[1:], strict=True):
        content += [values[name], text]
    return HttpResponse(b"".join(content))


def _layout_key(request: HttpRequest) -> list:
    shown = [request.get_full_path(), get_language(), timezone.localdate()]
    user = request.user
    if user.is_authenticated:
        shown += [user.pk, user.username, user.full_name, user.role, user.unit_id, user.unit]
        shown += [user.is_active, user.is_superuser]
    return shown
