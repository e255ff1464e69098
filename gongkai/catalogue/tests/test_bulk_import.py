"""Bulk import from an old CMS: parsing (pure) and the service (dry run, publishing with the source
索引号 and 发布日期, idempotent re-import, per-row errors), and the import-catalogue command."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from openpyxl import Workbook  # type: ignore[import-untyped]

from gongkai.catalogue import bulk_import, import_service, services
from gongkai.catalogue.bulk_import import ImportFileError, Row, RowError, parse_category, parse_date
from gongkai.catalogue.models import ImportJob, IndexCounter, Item
from gongkai.catalogue.workflow import Status
from gongkai.core.errors import IllegalTransition, InvalidInput, NotAllowed
from gongkai.core.models import AuditEntry
from gongkai.search import index
from gongkai.search.backend import Query, get_backend
from gongkai.search.models import PIECE_BITS, SearchChunk

TODAY = date(2026, 3, 20)
HEADER = ["索引号", "原系统编号", "名称", "生成日期", "发布日期", "文号", "公开类别", "主题分类", "体裁", "公开渠道", "文件类型", "正文"]  # fmt: skip


def csv_bytes(
    rows: Sequence[Sequence[object]], header: list[str] = HEADER, *, encoding: str = "utf-8-sig"
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def good_rows() -> list[list[object]]:
    return [
        ["OLD0001/2021-00007", "CMS-1", "明湖市教育局关于2021年招生工作的通知", "2021-03-02", "2021/3/5",
         "明教〔2021〕3号", "（十一）", "综合政务\\政务公开", "通知", "政府网站、政务微信", "其他",
         "各区教育局：\n现将招生工作通知如下。"],
        ["", "CMS-2", "明湖市教育局2021年部门预算", "2021年1月10日", "2021年2月1日", "", "第二十条第（七）项",
         "", "", "", "", "<p>预算表见附件。</p>"],
    ]  # fmt: skip


# --- parsing -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-02", date(2026, 3, 2)),
        ("2026/3/2", date(2026, 3, 2)),
        ("2026年3月2日", date(2026, 3, 2)),
        ("2026.3.2", date(2026, 3, 2)),
        ("20260302", date(2026, 3, 2)),
        ("2026-03-02 09:30:00", date(2026, 3, 2)),
        (datetime(2026, 3, 2, 0, 0), date(2026, 3, 2)),  # noqa: DTZ001  (an Excel date cell is naive)
        (46083, date(2026, 3, 2)),  # an Excel serial number in a cell formatted as a number
        (date(2026, 3, 2), date(2026, 3, 2)),
    ],
)
def test_dates_in_every_form(value: object, expected: date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["2026-02-30", "三月二日", "2026-13-01", "12"])
def test_bad_dates_are_refused_with_a_chinese_message(value: str) -> None:
    with pytest.raises(ValueError, match="日期"):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1), ("15", 15), ("21", 21), (11.0, 11), ("11.0", 11), ("（一）", 1), ("(十一)", 11),
        ("十五", 15), ("第二十条第（七）项", 7), ("第二十条第(十)项", 10), ("第二十一条", 21),
        ("（三）国民经济和社会发展规划、专项规划、区域规划及相关政策", 3), ("民生政策", 11),
    ],
)  # fmt: skip
def test_category_labels(value: object, expected: int) -> None:
    assert parse_category(value) == expected


@pytest.mark.parametrize("value", ["0", "16", "20", "（十六）", "通知"])
def test_unknown_categories(value: str) -> None:
    with pytest.raises(ValueError, match="第二十条"):
        parse_category(value)


def _parse(data: bytes, name: str = "目录.csv", *, publish: bool = True) -> list[Row | list[RowError]]:
    sheet = bulk_import.open_sheet(name, data)
    return [bulk_import.parse_row(n, r, require_published_on=publish) for n, r in sheet.records]


def test_good_rows_parse_to_item_values() -> None:
    first, second = _parse(csv_bytes(good_rows()))
    assert isinstance(first, Row)
    assert isinstance(second, Row)
    assert first.row == 2
    assert second.row == 3
    assert first.index_number == "OLD0001/2021-00007"
    assert first.source_id == "CMS-1"
    assert first.category == 11
    assert second.category == 7
    assert first.genre == "notice"
    assert first.channels == ("website", "wechat")
    assert second.channels == ("website",)  # the default when the column is empty
    assert first.topic == "综合政务\\政务公开"
    assert first.body == "<p>各区教育局：</p><p>现将招生工作通知如下。</p>"
    assert second.body == "<p>预算表见附件。</p>"
    assert first.published_on == date(2021, 3, 5)
    assert second.created_on == date(2021, 1, 10)


def test_bad_row_reports_every_field_with_row_number_and_chinese_name() -> None:
    rows = [["", "", "", "2021-02-30", "", "", "第二十条第（十六）项", "", "快报", "飞鸽传书", "条例", ""]]
    (errors,) = _parse(csv_bytes(rows))
    assert isinstance(errors, list)
    by_field = {e.field: e.message for e in errors}
    assert {e.row for e in errors} == {2}
    assert by_field["名称"] == "必须填写"
    assert "不是有效的日期" in by_field["生成日期"]
    assert "直接发布时必须填写" in by_field["发布日期"]
    assert "第二十条" in by_field["公开类别"]
    assert by_field["体裁"] == "无法识别的体裁“快报”"
    assert by_field["公开渠道"] == "无法识别的公开渠道：飞鸽传书"
    assert by_field["文件类型"] == "无法识别的文件类型“条例”"


def test_published_before_created_and_validity_of_an_ordinary_document() -> None:
    header = ["名称", "生成日期", "发布日期", "公开类别", "有效性"]
    (errors,) = _parse(csv_bytes([["通知", "2021-03-02", "2021-03-01", "1", "有效"]], header))
    assert isinstance(errors, list)
    assert {e.field for e in errors} == {"发布日期", "有效性"}


def test_english_headers_gb18030_and_tab_separated() -> None:
    header = ["title", "created_on", "published_on", "category", "channels"]
    data = csv_bytes(
        [["政务公开工作要点", "2026-01-05", "2026-01-06", "2", "gazette, website"]],
        header,
        encoding="gb18030",
    )
    (row,) = _parse(data)
    assert isinstance(row, Row)
    assert row.title == "政务公开工作要点"
    assert row.channels == ("gazette", "website")
    tsv = "名称\t生成日期\t公开类别\n工作要点\t2026-01-05\t1\n".encode("utf-16")
    (row,) = _parse(tsv, "目录.txt", publish=False)
    assert isinstance(row, Row)
    assert row.title == "工作要点"


def test_xlsx_with_excel_dates_and_number_cells() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["*名称", "*生成日期", "发布日期", "*公开类别", "原系统编号", "备注"])
    sheet.append(["年度预算", datetime(2026, 1, 5), 46030, 7, 12345.0, "无关的列"])  # noqa: DTZ001
    sheet.append([None, None, None, None, None, None])  # blank rows are skipped, not errors
    buffer = io.BytesIO()
    workbook.save(buffer)
    opened = bulk_import.open_sheet("目录.xlsx", buffer.getvalue())
    assert opened.unknown == ["备注"]
    rows = [bulk_import.parse_row(n, r, require_published_on=True) for n, r in opened.records]
    assert len(rows) == 1
    (row,) = rows
    assert isinstance(row, Row)
    assert row.created_on == date(2026, 1, 5)
    assert row.published_on == date(2026, 1, 8)
    assert row.category == 7
    assert row.source_id == "12345"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("目录.csv", "标题一,日期\n甲,2026-01-01\n".encode(), "缺少必填列"),
        ("目录.csv", b"", "空"),
        ("目录.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "XLS"),
        ("目录.pdf", b"%PDF-1.4", "CSV或XLSX"),
        ("目录.xlsx", b"PK\x03\x04broken", "无法读取"),
        ("目录.csv", "名称,名称,生成日期,公开类别\n".encode(), "出现了两次"),
    ],
)
def test_unusable_files(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ImportFileError, match=message):
        bulk_import.open_sheet(name, data)


def test_template_is_importable() -> None:
    (row,) = _parse(bulk_import.template_csv())
    assert isinstance(row, Row)
    assert row.kind == "normative_document"
    assert row.validity == "valid"


# --- the service ----------------------------------------------------------------------------------------


def _job(world: Any, data: bytes, *, dry_run: bool = False, publish: bool = True, actor: Any = None, name: str = "目录.csv") -> ImportJob:  # fmt: skip
    return import_service.import_create(
        actor=actor if actor is not None else world.clerk_a,
        agency=world.agency_a,
        upload=SimpleUploadedFile(name, data),
        dry_run=dry_run,
        publish=publish,
    )


def _run(job: ImportJob, batch: int = 200) -> ImportJob:
    for _ in range(1000):
        job = import_service.import_step(job=job, batch=batch)
        if job.state in (ImportJob.State.DONE, ImportJob.State.FAILED):
            return job
    raise AssertionError("import did not finish")


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_dry_run_checks_everything_and_writes_nothing(world: Any) -> None:
    job = _run(_job(world, csv_bytes(good_rows()), dry_run=True))
    assert job.state == ImportJob.State.DONE
    assert (job.total, job.processed, job.created_count, job.updated_count, job.error_count) == (
        2,
        2,
        2,
        0,
        0,
    )
    assert Item.objects.count() == 0
    assert IndexCounter.objects.count() == 0
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-2:] == ["catalogue.import", "catalogue.import_done"]
    assert not any(a.startswith("catalogue.") and "import" not in a for a in actions)


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_import_publishes_keeping_source_index_number_and_dates(world: Any) -> None:
    job = _run(_job(world, csv_bytes(good_rows())))
    assert (job.created_count, job.error_count) == (2, 0), job.errors
    kept = Item.objects.get(source_id="CMS-1")
    assert kept.status == Status.PUBLISHED
    assert kept.index_number == "OLD0001/2021-00007"
    assert kept.published_on == date(2021, 3, 5)
    assert kept.created_on == date(2021, 3, 2)
    assert kept.topic is not None
    assert kept.topic.full_name == "综合政务\\政务公开"
    assert kept.channel_list == ["website", "wechat"]
    assert kept.document_number == "明教〔2021〕3号"
    assert kept.created_by == world.clerk_a
    assert kept.publish_workdays == 3
    assigned = Item.objects.get(source_id="CMS-2")
    assert assigned.index_number == f"{services.index_prefix(world.agency_a)}/2021-00001"
    assert assigned.published_on == date(2021, 2, 1)
    assert list(kept.events.values_list("action", flat=True)) == ["create", "import", "publish"]
    assert AuditEntry.objects.filter(action="catalogue.import_done", target_id=str(job.pk)).count() == 1
    assert Item.objects.public().count() == 2


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_reimport_updates_instead_of_duplicating(world: Any) -> None:
    _run(_job(world, csv_bytes(good_rows())))
    rows = good_rows()
    rows[0][2] = "明湖市教育局关于2021年义务教育招生工作的通知（修订）"
    rows[1][0] = ""  # no 索引号 in the file: found by 原系统编号
    again = _run(_job(world, csv_bytes(rows)))
    assert (again.created_count, again.updated_count, again.error_count) == (0, 2, 0), again.errors
    assert Item.objects.count() == 2
    item = Item.objects.get(source_id="CMS-1")
    assert item.title.endswith("（修订）")
    assert item.index_number == "OLD0001/2021-00007"
    assert (
        AuditEntry.objects.filter(action="catalogue.import_update").count() == 1
    )  # the unchanged row wrote nothing
    # Found by 索引号 alone when the old system had no separate id.
    header = ["索引号", "名称", "生成日期", "发布日期", "公开类别"]
    third = _run(
        _job(world, csv_bytes([["OLD0001/2021-00007", "再次修订", "2021-03-02", "2021-03-05", "11"]], header))
    )
    assert (third.created_count, third.updated_count) == (0, 1)
    assert Item.objects.get(index_number="OLD0001/2021-00007").title == "再次修订"


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_row_errors_are_collected_and_the_rest_imported(world: Any) -> None:
    services.item_create(
        actor=world.clerk_b,
        agency=world.agency_b,
        data=services.ItemInput(title="公安局的信息", created_on=date(2026, 1, 5), category=1),
    )
    Item.objects.filter(title="公安局的信息").update(index_number="B/2026-00001")
    rows: list[list[object]] = [
        *good_rows(),
        ["", "CMS-3", "日期错误的信息", "2021-02-30", "2021-03-01", "", "1", "", "", "", "", ""],
        ["", "CMS-4", "主题不存在", "2021-03-01", "2021-03-02", "", "1", "不存在的主题", "", "", "", ""],
        [
            "B/2026-00001",
            "CMS-5",
            "别的机关的索引号",
            "2021-03-01",
            "2021-03-02",
            "",
            "1",
            "",
            "",
            "",
            "",
            "",
        ],
        ["", "CMS-1", "与第二行重复", "2021-03-01", "2021-03-02", "", "1", "", "", "", "", ""],
        ["", "CMS-6", "未来的信息", "2026-04-01", "2026-04-02", "", "1", "", "", "", "", ""],
        ["", "CMS-7", "正常的最后一行", "2021-03-01", "2021-03-02", "", "2", "政务公开", "", "", "", ""],
    ]
    job = _run(_job(world, csv_bytes(rows)), batch=3)
    assert job.state == ImportJob.State.DONE
    assert (job.created_count, job.error_count) == (3, 5)
    errors = {(e["row"], e["field"]): e["message"] for e in job.errors}
    assert "不是有效的日期" in errors[(4, "生成日期")]
    assert errors[(5, "主题分类")] == "主题分类“不存在的主题”不存在"
    assert errors[(6, "索引号")] == "索引号已被明湖市公安局的信息使用"
    assert "与第2行重复" in errors[(7, "")]
    assert errors[(8, "生成日期")] == "生成日期不能晚于今天"
    assert set(Item.objects.filter(agency=world.agency_a).values_list("source_id", flat=True)) == {
        "CMS-1", "CMS-2", "CMS-7",
    }  # fmt: skip


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_personal_data_keeps_the_row_a_draft_for_review(world: Any) -> None:
    rows = [["", "CMS-9", "困难学生资助名单", "2026-03-02", "2026-03-05", "", "11", "", "", "", "",
             "张三，身份证号11010519491231002X"]]  # fmt: skip
    job = _run(_job(world, csv_bytes(rows)))
    assert (job.created_count, job.error_count) == (1, 0)
    assert job.errors[0]["warning"] is True
    assert "保密审查" in job.errors[0]["message"]
    item = Item.objects.get(source_id="CMS-9")
    assert item.status == Status.DRAFT
    assert item.index_number is None


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_draft_import_and_progress_in_batches(world: Any) -> None:
    rows = [["", f"CMS-{i}", f"第{i}条信息", "2026-03-02", "", "", "1", "", "", "", "", ""] for i in range(7)]
    job = _job(world, csv_bytes(rows), publish=False)
    job = import_service.import_step(job=job, batch=3)
    assert (job.state, job.processed, job.total) == (ImportJob.State.RUNNING, 3, 7)
    job = _run(job, batch=3)
    assert (job.processed, job.created_count) == (7, 7)
    assert set(Item.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert import_service.import_step(job=job).processed == 7  # a finished job stays finished


@pytest.mark.django_db
def test_file_errors_and_permissions_change_nothing(world: Any) -> None:
    with pytest.raises(InvalidInput, match="缺少必填列"):
        _job(world, "标题\n甲\n".encode())
    with pytest.raises(InvalidInput, match="没有数据行"):
        _job(world, csv_bytes([]))
    with pytest.raises(InvalidInput, match="发布日期"):
        _job(world, csv_bytes([["通知", "2026-01-01", "1"]], ["名称", "生成日期", "公开类别"]))
    with pytest.raises(NotAllowed):
        _job(world, csv_bytes(good_rows()), actor=world.clerk_b)
    with pytest.raises(NotAllowed):
        _job(world, csv_bytes(good_rows()), actor=world.reviewer_a)  # reviewing is not drafting
    assert ImportJob.objects.count() == 0


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_confirm_after_a_clean_dry_run_only(world: Any) -> None:
    dry = _run(_job(world, csv_bytes(good_rows()), dry_run=True))
    real = _run(import_service.import_confirm(actor=world.clerk_a, job=dry))
    assert not real.dry_run
    assert real.created_count == 2
    assert Item.objects.count() == 2
    with pytest.raises(IllegalTransition):
        import_service.import_confirm(actor=world.clerk_a, job=real)
    bad = _run(_job(world, csv_bytes([["", "", "", "", "", "", "", "", "", "", "", "x"]]), dry_run=True))
    assert bad.error_count == 1
    with pytest.raises(InvalidInput, match="1行有错误"):
        import_service.import_confirm(actor=world.clerk_a, job=bad)


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_a_creator_who_lost_the_right_stops_the_job(world: Any) -> None:
    from gongkai.agencies.models import Membership

    job = _job(world, csv_bytes(good_rows()))
    Membership.objects.filter(user=world.clerk_a).delete()
    job = import_service.import_step(job=job)
    assert job.state == ImportJob.State.FAILED
    assert "无权" in job.message
    assert Item.objects.count() == 0
    assert AuditEntry.objects.filter(action="catalogue.import_failed").count() == 1


# --- the command ------------------------------------------------------------------------------------------


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_command_imports_and_reports(world: Any, tmp_path: Path) -> None:
    path = tmp_path / "目录.csv"
    path.write_bytes(csv_bytes([*good_rows(), ["", "", "", "", "", "", "", "", "", "", "", "x"]]))
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import-catalogue", str(path), agency=world.agency_a.code, dry_run=True, stdout=out, stderr=err
    )
    assert "可新增2条" in out.getvalue()
    assert "1行有错误" in out.getvalue()
    assert "第4行「名称」：必须填写" in out.getvalue()
    assert Item.objects.count() == 0
    call_command("import-catalogue", str(path), agency=world.agency_a.code, stdout=out, stderr=err)
    assert Item.objects.published().count() == 2
    entry = AuditEntry.objects.filter(action="catalogue.import").latest("pk")
    assert entry.actor is None
    assert entry.channel == "cli"
    with pytest.raises(CommandError, match="没有代码"):
        call_command("import-catalogue", str(path), agency="nope", stdout=out, stderr=err)
    path.write_text("标题\n甲\n", encoding="utf-8")
    with pytest.raises(CommandError, match="缺少必填列"):
        call_command("import-catalogue", str(path), agency=world.agency_a.code, stdout=out, stderr=err)


# --- search index --------------------------------------------------------------------------------------

SEARCHES = [
    Query(text="义务教育招生"),
    Query(text="医保"),
    Query(text="政策解读"),
    Query(text="工作 通知", order="date"),
    Query(text="安全", category=5),
    Query(year=2023),
    Query(document_number="明教〔2022〕"),
]


def _search_state() -> tuple[list[list[tuple[str | None, float, str]]], list[tuple[Any, ...]]]:
    """Every search's hits and every piece of the index, by 索引号 (item ids differ between runs)."""
    numbers = dict(Item.objects.values_list("pk", "index_number"))
    results = [
        [
            (numbers[h.item_id], h.score, h.snippet_html)
            for h in get_backend().search(dataclasses.replace(q, per_page=100)).hits
        ]
        for q in SEARCHES
    ]
    pieces = sorted(
        (numbers[c.item_id], c.id & ((1 << PIECE_BITS) - 1), c.kind, c.agency_path, c.category, c.year,
         c.published_on, c.document_number, c.text, c.tokens)
        for c in SearchChunk.objects.all()
    )  # fmt: skip
    return results, pieces


