"""The catalogue tells the search index about every change, inside the change's transaction, so the
index never shows an item the database has withdrawn."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.catalogue.models import Item


def item_changed(item: Item) -> None:
    from gongkai.search import index

    index.item_changed(item)


def deferred() -> AbstractContextManager[None]:
    """A transaction whose changed items are indexed together when it ends (for bulk work)."""
    from gongkai.search import index

    return index.deferred()
