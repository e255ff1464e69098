"""`gongkai import-figures FILE [--dry-run]`: table 二 figures from other systems (行政许可, 行政处罚,
行政强制 decisions, 行政事业性收费 amounts …) for many agencies and years from one CSV file."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import DomainError
from gongkai.figures import services


class Command(BaseCommand):
    help = "导入年度报告表二的填报数据（CSV：机关代码、年度及各项目列）；任何一行有错误时不导入。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="只检查，不保存")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            with path.open("rb") as file:
                result = services.figures_import_csv(actor=None, file=file, dry_run=options["dry_run"])
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from exc
        except DomainError as exc:
            raise CommandError(f"{path}：{exc.message}") from exc
        for error in result.errors:
            column = f"“{error.column}”" if error.column else ""
            self.stderr.write(f"第{error.line}行{column}：{error.message}")
        summary = f"共{result.rows}行：新增{result.created}，更新{result.updated}，未变{result.unchanged}"
        if result.errors:
            raise CommandError(f"{len(result.errors)}处错误，未导入（{summary}）")
        if result.dry_run:
            self.stdout.write(f"检查通过（未保存）：{summary}")
        else:
            self.stdout.write(self.style.SUCCESS(f"已导入：{summary}"))
