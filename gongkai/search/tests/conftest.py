"""Builds the labelled corpus (corpus.py) through the catalogue's own services: create → submit →
approve → publish, attachments as real DOCX files whose text the extractor reads."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.search.tests.corpus import CORPUS, Doc


def docx_upload(text: str, name: str = "附件.docx") -> SimpleUploadedFile:
    import docx

    document = docx.Document()
    for line in text.split("。"):
        if line.strip():
            document.add_paragraph(line.strip() + "。")
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(
        name,
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def publish(agency: Any, doc: Doc) -> Any:
    from gongkai.catalogue import services as cs

    item = cs.item_create(
        actor=None,
        agency=agency,
        data=cs.ItemInput(
            title=doc.title,
            created_on=doc.published_on,
            category=doc.category,
            summary=doc.summary,
            body=doc.body,
            document_number=doc.number,
        ),
        attachments=[docx_upload(doc.attachment)] if doc.attachment else [],
    )
    cs.item_submit(actor=None, item=item)
    cs.item_approve(actor=None, item=item, checklist=dict.fromkeys(cs.REVIEW_CHECKLIST, True))
    return cs.item_publish(actor=None, item=item, published_on=doc.published_on)


@pytest.fixture
def agencies(world: Any) -> dict[str, Any]:
    from gongkai.agencies import services
    from gongkai.agencies.codes import fictional_uscc

    def add(name: str, serial: int) -> Any:
        return services.agency_create(
            actor=None,
            name=name,
            kind="department",
            level="city",
            code=fictional_uscc(serial),
            parent=world.city,
        )

    return {
        "city": world.city,
        "jyj": world.agency_a,
        "gaj": world.agency_b,
        "ybj": add("明湖市医疗保障局", 101),
        "mzj": add("明湖市民政局", 102),
        "rsj": add("明湖市人力资源和社会保障局", 103),
        "dhq": world.district,
        "dhjy": world.district_dept,
        "hb": world.town,
    }


@pytest.fixture
def corpus(agencies: dict[str, Any], settings: Any, tmp_path: Any) -> dict[str, Any]:
    """key → published Item; `withdrawn_dummy` is withdrawn again, so it must never be found."""
    from gongkai.catalogue import services as cs

    settings.MEDIA_ROOT = str(tmp_path)
    items = {doc.key: publish(agencies[doc.agency], doc) for doc in CORPUS}
    items["withdrawn_dummy"] = cs.item_withdraw(actor=None, item=items["withdrawn_dummy"], reason="数据有误")
    return items
