"""The session engine with a shared cache (REDIS_URL): Django's cached_db, but a cache that is
down is a miss instead of an error. Django's own catches the failure of some of its cache calls
only (reading after a database hit, checking a new key and logging out raise), so Redis stopping
would have answered every signed-in page, and the login, with a server error."""

from django.conf import settings
from django.contrib.sessions.backends import cached_db
from django.core.cache import caches

from .tolerant_cache import TolerantCache


class SessionStore(cached_db.SessionStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = TolerantCache(caches[settings.SESSION_CACHE_ALIAS])
