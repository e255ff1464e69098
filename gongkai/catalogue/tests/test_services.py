"""Service tests of the catalogue workflow: 保密审查 with personal data, 索引号, timeliness, withdrawal."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.catalogue import services
from gongkai.catalogue.models import Item, ItemEvent
from gongkai.catalogue.services import REVIEW_CHECKLIST, ItemInput
from gongkai.catalogue.workflow import Status
from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.core.models import AuditEntry

pytestmark = pytest.mark.django_db

VALID_ID = "11010519491231002X"  # GB 11643 sample number: valid check character
ALL_TICKED = dict.fromkeys(REVIEW_CHECKLIST, True)


def _draft(world: Any, **overrides: Any) -> Item:
    data = ItemInput(
        title=overrides.pop("title", "明湖市教育局关于2026年义务教育招生工作的通知"),
        created_on=overrides.pop("created_on", date(2026, 3, 2)),
        category=overrides.pop("category", 11),
        body=overrides.pop("body", "<p>各区教育局：现将招生工作通知如下。</p>"),
        **overrides,
    )
    return services.item_create(actor=world.clerk_a, agency=world.agency_a, data=data)


@time_machine.travel(date(2026, 3, 20), tick=False)
def test_full_journey_assigns_index_number_and_records_every_step(world: Any) -> None:
    item = _draft(world, document_number="明教〔2026〕3号")
    services.item_submit(actor=world.clerk_a, item=item)
    services.item_approve(actor=world.reviewer_a, item=item, checklist=ALL_TICKED)
    item = services.item_publish(actor=world.clerk_a, item=item)
    prefix = services.index_prefix(world.agency_a)
    assert item.index_number == f"{prefix}/2026-00001"
    assert len(prefix) == 9
    assert item.status == Status.PUBLISHED
    assert item.published_on == date(2026, 3, 20)
    assert item.publish_workdays == 14
    assert item.publish_late is False
    actions = list(ItemEvent.objects.filter(item=item).values_list("action", flat=True))
    assert actions == ["create", "submit", "approve", "publish"]
    audits = AuditEntry.objects.filter(target_type="catalogue.item", target_id=str(item.pk))
    assert {a.action for a in audits} == {
        "catalogue.create",
        "catalogue.submit",
        "catalogue.approve",
        "catalogue.publish",
    }


@time_machine.travel(date(2026, 3, 20), tick=False)
def test_serials_run_per_agency_and_year_and_survive_withdrawal(world: Any) -> None:
    first = _draft(world)
    for item in (first,):
        services.item_submit(actor=world.clerk_a, item=item)
        services.item_approve(actor=world.reviewer_a, item=item, checklist=ALL_TICKED)
    first = services.item_publish(actor=world.clerk_a, item=first, published_on=date(2026, 3, 10))
    withdrawn = services.item_withdraw(actor=world.reviewer_a, item=first, reason="内容已被新文件替代")
    assert withdrawn.index_number == first.index_number
    assert withdrawn.status == Status.WITHDRAWN
    assert withdrawn.withdrawn_reason == "内容已被新文件替代"
    second = _draft(world, title="第二条")
    services.item_submit(actor=world.clerk_a, item=second)
    services.item_approve(actor=world.reviewer_a, item=second, checklist=ALL_TICKED)
    second = services.item_publish(actor=world.clerk_a, item=second)
    assert second.index_number is not None
    assert second.index_number.endswith("/2026-00002")
    old = _draft(world, title="去年的文件", created_on=date(2025, 12, 1))
    services.item_submit(actor=world.clerk_a, item=old)
    services.item_approve(actor=world.reviewer_a, item=old, checklist=ALL_TICKED)
    old = services.item_publish(actor=world.clerk_a, item=old, published_on=date(2025, 12, 30))
    assert old.index_number is not None
    assert old.index_number.endswith("/2025-00001")


@time_machine.travel(date(2026, 3, 20), tick=False)
def test_personal_data_blocks_approval_until_redacted(world: Any) -> None:
    item = _draft(world, body=f"<p>联系人张三，身份证号{VALID_ID}，电话13800138000。</p>")
    services.item_submit(actor=world.clerk_a, item=item)
    findings = services.pii_findings(item)
    assert [h.kind for f in findings for h in f.hits] == ["resident_id", "mobile"]
    assert "<mark>" + VALID_ID + "</mark>" in findings[0].highlighted
    with pytest.raises(InvalidInput, match="2处个人信息"):
        services.item_approve(actor=world.reviewer_a, item=item, checklist=ALL_TICKED)
    assert Item.objects.get(pk=item.pk).status == Status.SUBMITTED
    services.item_redact(actor=world.reviewer_a, item=item)
    item.refresh_from_db()
    assert VALID_ID not in item.body
    assert "13800138000" not in item.body
    assert services.unresolved_pii(item) == []
    services.item_approve(actor=world.reviewer_a, item=item, checklist=ALL_TICKED)
    assert Item.objects.get(pk=item.pk).status == Status.APPROVED


@time_machine.travel(date(2026, 3, 20), tick=False)
def test_reviewer_may_keep_personal_data_with_a_reason(world: Any) -> None:
    item = _draft(world, body="<p>举报电话：13800138000</p>")
    services.item_submit(actor=world.clerk_a, item=item)
    (hit,) = services.unresolved_pii(item)
    with pytest.raises(InvalidInput):
        services.item_approve(
            actor=world.reviewer_a, item=item, checklist=ALL_TICKED, exemptions={hit.fingerprint: "  "}
        )
    services.item_approve(
        actor=world.reviewer_a,
        item=item,
        checklist=ALL_TICKED,
        exemptions={hit.fingerprint: "公开的举报电话"},
    )
    item.refresh_from_db()
    assert item.pii_exemptions[0]["reason"] == "公开的举报电话"
    assert "13800138000" not in str(item.pii_exemptions)


@time_machine.travel(date(2026, 3, 20), tick=False)
def test_checklist_must_be_complete(world: Any) -> None:
    item = _draft(world)
    services.item_submit(actor=world.clerk_a, item=item)
    with pytest.raises(InvalidInput, match="保密审查未完成"):
        services.item_approve(actor=world.reviewer_a, item=item, checklist={"state_secrets": True})


@time_machine.travel(date(2026, 3, 20), tick=False)
def test_permissions_and_transitions(world: Any) -> None:
    item = _draft(world)
    with pytest.raises(NotAllowed):
        services.item_submit(actor=world.clerk_b, item=item)
    services.item_submit(actor=world.clerk_a, item=item)
    with pytest.raises(NotAllowed):
        services.item_approve(actor=world.clerk_a, item=item, checklist=ALL_TICKED)
    with pytest.raises(IllegalTransition):
        services.item_publish(actor=world.clerk_a, item=item)
    with pytest.raises(IllegalTransition):
        services.item_update(
            actor=world.clerk_a, item=item, data=ItemInput(title="x", created_on=date(2026, 3, 1), category=1)
        )
    services.item_return(actor=world.reviewer_a, item=item, comment="请补充文号")
    assert Item.objects.get(pk=item.pk).status == Status.DRAFT


@time_machine.travel(date(2026, 3, 20), tick=False)
def test_bad_input_changes_nothing(world: Any) -> None:
    before = Item.objects.count()
    with pytest.raises(InvalidInput) as exc:
        services.item_create(
            actor=world.clerk_a,
            agency=world.agency_a,
            data=ItemInput(title=" ", created_on=date(2026, 4, 1), category=99, channels=["fax"]),
        )
    assert set(exc.value.fields) == {"title", "created_on", "category", "channels"}
    bad = SimpleUploadedFile("a.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(InvalidInput, match=r"a\.pdf"):
        services.item_create(
            actor=world.clerk_a,
            agency=world.agency_a,
            data=ItemInput(title="附件有误", created_on=date(2026, 3, 1), category=1),
            attachments=[bad],
        )
    assert Item.objects.count() == before


def test_body_is_sanitised(world: Any) -> None:
    item = _draft(
        world, created_on=date(2025, 1, 2), body='<p onclick="x()">正文<script>alert(1)</script></p>'
    )
    assert item.body == "<p>正文</p>"


@time_machine.travel(date(2026, 3, 20), tick=False)
def test_late_publication_is_flagged_across_the_spring_festival(world: Any) -> None:
    # Made on 2026-02-10; 20 working days (春节 15–23 Feb off, 14 and 28 Feb worked) end on 2026-03-16.
    on_time = _draft(world, created_on=date(2026, 2, 10))
    late = _draft(world, title="晚发布", created_on=date(2026, 2, 10))
    for item in (on_time, late):
        services.item_submit(actor=world.clerk_a, item=item)
        services.item_approve(actor=world.reviewer_a, item=item, checklist=ALL_TICKED)
    on_time = services.item_publish(actor=world.clerk_a, item=on_time, published_on=date(2026, 3, 16))
    late = services.item_publish(actor=world.clerk_a, item=late, published_on=date(2026, 3, 17))
    assert (on_time.publish_workdays, on_time.publish_late) == (20, False)
    assert (late.publish_workdays, late.publish_late) == (21, True)
    assert list(Item.objects.late()) == [late]


def test_plain_text_body_becomes_paragraphs(world: Any) -> None:
    item = _draft(world, created_on=date(2025, 1, 2), body="第一段<内容>\r\n\r\n第二段")
    assert item.body == "<p>第一段&lt;内容&gt;</p><p>第二段</p>"
