"""Search index maintenance, called by the catalogue (catalogue.indexing) inside the transaction of
every change, so the index never shows an item the database has withdrawn."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongkai.search.backend import get_backend

if TYPE_CHECKING:
    from gongkai.catalogue.models import Item


def item_changed(item: Item) -> None:
    """Index a published item; drop anything else from the index."""
    from gongkai.catalogue.models import Item
    from gongkai.catalogue.workflow import Status

    backend = get_backend()
    if item.status != Status.PUBLISHED:
        backend.remove_items([item.pk])
        return
    # Read it back with its attachments and agency: the caller's copy may lack either.
    fresh = Item.objects.select_related("agency").prefetch_related("attachments").get(pk=item.pk)
    backend.index_items([fresh])
