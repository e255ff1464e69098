"""`gongkai annual-report --agency CODE --year Y [--scope agency|aggregate] [--format json|html|docx|pdf|xlsx]
[-o FILE]` (interfaces.md §2): the annual report of an agency and year.

The report on the platform when there is one (its newest revision: frozen once submitted, compiled live
while in draft); otherwise compiled from the records with prefilled narrative drafts, so the command
also answers "what would this year's report say today". Validation issues go to stderr."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.models import Agency
from gongkai.annual_reports import narrative, selectors
from gongkai.annual_reports.compile import compile_document, ledger
from gongkai.annual_reports.exporting import KINDS, export
from gongkai.annual_reports.formats import SCOPES, Scope
from gongkai.annual_reports.models import AnnualReport
from gongkai.annual_reports.validation import validate
from gongkai.core.errors import DomainError


class Command(BaseCommand):
    help = "生成年度报告（JSON、HTML、DOCX、PDF、XLSX）；有报告时输出其最新版本，否则由平台数据生成。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--agency", required=True, help="机关代码")
        parser.add_argument("--year", required=True, type=int, help="报告年度")
        parser.add_argument(
            "--scope", default="agency", choices=SCOPES, help="agency 本机关 / aggregate 汇总"
        )
        parser.add_argument("--format", default="json", choices=tuple(KINDS), help="输出格式")
        parser.add_argument("-o", "--output", type=Path, help="输出文件；省略时写到标准输出")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"没有找到机关代码为 {options['agency']} 的机关")
        year: int = options["year"]
        scope: str = options["scope"]
        try:
            report = (
                AnnualReport.objects.latest_revisions()
                .filter(agency=agency, year=year, scope=scope)
                .order_by("-revision")
                .first()
            )
            if report is not None:
                document = selectors.current_document(report)
                points = selectors.snapshot_trend(report) if report.frozen else None
            else:
                compiled_scope: Scope = "aggregate" if scope == "aggregate" else "agency"
                document = compile_document(agency=agency, year=year, scope=compiled_scope)
                document.sections = {
                    "overview": narrative.overview_draft(document),
                    "problems": "",
                    "other": narrative.other_draft(document),
                }
                document.issues = validate(
                    document,
                    previous=selectors.previous_document(agency, year, scope),
                    ledger=ledger(agency=agency, year=year, scope=compiled_scope),
                )
                points = None
            if points is None:
                points = selectors.trend(agency, year, scope, current=document)
            result = export(document, options["format"], trend=points)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for issue in document.issues:
            level = "错误" if issue.severity == "error" else "提示"
            self.stderr.write(f"[{issue.rule} {level}] {issue.message}")
        output: Path | None = options["output"]
        if output is not None:
            try:
                output.write_bytes(result.content)
            except OSError as exc:
                raise CommandError(f"无法写入 {output}：{exc.strerror}") from exc
            self.stderr.write(f"已写入 {output}（{len(result.content)} 字节）")
        elif options["format"] in ("json", "html"):
            self.stdout.write(result.content.decode())
        else:
            sys.stdout.buffer.write(result.content)
            sys.stdout.flush()
