"""Per-address rate limits for the portal's two anonymous writes: applications and failed lookups.

Counters live in Django's cache under fixed windows (the window number is part of the key), so a
counter that expires early or a cache backend whose incr resets the timeout can only let a visitor in
sooner, never lock them out longer than the window. The default per-process locmem cache suffices for
one server; several servers need a shared cache (Redis, Memcached) for the limits to hold across them."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from gongkai.core.middleware import client_address

HOUR = 3600
DAY = 24 * HOUR


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def apply_limits() -> tuple[Limit, ...]:
    return (
        Limit(int(getattr(settings, "PORTAL_APPLY_PER_HOUR", 10)), HOUR),
        Limit(int(getattr(settings, "PORTAL_APPLY_PER_DAY", 30)), DAY),
    )


def lookup_limits() -> tuple[Limit, ...]:
    return (Limit(int(getattr(settings, "PORTAL_LOOKUP_FAILURES_PER_HOUR", 20)), HOUR),)


def _keys(scope: str, address: str, limits: tuple[Limit, ...]) -> list[tuple[str, Limit]]:
    now = int(time.time())
    return [
        (f"portal-throttle:{scope}:{limit.seconds}:{now // limit.seconds}:{address}", limit)
        for limit in limits
    ]


def address_of(request: HttpRequest) -> str:
    # Clients without an address (test clients, odd proxies) share one bucket rather than escape the limit.
    return client_address(request) or "unknown"


def full_window(scope: str, address: str, limits: tuple[Limit, ...]) -> Limit | None:
    """The first window that is already full, or None; counts nothing."""
    for key, limit in _keys(scope, address, limits):
        if int(cache.get(key, 0)) >= limit.count:
            return limit
    return None


def try_acquire(scope: str, address: str, limits: tuple[Limit, ...]) -> Limit | None:
    """Take one slot in every window and return None, or return the full window having taken nothing.

    The slot is taken before the work so that two simultaneous submissions cannot both pass a check made
    before either was counted; `release` gives it back when the work turns out not to count."""
    taken: list[str] = []
    for key, limit in _keys(scope, address, limits):
        cache.add(key, 0, timeout=limit.seconds)
        try:
            value = cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.add(key, 1, timeout=limit.seconds)
            value = 1
        taken.append(key)
        if value > limit.count:
            _give_back(taken)
            return limit
    return None


def release(scope: str, address: str, limits: tuple[Limit, ...]) -> None:
    _give_back([key for key, _ in _keys(scope, address, limits)])


def record(scope: str, address: str, limits: tuple[Limit, ...]) -> None:
    """Count one event (a failed lookup) without refusing it."""
    for key, limit in _keys(scope, address, limits):
        cache.add(key, 0, timeout=limit.seconds)
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, timeout=limit.seconds)


def _give_back(keys: list[str]) -> None:
    for key in keys:
        with contextlib.suppress(ValueError):  # already expired: nothing to give back
            cache.decr(key)
