"""Factories for the table 二 tests: 规章 and 行政规范性文件 taken through the catalogue services by the
system (actor=None), each step on the day it happened (the services refuse future dates)."""

from __future__ import annotations

from typing import Any

from gongkai.catalogue import services
from gongkai.catalogue.categories import DocKind
from gongkai.catalogue.models import Item
from gongkai.catalogue.services import REVIEW_CHECKLIST, ItemInput
from gongkai.disclosure_requests.tests.request_factories import d, on

NORMATIVE = DocKind.NORMATIVE_DOCUMENT
REGULATION = DocKind.REGULATION


def document(
    agency: Any,
    title: str,
    *,
    created: str,
    published: str | None = None,
    withdrawn: str | None = None,
    validity: tuple[str, str] | None = None,  # (validity, on)
    kind: str = NORMATIVE,
) -> Item:
    """An item made on `created`; reviewed and published on `published` (a draft without it); then
    optionally withdrawn, and its validity changed on a given day."""
    with on(created):
        item = services.item_create(
            actor=None,
            agency=agency,
            data=ItemInput(title=title, created_on=d(created), category=1, kind=kind, body="<p>正文</p>"),
        )
    if published is None:
        return item
    with on(published):
        services.item_submit(actor=None, item=item)
        services.item_approve(actor=None, item=item, checklist=dict.fromkeys(REVIEW_CHECKLIST, True))
        item = services.item_publish(actor=None, item=item, published_on=d(published))
    if withdrawn is not None:
        with on(withdrawn):
            item = services.item_withdraw(actor=None, item=item, reason="已被新文件替代")
    if validity is not None:
        state, day = validity
        with on(day):
            item = services.item_set_validity(actor=None, item=item, validity=state, on=d(day))
    return item