def _publish_one_by_one(world: Any, data: bytes) -> None:
    """The same rows typed in and published by hand, each change indexed on its own."""
    sheet = bulk_import.open_sheet("目录.csv", data)
    topics = import_service._topics()
    for number, record in sheet.records:
        row = bulk_import.parse_row(number, record, require_published_on=True)
        assert isinstance(row, Row)
        item = services.item_create(
            actor=None,
            agency=world.agency_a,
            data=import_service._input(row, topics[row.topic] if row.topic else None),
            source_id=row.source_id,
        )
        if row.index_number:
            item.index_number = row.index_number
            item.save(update_fields=["index_number"])
        services.item_submit(actor=None, item=item)
        services.item_approve(actor=None, item=item, checklist=dict.fromkeys(services.REVIEW_CHECKLIST, True))
        services.item_publish(actor=None, item=item, published_on=row.published_on)


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_imported_items_are_found_exactly_as_if_published_one_by_one(world: Any) -> None:
    from gongkai.bench.import_bench import generate_csv

    data = generate_csv(40)
    with transaction.atomic():
        _publish_one_by_one(world, data)
        by_hand = _search_state()
        transaction.set_rollback(True)
    assert Item.objects.count() == 0
    assert all(by_hand[0]), "every search finds something"
    job = _run(_job(world, data), batch=7)  # several batches, each indexed at its end
    assert (job.created_count, job.error_count) == (40, 0), job.errors
    assert _search_state() == by_hand
    # Re-importing the unchanged file changes nothing in the index either.
    again = _run(_job(world, data), batch=9)
    assert (again.updated_count, again.error_count) == (40, 0)
    assert _search_state() == by_hand


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_search_index_follows_failed_rows_dry_runs_and_updates(world: Any) -> None:
    def found(text: str) -> set[str]:
        hits = get_backend().search(Query(text=text, per_page=100)).hits
        return set(Item.objects.filter(pk__in=[h.item_id for h in hits]).values_list("source_id", flat=True))

    rows = good_rows()
    bad = ["", "CMS-3", "招生工作的补充通知", "2021-03-02", "2021-03-01", "", "11", "", "", "", "", "招生"]
    dry = _run(_job(world, csv_bytes([*rows, bad]), dry_run=True))
    assert (dry.created_count, dry.error_count) == (2, 1)
    assert SearchChunk.objects.count() == 0  # a dry run leaves nothing in the index
    job = _run(_job(world, csv_bytes([*rows, bad])))
    assert (job.created_count, job.error_count) == (2, 1)
    assert found("招生") == {"CMS-1"}  # the failed row, rolled back, is not indexed
    rows[0][2] = "明湖市教育局关于2021年学位申请工作的通知"
    rows[0][11] = "各区教育局：\n现将学位申请工作通知如下。"
    _run(_job(world, csv_bytes(rows)))
    assert found("招生") == set()
    assert found("学位申请") == {"CMS-1"}
    # A withdrawal inside a deferred block leaves the index when the block ends.
    item = Item.objects.get(source_id="CMS-1")
    with index.deferred():
        services.item_withdraw(actor=None, item=item, reason="已失效")
        assert found("学位申请") == {"CMS-1"}
    assert found("学位申请") == set()


@pytest.mark.django_db
@time_machine.travel(TODAY, tick=False)
def test_a_failed_deferred_block_changes_neither_items_nor_index(world: Any) -> None:
    _run(_job(world, csv_bytes(good_rows())))
    before = _search_state()
    item = Item.objects.get(source_id="CMS-1")

    def withdraw_then_fail() -> None:
        with index.deferred():
            services.item_withdraw(actor=None, item=item, reason="已失效")
            raise InvalidInput("中途出错")

    with pytest.raises(InvalidInput, match="中途出错"):
        withdraw_then_fail()
    assert Item.objects.get(source_id="CMS-1").status == Status.PUBLISHED
    assert _search_state() == before
