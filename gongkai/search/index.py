"""Search index maintenance, called by the catalogue (catalogue.indexing) inside the transaction of
every change, so the index never shows an item the database has withdrawn.

A change made one item at a time is indexed at once. Code that changes many items in one transaction
(the bulk import) wraps the work in `deferred()`: the items changed inside are then indexed once, in
one bulk call per few hundred items, when the block ends, still inside the same transaction. The
index is built from what the database holds at that moment, so the result is the same as indexing
after every change, whatever happened in between (a row's savepoint rolled back, an item changed
twice)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.db import transaction

from gongkai.search.backend import get_backend

if TYPE_CHECKING:
    from gongkai.catalogue.models import Item

# Items per bulk call when a deferred block ends: a few thousand search pieces, and well within the
# databases' limits on query parameters.
FLUSH_BATCH = 500

# The ids of the items changed inside the innermost open `deferred()` block, in order; None outside.
_pending: ContextVar[dict[int, None] | None] = ContextVar("gongkai_search_pending", default=None)


def item_changed(item: Item) -> None:
    """Index a published item; drop anything else from the index (at once, or when the enclosing
    `deferred()` block ends)."""
    pending = _pending.get()
    if pending is not None:
        pending[item.pk] = None
        return
    from gongkai.catalogue.models import Item
    from gongkai.catalogue.workflow import Status

    backend = get_backend()
    if item.status != Status.PUBLISHED:
        backend.remove_items([item.pk])
        return
    # Read it back with its attachments and agency: the caller's copy may lack either.
    fresh = Item.objects.select_related("agency").prefetch_related("attachments").get(pk=item.pk)
    backend.index_items([fresh])


@contextmanager
def deferred() -> Iterator[None]:
    """Collect the items changed inside the block and index them together when it ends.

    The block is a transaction (a savepoint inside an outer one): if an exception leaves it, its
    changes are rolled back and there is nothing to index. A nested block joins the outer one."""
    if _pending.get() is not None:
        with transaction.atomic():
            yield
        return
    pending: dict[int, None] = {}
    token = _pending.set(pending)
    try:
        with transaction.atomic():
            yield
            _pending.set(None)  # what the flush itself changes is not collected again
            flush(list(pending))
    finally:
        _pending.reset(token)


def flush(ids: list[int]) -> None:
    """Bring the index in line with the database for these items: index the published ones, drop the
    others (and ids whose row is gone, e.g. rolled back with a row of a dry run)."""
    from gongkai.catalogue.models import Item
    from gongkai.catalogue.workflow import Status

    backend = get_backend()
    for start in range(0, len(ids), FLUSH_BATCH):
        batch = ids[start : start + FLUSH_BATCH]
        items = list(
            Item.objects.filter(pk__in=batch, status=Status.PUBLISHED)
            .select_related("agency")
            .prefetch_related("attachments")
            .order_by("pk")
        )
        published = {i.pk for i in items}
        gone = [pk for pk in batch if pk not in published]
        if gone:
            backend.remove_items(gone)
        if items:
            backend.index_items(items)
