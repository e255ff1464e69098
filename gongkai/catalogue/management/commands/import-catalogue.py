"""`gongkai import-catalogue FILE --agency CODE [--dry-run] [--draft] [--batch N]`.

For migrations too big for the browser: the same service as the back-office page, run by the system
(no personal account; the audit log records the command line channel)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.models import Agency
from gongkai.catalogue import import_service
from gongkai.catalogue.models import ImportJob
from gongkai.core.errors import DomainError


class Command(BaseCommand):
    help = "从CSV或XLSX文件批量导入主动公开信息（原系统迁移）。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="CSV或XLSX文件，第一行为列名（可下载后台的导入模板）")
        parser.add_argument("--agency", required=True, help="机关代码")
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--draft", action="store_true", help="导入为草稿，不直接发布")
        parser.add_argument("--batch", type=int, default=import_service.BATCH, help="每批处理的行数")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"没有代码为 {options['agency']} 的机关")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from exc
        try:
            job = import_service.import_create(
                actor=None,
                agency=agency,
                upload=SimpleUploadedFile(path.name, data),
                dry_run=options["dry_run"],
                publish=not options["draft"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if job.message:
            self.stderr.write(job.message)
        while job.state not in (ImportJob.State.DONE, ImportJob.State.FAILED):
            job = import_service.import_step(job=job, batch=max(1, options["batch"]))
            self.stderr.write(f"\r{job.processed}/{job.total}", ending="")
        self.stderr.write("")
        for error in job.errors:
            kind = "提示" if error.get("warning") else "错误"
            place = f"第{error['row']}行" + (f"「{error['field']}」" if error.get("field") else "")
            self.stdout.write(f"{kind} {place}：{error['message']}")
        if job.state == ImportJob.State.FAILED:
            raise CommandError(job.message or "导入失败")
        verb = "可" if job.dry_run else ""
        self.stdout.write(
            f"{'试导入' if job.dry_run else '导入'}完成（任务{job.pk}）：{verb}新增{job.created_count}条，"
            f"{verb}更新{job.updated_count}条，{job.error_count}行有错误"
        )
