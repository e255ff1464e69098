"""Bulk import throughput for `make bench`: items per second of a full CSV import (validate, create,
publish with the source 索引号 and 发布日期, index for search, audit), then of re-importing the same
file (every row found by 原系统编号 and updated), and of a dry run.

Runs inside one transaction that is rolled back, so it can share the benchmark's scratch database
with the other measurements; it needs a migrated database (the 主题分类 tree and holiday schedules)."""

from __future__ import annotations

import csv
import io
import random
import time
from datetime import date, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

SUBJECTS = ["义务教育招生", "城乡居民医保", "最低生活保障", "老旧小区改造", "农村公路养护", "食品安全抽检",
            "就业创业补贴", "高标准农田建设", "生活垃圾分类", "安全生产检查"]  # fmt: skip
KINDS = ["通知", "公告", "意见", "办法", "通报", "报告"]


def generate_csv(n: int, *, seed: int = 20260320) -> bytes:
    """n rows as an old CMS would export them: Chinese headers, 原系统编号 and 索引号 on most rows."""
    rng = random.Random(seed)  # noqa: S311  (synthetic data, not cryptography)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["索引号", "原系统编号", "名称", "内容概述", "生成日期", "发布日期", "文号", "公开类别",
                     "主题分类", "体裁", "公开渠道", "正文"])  # fmt: skip
    start = date(2021, 1, 4)
    for i in range(n):
        subject = rng.choice(SUBJECTS)
        kind = rng.choice(KINDS)
        created = start + timedelta(days=rng.randrange(0, 1500))
        published = created + timedelta(days=rng.randrange(0, 12))
        paragraphs = "\n".join(
            f"{subject}工作第{p + 1}项：各单位要按照要求认真落实{subject}相关政策，做好政策解读和宣传工作。"
            for p in range(rng.randrange(3, 12))
        )
        writer.writerow([
            f"BENCH01/{published.year}-{i + 1:05d}" if i % 4 else "",
            f"CMS-{i}",
            f"关于做好{created.year}年{subject}工作的{kind}",
            f"明确{subject}的工作目标、责任分工和时间安排。",
            created.isoformat(),
            published.strftime("%Y/%m/%d"),
            f"明教〔{created.year}〕{i % 300 + 1}号",
            str(rng.choice([1, 3, 5, 7, 11, 12, 13, 15])),
            "综合政务\\政务公开",
            kind,
            "政府网站、政务微信",
            paragraphs,
        ])  # fmt: skip
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _timed(label: str, n: int, fn: Any) -> dict[str, Any]:
    started = time.perf_counter()
    job = fn()
    seconds = time.perf_counter() - started
    return {
        "name": label,
        "rows": n,
        "seconds": round(seconds, 3),
        "items_per_s": round(n / seconds, 1) if seconds else 0.0,
        "created": job.created_count,
        "updated": job.updated_count,
        "errors": job.error_count,
    }


def run(n: int = 2000) -> dict[str, Any]:
    from gongkai.agencies import services as agency_services
    from gongkai.agencies.codes import fictional_uscc
    from gongkai.catalogue import import_service
    from gongkai.catalogue.models import ImportJob

    data = generate_csv(n)
    results: list[dict[str, Any]] = []
    stored: list[str] = []

    def full(*, dry_run: bool) -> ImportJob:
        job = import_service.import_create(
            actor=None,
            agency=agency,
            upload=SimpleUploadedFile("bench.csv", data),
            dry_run=dry_run,
            publish=True,
        )
        stored.append(job.file.name)
        while job.state not in (ImportJob.State.DONE, ImportJob.State.FAILED):
            job = import_service.import_step(job=job)
        return job

    with transaction.atomic():
        agency = agency_services.agency_create(
            actor=None, name="基准导入测试局", kind="department", level="city", code=fictional_uscc(9_990_001)
        )
        results.append(_timed("bulk import: dry run", n, lambda: full(dry_run=True)))
        results.append(_timed("bulk import: create and publish", n, lambda: full(dry_run=False)))
        results.append(
            _timed("bulk import: re-import (update by 原系统编号)", n, lambda: full(dry_run=False))
        )
        transaction.set_rollback(True)
    from gongkai.catalogue.models import public_storage

    storage = public_storage()
    for name in set(stored):
        storage.delete(name)
    return {"database": connection.vendor, "rows": n, "results": results}


if __name__ == "__main__":  # pragma: no cover - `python -m gongkai.bench.import_bench [N]` on a scratch db
    import json
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 2000), ensure_ascii=False, indent=2))
    finally:
        teardown_databases(old, verbosity=0)
