"""Table 二 figures that live outside the platform (审批, 执法, 财政 systems), as 明湖市's departments would
have entered them for each finished year, so the annual report's section 二 is complete in the demo.

Only agencies that decide such matters get figures: governments and departments, not 街道. One
department leaves the latest year blank to show what an unreported figure looks like (blank, not 0)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.utils import timezone

from gongkai.agencies.models import Agency, Kind
from gongkai.demo.city import Writer
from gongkai.figures import services

FIRST_YEAR = 2023
SEED = 20_230_101


def _values(rng: random.Random, agency: Agency) -> dict[str, object]:
    # Law-enforcement departments decide many penalties; licensing departments many permits.
    name = agency.name
    enforcing = any(
        w in name for w in ("公安", "市场监督", "交通", "生态环境", "应急", "城市管理", "卫生健康")
    )
    licensing = any(w in name for w in ("市场监督", "住房", "自然资源", "交通", "卫生健康", "教育", "民政"))
    licences = rng.randint(800, 6000) if licensing else rng.randint(0, 120)
    penalties = rng.randint(300, 4000) if enforcing else rng.randint(0, 30)
    return {
        "licensing_decisions": licences,
        "penalty_decisions": penalties,
        "enforcement_decisions": rng.randint(5, 200) if enforcing else 0,
        "admin_fees_amount": Decimal(rng.randint(0, 90_000)) / 100 if licensing else Decimal(0),
    }


def build_figures(*, stdout: Writer, today: date | None = None) -> int:
    today = today or timezone.localdate()
    rng = random.Random(SEED)  # noqa: S311  (fictional figures, not secrets)
    agencies = list(
        Agency.objects.filter(kind__in=(Kind.GOVERNMENT, Kind.DEPARTMENT), active=True).order_by("path")
    )
    saved = 0
    for year in range(FIRST_YEAR, today.year):
        for index, agency in enumerate(agencies):
            values = _values(rng, agency)
            if year == today.year - 1 and index == 1:
                continue  # one agency has not reported its latest figures yet
            services.figures_save(actor=None, agency=agency, year=year, values=values)
            saved += 1
    stdout.write(f"  表二填报数据 {saved} 条（{FIRST_YEAR}–{today.year - 1}年）")
    return saved
