"""`gongkai bench [--scale small|city|province] [--search N] [-o FILE]`."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.bench.runner import SCALES, run


class Command(BaseCommand):
    help = "运行基准测试（在临时数据库中），输出 JSON 结果。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", choices=list(SCALES), default=None, help="默认 city")
        parser.add_argument(
            "--search",
            type=int,
            default=0,
            metavar="N",
            help="另测全文检索：生成 N 条信息（如 100000、1000000）；只给 --search 时不运行规模基准",
        )
        parser.add_argument("-o", "--output", type=Path, help="结果文件（默认输出到标准输出）")

    def handle(self, *args: Any, **options: Any) -> None:
        scale, search_n = options["scale"], options["search"]
        if search_n < 0:
            raise CommandError("--search 应为正整数")
        report: dict[str, Any] = run(scale or "city") if scale or not search_n else {}
        if search_n:
            from gongkai.bench import search_bench

            report["search"] = search_bench.run(search_n)
        text = json.dumps(report, ensure_ascii=False, indent=2)
        if options["output"]:
            options["output"].parent.mkdir(parents=True, exist_ok=True)
            options["output"].write_text(text + "\n", encoding="utf-8")
            rows = [*report.get("results", []), *report.get("search", {}).get("results", [])]
            for row in rows:
                self.stdout.write(
                    f"{row['median_ms']:>10.3f} ms  p95 {row['p95_ms']:>10.3f} ms  {row['name']}"
                )
            self.stdout.write(f"→ {options['output']}")
        else:
            self.stdout.write(text)
