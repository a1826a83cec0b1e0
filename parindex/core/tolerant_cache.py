"""A cache is a shortcut, never a dependency: a cache server that is down (Redis stopped, its
address unreachable) must cost the time of doing the work again, not an error page. Wrapped in
`TolerantCache`, a cache that cannot be read is a miss and one that cannot be written is left as
it is; each failure is logged."""

import logging

from django.core.cache import BaseCache
from django.core.cache.backends.base import DEFAULT_TIMEOUT

logger = logging.getLogger(__name__)


class TolerantCache:
    """The operations of `cache` the application uses, failing as a miss."""

    def __init__(self, cache: BaseCache) -> None:
        self.cache = cache

    def _failed(self, operation: str) -> None:
        logger.warning(
            "Cache %r: %s failed, going on without it", self.cache, operation, exc_info=True
        )

    def get(self, key: str, default=None):
        try:
            return self.cache.get(key, default)
        except Exception:
            self._failed("get")
            return default

    def set(self, key: str, value, timeout=DEFAULT_TIMEOUT) -> None:
        try:
            self.cache.set(key, value, timeout)
        except Exception:
            self._failed("set")

    def delete(self, key: str) -> bool:
        try:
            return self.cache.delete(key)
        except Exception:
            self._failed("delete")
            return False

    def __contains__(self, key: str) -> bool:
        try:
            return key in self.cache
        except Exception:
            self._failed("has_key")
            return False
