"""The demo city's assessments: last year's, on the recommended scheme, with the office's on-site
inspection findings for two departments and a 社会评议 score for every agency, published; and this
year's scheme copied from it, still a draft. Called by `gongkai demo` after the records and reports."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from gongkai.agencies.models import Agency
from gongkai.assessments import selectors, services
from gongkai.assessments.models import Scheme

ROOT_NAME = (
    "明湖市人民政府"  # gongkai.demo.city.ROOT_NAME; not imported, so this app does not depend on the demo
)
SEED = 46  # 条例 第四十六条
THRESHOLD = Decimal(80)
INSPECTIONS: tuple[tuple[str, str, str], ...] = (
    ("明湖市公安局", "7", "现场检查发现依申请公开登记台账不完整，答复书未载明救济途径"),
    ("明湖市统计局", "8.5", "政府信息公开指南未及时更新办公地址"),
)
NOTICE_TEXT = (
    "各单位要对照考评指标，逐项查找政府信息公开工作中存在的问题，举一反三，切实加以整改。\n"
    "考评结果纳入年度绩效考核，政务公开工作占绩效考核总分的4%。"
)


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


@dataclass(frozen=True)
class DemoAssessments:
    published: Scheme | None
    draft: Scheme | None


def build_demo_assessment(*, stdout: Writer, today: date) -> DemoAssessments:
    root = Agency.objects.filter(name=ROOT_NAME, parent__isnull=True).first()
    if root is None:
        stdout.write(f"未找到{ROOT_NAME}，未建立考评演示数据。\n")
        return DemoAssessments(None, None)
    last_year = today.year - 1
    published = Scheme.objects.filter(root=root, year=last_year).first()
    if published is None:
        published = _published(root, last_year, today)
    draft = Scheme.objects.filter(root=root, year=today.year).first()
    if draft is None:
        draft = services.scheme_create(actor=None, root=root, year=today.year)
    result = selectors.outcome(published, today=today)
    stdout.write(
        f"已发布{published.display_title}结果（{len(result.rows)}个机关，"
        f"{len(result.below_threshold)}个低于整改分数线），并建立{today.year}年度考评方案草稿。\n"
    )
    return DemoAssessments(published, draft)


def _published(root: Agency, year: int, today: date) -> Scheme:
    scheme = services.scheme_create(actor=None, root=root, year=year, copy_previous=False)
    scheme = services.scheme_update(
        actor=None,
        scheme=scheme,
        title="",
        direct_only=True,
        threshold=THRESHOLD,
        issuer=scheme.issuer,
        notice_text=NOTICE_TEXT,
    )
    # The office calibrates 主动公开数量 to what its agencies publish: the demo's publish about a dozen a year.
    volume = scheme.indicators.get(name="主动公开数量")
    services.indicator_update(
        actor=None,
        indicator=volume,
        name=volume.name,
        kind=volume.kind,
        weight=volume.weight,
        params={**volume.params, "full_at": 12, "zero_at": 0},
        position=volume.position,
    )
    assessed = list(selectors.assessed_agencies(scheme))
    names = {agency.name: agency for agency in assessed}
    inspection = scheme.indicators.get(name="现场检查")
    services.manual_scores_save(
        actor=None,
        indicator=inspection,
        entries=[
            services.ManualEntry(agency_id=names[name].pk, score=Decimal(score), note=note)
            for name, score, note in INSPECTIONS
            if name in names
        ],
    )
    rng = random.Random(SEED)  # noqa: S311  (fictional survey results, not secrets)
    social = scheme.indicators.get(name="社会评议")
    services.manual_scores_save(
        actor=None,
        indicator=social,
        entries=[
            services.ManualEntry(agency_id=agency.pk, score=Decimal(rng.randint(70, 98)) / 10)
            for agency in assessed
        ],
    )
    return services.scheme_publish(actor=None, scheme=scheme, today=today)
