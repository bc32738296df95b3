"""The Redis cache backend of the shared caches (settings.CACHES "api" and "figures").

Django's RedisCache.clear() empties the whole Redis database: the Celery queue, the other cache and every
other process's keys with it. Here clear() deletes only the keys under this cache's KEY_PREFIX.
"""

import re

from django.core.cache.backends.redis import RedisCache


class PrefixedRedisCache(RedisCache):
    def clear(self):
        if not self.key_prefix:
            return super().clear()
        client = self._cache.get_client(None, write=True)
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix) + ":*"
        keys = list(client.scan_iter(match=pattern, count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start:start + 1000])
        return bool(keys)
