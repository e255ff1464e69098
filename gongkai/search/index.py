"""Search index maintenance (interface; the database-backed index follows)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.catalogue.models import Item


def item_changed(item: Item) -> None:
    """Index a published item; drop anything else from the index."""
