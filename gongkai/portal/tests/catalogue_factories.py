"""Published catalogue items for portal tests, made through the catalogue services as the system
(actor=None): create, submit, approve with the full 保密审查 checklist, publish."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from gongkai.catalogue import services
from gongkai.catalogue.models import Item
from gongkai.catalogue.services import REVIEW_CHECKLIST, ItemInput

ALL_TICKED = dict.fromkeys(REVIEW_CHECKLIST, True)
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def draft(agency: Any, *, title: str = "关于做好2025年义务教育招生工作的通知", **fields: Any) -> Item:
    attachments: Sequence[UploadedFile] = fields.pop("attachments", ())
    data = ItemInput(
        title=title,
        created_on=fields.pop("created_on", date(2025, 3, 3)),
        category=fields.pop("category", 11),
        **fields,
    )
    return services.item_create(actor=None, agency=agency, data=data, attachments=attachments)


def publish(agency: Any, *, published_on: date = date(2025, 3, 10), **fields: Any) -> Item:
    item = draft(agency, **fields)
    services.item_submit(actor=None, item=item)
    services.item_approve(actor=None, item=item, checklist=ALL_TICKED)
    return services.item_publish(actor=None, item=item, published_on=published_on)


def pdf(name: str = "2025年招生计划表.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")
