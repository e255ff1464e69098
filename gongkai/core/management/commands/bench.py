"""`gongkai bench [--scale small|city|province] [-o FILE]`."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from gongkai.bench.runner import SCALES, run


class Command(BaseCommand):
    help = "运行基准测试（在临时数据库中），输出 JSON 结果。"

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--scale", choices=list(SCALES), default="city")
        parser.add_argument("-o", "--output", type=Path, help="结果文件（默认输出到标准输出）")

    def handle(self, *args: Any, **options: Any) -> None:
        report = run(options["scale"])
        text = json.dumps(report, ensure_ascii=False, indent=2)
        if options["output"]:
            options["output"].parent.mkdir(parents=True, exist_ok=True)
            options["output"].write_text(text + "\n", encoding="utf-8")
            for row in report["results"]:
                self.stdout.write(f"{row['median_ms']:>10.3f} ms  {row['name']}")
            self.stdout.write(f"→ {options['output']}")
        else:
            self.stdout.write(text)
