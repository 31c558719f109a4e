"""How often one address may ask for something: counted per IP address in the cache, which every web process
shares, as allauth counts its own limits (settings.ACCOUNT_RATE_LIMITS) for logins and sign-ups.

allauth's limits count form posts; a page that is read (the public certificate check) is counted here, in a
window of `period` seconds, with the client's address as allauth reads it (its adapter's get_client_ip, which
knows the proxies in front of the portal). While the cache is unreachable nothing is counted, as for allauth's.
"""

import hashlib
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache


def within_limit(request, *, action, limit, period):
    """Counts this request against `action`'s limit for its address: False once more than `limit` requests came
    from that address in the current window of `period` seconds."""
    window = int(time.time() // period)
    # By a digest: an address read from a proxy's header may hold what a cache key must not (spaces, length).
    address = hashlib.sha256(get_adapter(request).get_client_ip(request).encode()).hexdigest()[:32]
    name = f"rate-limit:{action}:{address}:{window}"
    cache.add(name, 0, period)
    try:
        count = cache.incr(name)
    except ValueError:  # the window's count expired between add() and incr(): this request starts it again
        cache.add(name, 1, period)
        count = 1
    return count is None or count <= limit  # None: the cache is unreachable (greencustoms.cache)
