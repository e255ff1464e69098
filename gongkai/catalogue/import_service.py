"""Bulk import of an agency's old catalogue (CSV/XLSX) into items, in steps the progress page can drive.

`import_create` checks the file's header and counts its rows, stores it, and records who asked;
`import_step` then processes the next batch, each row in its own savepoint so one bad row never stops
the others. Rows go through the catalogue's own services (item_create, item_publish), so an imported
item is validated, indexed and audited like one typed in by hand; the search index is written once per
batch, at its end and in its transaction (search.index.deferred), with the same result.

Idempotent: a row whose 原系统编号 or 索引号 already belongs to an item of the agency updates that
item. The old CMS's 索引号 is kept as it is (it is printed on documents and cited by the public).

A dry run runs exactly the same code and rolls each row's savepoint back, so it finds every problem
the real import would meet (unknown 主题分类, 索引号 of another agency, dates in the future...) and
leaves nothing behind.

第十七条: items were reviewed and published in the old system, so a publishing import moves them
straight to published with the source 发布日期; a row whose text contains personal data is imported
as a draft instead and must pass the review like any other."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm
from gongkai.catalogue import bulk_import, indexing, services, timeliness
from gongkai.catalogue.bulk_import import LABELS, ImportFileError, Row, RowError
from gongkai.catalogue.models import ImportJob, Item, ItemEvent, Topic
from gongkai.catalogue.workflow import Status
from gongkai.core import audit, calendar
from gongkai.core.errors import DomainError, IllegalTransition, InvalidInput, NotAllowed

Actor = User | None
State = ImportJob.State

BATCH = 200
MAX_STORED_ERRORS = 2000  # error_count keeps counting; the page and CSV list the first ones


# --- creating a job -----------------------------------------------------------------------------------


def _require(actor: Actor, agency: Agency) -> None:
    if actor is not None and not permissions.has_perm(actor, Perm.HANDLE_REQUESTS, agency):
        raise NotAllowed(f"您没有向{agency.name}导入主动公开信息的权限")


def _count(filename: str, data: bytes, *, publish: bool) -> tuple[int, list[str]]:
    try:
        sheet = bulk_import.open_sheet(filename, data)
        total = sum(1 for _ in sheet.records)
    except ImportFileError as exc:
        raise InvalidInput(exc.message, fields={"file": exc.message}) from exc
    if total == 0:
        raise InvalidInput("文件中只有表头，没有数据行", fields={"file": "没有数据行"})
    if total > bulk_import.MAX_ROWS:
        message = f"文件有{total}行，超过{bulk_import.MAX_ROWS}行，请分成多个文件导入"
        raise InvalidInput(message, fields={"file": message})
    warnings = list(sheet.warnings)
    if publish and "published_on" not in sheet.columns.values():
        message = "直接发布需要“发布日期”列；如不发布，请取消“导入后直接发布”"
        raise InvalidInput(message, fields={"file": message})
    return total, warnings


def _mode(job: ImportJob) -> str:
    return ("试导入" if job.dry_run else "正式导入") + ("并发布" if job.publish else "为草稿")


@transaction.atomic
def import_create(
    *, actor: Actor, agency: Agency, upload: UploadedFile, dry_run: bool, publish: bool
) -> ImportJob:
    _require(actor, agency)
    name = (upload.name or "import.csv").rsplit("/", 1)[-1]
    if upload.size is not None and upload.size > bulk_import.MAX_FILE_BYTES:
        message = f"文件超过{bulk_import.MAX_FILE_BYTES // (1024 * 1024)}MB，请分成多个文件导入"
        raise InvalidInput(message, fields={"file": message})
    data = upload.read()
    total, warnings = _count(name, data, publish=publish)
    job = ImportJob(
        agency=agency,
        created_by=actor,
        filename=name[-255:],
        dry_run=dry_run,
        publish=publish,
        total=total,
        message="\n".join(warnings),
    )
    suffix = "." + name.rsplit(".", 1)[-1].lower()[:5] if "." in name else ""
    job.file.save(f"i{hashlib.sha256(data).hexdigest()[:16]}{suffix}", ContentFile(data), save=False)
    job.save()
    audit.record(
        actor=actor,
        action="catalogue.import",
        target=job,
        target_label=f"{agency.name}：{job.filename}",
        summary=f"{_mode(job)}，共{total}行",
    )
    return job


@transaction.atomic
def import_confirm(*, actor: Actor, job: ImportJob) -> ImportJob:
    """正式导入 of a file whose dry run came out clean: a new job over the same stored file."""
    job = ImportJob.objects.select_for_update().select_related("agency").get(pk=job.pk)
    _require(actor, job.agency)
    if not job.dry_run or job.state != State.DONE:
        raise IllegalTransition(job.state, "confirm", "只有已完成的试导入可以转为正式导入")
    if job.error_count:
        raise InvalidInput(f"试导入发现{job.error_count}行有错误，请修改文件后重新上传")
    real = ImportJob.objects.create(
        agency=job.agency,
        created_by=actor,
        filename=job.filename,
        file=job.file.name,
        dry_run=False,
        publish=job.publish,
        total=job.total,
        message=job.message,
    )
    audit.record(
        actor=actor,
        action="catalogue.import",
        target=real,
        target_label=f"{real.agency.name}：{real.filename}",
        summary=f"{_mode(real)}，共{real.total}行（试导入任务{job.pk}无错误）",
    )
    return real


# --- processing ----------------------------------------------------------------------------------------


class _RowFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors[0].message if errors else "")
        self.errors = errors


class _DryRun(Exception):
    """Raised at the end of a dry-run row to roll its savepoint back."""


@dataclass
class _Outcome:
    created: bool = False
    updated: bool = False
    warnings: list[RowError] = field(default_factory=list)


@dataclass
class _Context:
    job: ImportJob
    actor: Actor
    topics: dict[str, int]
    by_source: dict[str, Item]
    by_index: dict[str, Item]


def _topics() -> dict[str, int]:
    """Full paths (综合政务\\政务公开), and bare names where they are unambiguous (政务公开, 综合政务)."""
    topics = list(Topic.objects.select_related("parent"))
    found = {t.full_name: t.pk for t in topics}
    names: dict[str, list[int]] = {}
    for topic in topics:
        names.setdefault(topic.name, []).append(topic.pk)
    for topic in topics:
        if topic.parent_id is None or len(names[topic.name]) == 1:
            found.setdefault(topic.name, topic.pk)
    return found


def _existing(agency: Agency, rows: Iterable[Row]) -> tuple[dict[str, Item], dict[str, Item]]:
    rows = list(rows)
    sources = {r.source_id for r in rows if r.source_id}
    indexes = {r.index_number for r in rows if r.index_number}
    by_source = {
        i.source_id: i
        for i in Item.objects.filter(agency=agency, source_id__in=sources).select_related("agency")
    }
    # 索引号 is unique across the platform: look everywhere, to report another agency's number.
    by_index = {
        i.index_number: i for i in Item.objects.filter(index_number__in=indexes).select_related("agency")
    }
    return by_source, {k: v for k, v in by_index.items() if k}


def _field(name: str) -> str:
    return LABELS.get(name, {"file": "文件", "pii": "个人信息"}.get(name, ""))


def _domain_errors(row: int, exc: DomainError) -> list[RowError]:
    if not exc.fields:
        return [RowError(row, "", exc.message)]
    return [RowError(row, _field(k), v if _field(k) else exc.message) for k, v in exc.fields.items()]


def _input(row: Row, topic_id: int | None) -> services.ItemInput:
    return services.ItemInput(
        title=row.title,
        created_on=row.created_on,
        category=row.category,
        summary=row.summary,
        body=row.body,
        document_number=row.document_number,
        topic_id=topic_id,
        genre=row.genre,
        channels=row.channels,
        scope=row.scope,
        kind=row.kind,
        validity=row.validity,
        valid_from=row.valid_from,
        keywords=row.keywords,
    )


def _find(ctx: _Context, row: Row) -> Item | None:
    agency = ctx.job.agency
    by_source = ctx.by_source.get(row.source_id) if row.source_id else None
    by_index = ctx.by_index.get(row.index_number) if row.index_number else None
    errors: list[RowError] = []
    if by_index is not None and by_index.agency_id != agency.pk:
        errors.append(RowError(row.row, "索引号", f"索引号已被{by_index.agency.name}的信息使用"))
    elif by_source is not None and by_index is not None and by_source.pk != by_index.pk:
        errors.append(RowError(row.row, "索引号", "索引号和原系统编号分别对应两条不同的已有信息"))
    item = by_source or by_index
    if item is not None and not errors:
        if row.index_number and item.index_number and item.index_number != row.index_number:
            errors.append(RowError(row.row, "索引号", f"该信息已有索引号{item.index_number}，索引号不能更改"))
        if row.source_id and item.source_id and item.source_id != row.source_id:
            errors.append(
                RowError(row.row, "原系统编号", f"该索引号的信息原系统编号为{item.source_id}，与文件不一致")
            )
        if item.status in (Status.SUBMITTED, Status.APPROVED, Status.WITHDRAWN):
            errors.append(
                RowError(
                    row.row, "", f"已有信息“{item.title}”处于“{Status(item.status).label}”状态，导入不能修改"
                )
            )
    if errors:
        raise _RowFailed(errors)
    return item


def _publish(ctx: _Context, item: Item, row: Row, *, new: bool) -> list[RowError]:
    """Straight to published, unless the text holds personal data the review must see first.

    `item` is the current, locked copy (created or locked in this row's savepoint). The approval by
    the old system and the publication are written as one UPDATE (item_publish saves the whole row),
    with the same events and audit entry as two separate steps."""
    hits = services.unresolved_pii(item, attachments=() if new else None)  # a new item has none
    if hits:
        kinds = "、".join(dict.fromkeys(h.label for h in hits))
        return [RowError(row.row, "", f"含有个人信息（{kinds}），已导入为草稿，须经保密审查后发布")]
    before = item.status
    item.status = Status.APPROVED
    item.reviewed_at = timezone.now()
    item.review_checklist = {"import": f"原系统已公开，随批量导入任务{ctx.job.pk}发布"}
    ItemEvent.objects.create(
        item=item,
        action="import",
        from_status=before,
        to_status=item.status,
        actor=ctx.actor,
        note=f"批量导入任务{ctx.job.pk}：原系统已公开",
    )
    services.item_publish(actor=ctx.actor, item=item, published_on=row.published_on, locked=True)
    return []


def _create(ctx: _Context, row: Row, topic_id: int | None) -> _Outcome:
    item = services.item_create(
        actor=ctx.actor, agency=ctx.job.agency, data=_input(row, topic_id), source_id=row.source_id
    )
    extra: list[str] = []
    if row.index_number:  # the old CMS's number, kept; item_publish assigns one only when none is set
        item.index_number = row.index_number
        extra.append("index_number")
    if row.validity_changed_on is not None:
        item.validity_changed_on = row.validity_changed_on
        extra.append("validity_changed_on")
    warnings = _publish(ctx, item, row, new=True) if ctx.job.publish else []
    if extra and item.status != Status.PUBLISHED:  # publishing saved them with the rest
        item.save(update_fields=extra)
    return _Outcome(created=True, warnings=warnings)


def _update(ctx: _Context, item: Item, row: Row, topic_id: int | None) -> _Outcome:
    item = Item.objects.select_for_update(of=("self",)).select_related("agency").get(pk=item.pk)
    fields = services.clean_input(_input(row, topic_id), item.agency)  # the same checks item_update makes
    if row.validity_changed_on is not None:  # an empty cell keeps a date recorded on the platform
        fields["validity_changed_on"] = row.validity_changed_on
    if row.source_id and not item.source_id:
        fields["source_id"] = row.source_id
    if row.index_number and not item.index_number:
        fields["index_number"] = row.index_number
    if item.status == Status.PUBLISHED and row.published_on and row.published_on != item.published_on:
        fields["published_on"] = row.published_on
    before = {k: getattr(item, k) for k in fields}
    changes = audit.diff(before, fields)
    if changes:
        for k, v in fields.items():
            setattr(item, k, v)
        item.updated_at = timezone.now()
        if "published_on" in changes and item.published_on is not None:
            result = timeliness.assess(
                calendar.get_calendar(), created_on=item.created_on, published_on=item.published_on
            )
            item.publish_workdays, item.publish_late = result.workdays, result.late
            item.timeliness_problem = result.problem
        if item.status == Status.PUBLISHED and services.unresolved_pii(item):
            raise _RowFailed(
                [RowError(row.row, "", "更新后的内容含有个人信息，已发布的信息不能由导入直接修改")]
            )
        item.save()
        if item.status == Status.PUBLISHED:
            indexing.item_changed(item)
        ItemEvent.objects.create(
            item=item,
            action="import",
            from_status=item.status,
            to_status=item.status,
            actor=ctx.actor,
            note=f"批量导入任务{ctx.job.pk}更新",
        )
        audit.record(
            actor=ctx.actor,
            action="catalogue.import_update",
            target=item,
            changes=changes,
            to_state=item.status,
        )
    warnings: list[RowError] = []
    if ctx.job.publish and item.status == Status.DRAFT:
        warnings = _publish(ctx, item, row, new=False)
    return _Outcome(updated=True, warnings=warnings)


def _apply(ctx: _Context, row: Row) -> _Outcome:
    topic_id = None
    if row.topic:
        topic_id = ctx.topics.get(row.topic)
        if topic_id is None:
            raise _RowFailed([RowError(row.row, "主题分类", f"主题分类“{row.topic}”不存在")])
    item = _find(ctx, row)
    return _create(ctx, row, topic_id) if item is None else _update(ctx, item, row, topic_id)


def _run_row(ctx: _Context, row: Row) -> tuple[_Outcome | None, list[RowError]]:
    """One row in its own savepoint: its errors, or what it did (also for a dry run, rolled back)."""
    outcome: _Outcome | None = None
    try:
        with transaction.atomic():
            outcome = _apply(ctx, row)
            if ctx.job.dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except _RowFailed as exc:
        return None, exc.errors
    except DomainError as exc:
        return None, _domain_errors(row.row, exc)
    except (DatabaseError, ValueError) as exc:  # e.g. a concurrent clerk took the same 索引号
        return None, [RowError(row.row, "", f"无法保存：{exc}")]
    return outcome, []


def _keys(record: dict[str, object]) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    for key in ("source_id", "index_number"):
        value = bulk_import.cell_text(record.get(key))
        if value:
            keys.append((key, value))
    return keys


def _note(job: ImportJob, errors: list[RowError], *, warning: bool = False) -> None:
    for error in errors:
        if len(job.errors) >= MAX_STORED_ERRORS:
            return
        entry: dict[str, Any] = error.as_dict()
        if warning:
            entry["warning"] = True
        job.errors.append(entry)


def _finish(job: ImportJob, actor: Actor, state: str, message: str = "") -> None:
    job.state = state
    job.finished_at = timezone.now()
    if message:
        job.message = "\n".join(m for m in (job.message, message) if m)
    if state == State.DONE:
        verb = "可" if job.dry_run else ""
        summary = (
            f"{_mode(job)}完成：{verb}新增{job.created_count}条，{verb}更新{job.updated_count}条，"
            f"{job.error_count}行有错误"
        )
    else:
        summary = f"{_mode(job)}失败：{message}"
    audit.record(
        actor=actor,
        action="catalogue.import_done" if state == State.DONE else "catalogue.import_failed",
        target=job,
        target_label=f"{job.agency.name}：{job.filename}",
        summary=summary,
        from_state=State.RUNNING,
        to_state=state,
    )


def import_step(*, job: ImportJob, batch: int = BATCH) -> ImportJob:
    """Process the next `batch` rows; returns the job with its counters. Safe to call concurrently:
    the job row is locked, so two pollers never process the same rows."""
    with transaction.atomic():
        job = (
            ImportJob.objects.select_for_update(of=("self",))
            .select_related("agency", "created_by")
            .get(pk=job.pk)
        )
        if job.state in (State.DONE, State.FAILED):
            return job
        actor = job.created_by
        # The creator's right is checked again at every step: a clerk moved to another office stops here.
        if actor is not None and not permissions.has_perm(actor, Perm.HANDLE_REQUESTS, job.agency):
            _finish(job, actor, State.FAILED, "导入人已无权向该机关导入信息，导入已停止")
            job.save()
            return job
        try:
            with job.file.open("rb") as handle:
                data = handle.read()
            sheet = bulk_import.open_sheet(job.filename, data)
        except (ImportFileError, OSError) as exc:
            _finish(job, actor, State.FAILED, getattr(exc, "message", "") or "导入文件无法读取")
            job.save()
            return job
        job.state = State.RUNNING
        # The batch's items are indexed for search together at its end, in this transaction: one bulk
        # write instead of a read-back and a write per row.
        with indexing.deferred():
            _process(job, actor, sheet, batch)
        if job.processed >= job.total:
            job.processed = job.total
            _finish(job, actor, State.DONE)
        job.save()
    return job


@dataclass
class _Pending:
    number: int
    record: dict[str, object]
    duplicate_of: int | None
    parsed: Row | list[RowError] | None = None


def _fail_row(job: ImportJob, errors: list[RowError]) -> None:
    job.error_count += 1
    _note(job, errors)


def _pending(job: ImportJob, sheet: bulk_import.Sheet, batch: int) -> list[_Pending]:
    """The batch's rows, each marked when an earlier row of the file carries the same key."""
    seen: dict[tuple[str, str], int] = {}  # key -> first row carrying it, across the whole file
    pending: list[_Pending] = []
    start, stop = job.processed, job.processed + batch
    for ordinal, (number, record) in enumerate(sheet.records):
        if ordinal >= stop:
            break
        keys = _keys(record)
        duplicate = next((seen[k] for k in keys if k in seen), None)
        for k in keys:
            seen.setdefault(k, number)
        if ordinal >= start:
            pending.append(_Pending(number, record, duplicate))
    else:
        job.processed = job.total  # the file has no more rows than these
    return pending


def _process(job: ImportJob, actor: Actor, sheet: bulk_import.Sheet, batch: int) -> None:
    start = job.processed
    pending = _pending(job, sheet, batch)
    for p in pending:
        if p.duplicate_of is None:
            p.parsed = bulk_import.parse_row(p.number, p.record, require_published_on=job.publish)
    rows = [p.parsed for p in pending if isinstance(p.parsed, Row)]
    by_source, by_index = _existing(job.agency, rows)
    ctx = _Context(job=job, actor=actor, topics=_topics(), by_source=by_source, by_index=by_index)
    for p in pending:
        if p.duplicate_of is not None:
            message = f"与第{p.duplicate_of}行重复（原系统编号或索引号相同），本行未导入"
            _fail_row(job, [RowError(p.number, "", message)])
        elif isinstance(p.parsed, Row):
            outcome, errors = _run_row(ctx, p.parsed)
            if outcome is None:
                _fail_row(job, errors)
            else:
                job.created_count += outcome.created
                job.updated_count += outcome.updated
                _note(job, outcome.warnings, warning=True)
        else:
            _fail_row(job, p.parsed or [])
    job.processed = max(job.processed, start + len(pending))
