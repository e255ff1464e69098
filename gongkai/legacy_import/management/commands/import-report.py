"""`gongkai import-report FILE [--agency CODE --year Y] [--scope agency|aggregate] [--save [--replace]]`
(interfaces.md §2): read a past annual report (text, HTML or DOCX) and print the JSON document with the
evidence of every figure and the source's inconsistencies. Stored in the history only with --save."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.models import Agency
from gongkai.annual_reports.history import history_save
from gongkai.core.errors import DomainError
from gongkai.legacy_import.importer import import_file
from gongkai.legacy_import.readers import UnreadableSource


class Command(BaseCommand):
    help = "导入历史年度报告（文本、HTML 或 DOCX），输出识别结果（JSON）；加 --save 保存为该机关该年度的历史数据。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", help="机关代码（保存时必填；不填时从报告标题识别机关名称）")
        parser.add_argument("--year", type=int, help="报告年度（不填时从报告识别）")
        parser.add_argument("--scope", choices=("agency", "aggregate"), help="统计范围（不填时从报告识别）")
        parser.add_argument("--save", action="store_true", help="保存为历史年度报告")
        parser.add_argument("--replace", action="store_true", help="已有该年度的历史报告时替换")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror}") from exc
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"没有找到机关代码为 {options['agency']} 的机关")
        try:
            _, document = import_file(
                data,
                path.name,
                agency=agency.name if agency else None,
                year=options["year"],
                scope=options["scope"],
            )
        except UnreadableSource as exc:
            raise CommandError(f"{path}：{exc}") from exc
        if agency is not None:
            document.agency_code = agency.code
        self.stdout.write(json.dumps(document.to_json(), ensure_ascii=False, indent=2))
        for issue in document.issues:
            self.stderr.write(f"[{issue.rule}] {issue.message}")
        if not options["save"]:
            return
        if agency is None:
            raise CommandError("保存时须用 --agency 指定机关代码")
        try:
            from gongkai.legacy_import.readers import read

            source = read(data, path.name)
            row = history_save(
                actor=None,
                agency=agency,
                document=document,
                source_name=path.name,
                source_text="\n".join(source.lines),
                replace=options["replace"],
            )
        except DomainError as exc:
            hint = "（加 --replace 替换）" if exc.code == "already_imported" else ""
            raise CommandError(exc.message + hint) from exc
        self.stderr.write(self.style.SUCCESS(f"已保存为{row}的历史年度报告（{len(document.figures)}项数据）"))
