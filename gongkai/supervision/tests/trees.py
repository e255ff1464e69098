"""A government with `size - 1` departments under it, for pinning query counts at different sizes."""

from __future__ import annotations

from gongkai.agencies import services as agency_services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency


def flat_tree(size: int, *, name: str, serial: int) -> Agency:
    """`serial` keeps the generated codes of different callers apart."""
    root = agency_services.agency_create(
        actor=None, name=f"{name}{size}", kind="government", level="city", code=fictional_uscc(serial + size)
    )
    for n in range(size - 1):
        agency_services.agency_create(
            actor=None,
            name=f"{name}{size}第{n}局",
            kind="department",
            level="city",
            code=fictional_uscc(serial + 10_000 + size * 1000 + n),
            parent=root,
        )
    return root
