"""Annual reports for the demo city: imported history for the years before the platform (2021–2022, so
trends span five years), and for every finished year since, the reports of the governments and the city's
departments compiled from the demo records, reviewed by the overseeing office and published — most
on time, a few late, one corrected, and for the latest year the states a disclosure office sees in
February: one awaiting review, one returned with comments, one never started. The current year has a
draft in progress."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, Kind
from gongkai.annual_reports import services
from gongkai.annual_reports.compile import compile_document
from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.exporting import export
from gongkai.annual_reports.formats import FORMATS, Scope
from gongkai.annual_reports.history import history_save
from gongkai.annual_reports.models import AnnualReport, ReportEvent
from gongkai.annual_reports.selectors import current_document
from gongkai.demo.city import ROOT_NAME, Writer
from gongkai.legacy_import.importer import import_file

SEED = 20_250_131
FIRST_YEAR = 2023  # the demo's records begin in 2023
HISTORY_YEARS = (2021, 2022)
WAITING = "明湖市卫生健康委员会"  # latest year: submitted, not yet reviewed
RETURNED = "明湖市东湖区住房和城乡建设局"  # latest year: returned with comments
MISSING = "明湖市统计局"  # latest year: not started
CORRECTED = "明湖市公安局"  # the year before: published, then corrected
DRAFTING = "明湖市教育局"  # the current year: a draft in progress

PROBLEMS = (
    "一是主动公开内容的规范性有待加强，部分栏目更新不够及时；二是政策解读形式较为单一，图解、视频等解读占比不高；"
    "三是依申请公开答复文书的说理还需进一步细化。\n\n"
    "下一步，将完善信息发布审核流程，定期检查栏目更新情况；丰富政策解读形式；"
    "加强业务培训，提升答复文书的规范化水平。上一年度报告所列问题已通过专项整改基本解决。"
)
GOVERNMENT_OTHER = (
    "\n\n本年度开展政务公开工作考核，考核结果纳入年度绩效考核；组织开展社会评议，"
    "未发生因政府信息公开工作被责任追究的情形。"
)


def _reporting_agencies() -> list[tuple[Agency, str]]:
    """Who publishes a report (第四十九条): every organ that discloses in its own name — the city and
    county governments with everything below them (本级及所属), every other organ for itself (本机关).
    Public enterprises report under their sector's rules (第五十五条), not here."""
    result: list[tuple[Agency, str]] = []
    for agency in Agency.objects.filter(active=True).exclude(kind=Kind.PUBLIC_ENTERPRISE).order_by("path"):
        if agency.kind == Kind.GOVERNMENT and agency.level in ("city", "county"):
            result.append((agency, "aggregate"))
        else:
            result.append((agency, "agency"))
    return result


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _backdate(report: AnnualReport, submitted: date, accepted: date | None, published: date | None) -> None:
    """Services stamp the real time; the demo moves each step to when it would have happened."""
    stamps: dict[str, Any] = {
        "submitted_at": _at(submitted, 10),
        "created_at": _at(submitted - timedelta(days=12), 9),
    }
    if accepted:
        stamps["accepted_at"] = _at(accepted, 15)
    if published:
        stamps["published_at"] = _at(published, 9)
    AnnualReport.objects.filter(pk=report.pk).update(**stamps)
    when = {"create": stamps["created_at"], "submit": stamps["submitted_at"]}
    if accepted:
        when["accept"] = stamps["accepted_at"]
    if published:
        when["publish"] = stamps["published_at"]
    for event in ReportEvent.objects.filter(report=report):
        if event.action in when:
            ReportEvent.objects.filter(pk=event.pk).update(at=when[event.action])


def _write(report: AnnualReport) -> None:
    other = report.other + (GOVERNMENT_OTHER if report.agency.kind == Kind.GOVERNMENT else "")
    services.report_edit(actor=None, report=report, overview=report.overview, problems=PROBLEMS, other=other)


def _submit(report: AnnualReport) -> AnnualReport:
    document = current_document(report, live=True)
    return services.report_submit(
        actor=None, report=report, acknowledge=[services.warning_key(i) for i in document.warnings]
    )


def _publish_cycle(report: AnnualReport, due: date, rng: random.Random, *, late: bool) -> AnnualReport:
    _write(report)
    report = _submit(report)
    report = services.report_accept(actor=None, report=report, comment="")
    report = services.report_publish(actor=None, report=report)
    offset = rng.randint(3, 25) if late else -rng.randint(1, 12)
    published = due + timedelta(days=offset)
    _backdate(report, published - timedelta(days=rng.randint(4, 8)), published - timedelta(days=2), published)
    return report


def _history_document(
    agency: Agency, year: int, scope: str, rng: random.Random, carried_out: list[int]
) -> dict[str, Any]:
    """A consistent 2021-format document as the agency published it before the platform existed."""
    fmt = FORMATS["2021"]
    assert fmt.requests is not None  # noqa: S101  (the 2021 format has table 三)
    outcome_keys = fmt.requests.outcome_keys
    weights = {
        "r1_open": 40,
        "r2_partial": 10,
        "r4_1": 18,
        "r4_2": 3,
        "r5_2": 3,
        "r5_1": 2,
        "r6_1": 3,
        "r6_3": 3,
        "r3_4": 2,
        "r3_6": 1,
    }
    scale = 12 if scope == "aggregate" else 1
    rows: dict[str, list[int]] = {key: [0] * 6 for key in ("new", "carried_in", *outcome_keys, "carried_out")}
    columns = (70, 18, 2, 2, 4, 4)
    carried_in = (
        [max(0, c - rng.randint(0, 1)) for c in carried_out[:6]]
        if year > HISTORY_YEARS[0]
        else [rng.randint(0, 2), 0, 0, 0, 0, 0]
    )
    for c, weight in enumerate(columns):
        new = rng.randint(weight * scale // 2, weight * scale)
        rows["new"][c] = new
        rows["carried_in"][c] = carried_in[c]
        out = carried_out[c]
        finished = new + carried_in[c] - out
        if finished < 0:
            rows["new"][c] -= finished
            finished = 0
        keys = list(weights)
        for _ in range(finished):
            rows[rng.choices(keys, weights=list(weights.values()))[0]][c] += 1
        rows["carried_out"][c] = out
    rows["r7_total"] = [sum(rows[key][c] for key in outcome_keys) for c in range(6)]
    table = {key: [*values, sum(values)] for key, values in rows.items()}
    table = {key: table[key] for key in fmt.requests.row_keys}
    appeals = {}
    for group in ("reconsideration", "litigation_direct", "litigation_after_reconsideration"):
        upheld, corrected, other = rng.randint(0, 3 * scale // 4 + 1), rng.randint(0, 1), rng.randint(0, 1)
        appeals[group] = {
            "upheld": upheld,
            "corrected": corrected,
            "other": other,
            "pending": 0,
            "total": upheld + corrected + other,
        }
    figures: dict[str, Any] = {
        "requests.new": table["new"][6],
        "requests.carried_in": table["carried_in"][6],
        "requests.carried_out": table["carried_out"][6],
        "outcomes.total": table["r7_total"][6],
        "outcomes.disclosed": table["r1_open"][6],
        "outcomes.partially_disclosed": table["r2_partial"][6],
        "proactive.total": rng.randint(300, 600) * scale,
        "reconsideration.total": appeals["reconsideration"]["total"],
        "litigation.total": appeals["litigation_direct"]["total"]
        + appeals["litigation_after_reconsideration"]["total"],
    }
    proactive = {
        "format": "2021",
        "rows": {
            "regulations": {
                "issued": rng.randint(0, 3),
                "repealed": rng.randint(0, 1),
                "in_force": rng.randint(20, 40),
            },
            "normative_documents": {
                "issued": rng.randint(10, 40) * scale // 4 + 1,
                "repealed": rng.randint(0, 8),
                "in_force": rng.randint(150, 300),
            },
            "licensing": {"decisions": rng.randint(2000, 9000) * scale},
            "penalties": {"decisions": rng.randint(500, 3000) * scale},
            "enforcement": {"decisions": rng.randint(10, 200) * scale},
            "admin_fees": {"amount_10k_yuan": Decimal(rng.randint(100, 90_000)) / 100},
        },
    }
    overview = (
        f"{year}年，{agency.name}政府信息公开工作总体平稳有序。全年主动公开政府信息{figures['proactive.total']}条，"
        f"新收政府信息公开申请{figures['requests.new']}件。"
    )
    return {
        "agency": {"code": agency.code, "name": agency.name},
        "year": year,
        "scope": scope,
        "format": "2021",
        "figures": figures,
        "tables": {
            "requests": {"columns": list(fmt.requests.column_keys), "rows": table},
            "appeals": appeals,
            "proactive": proactive,
        },
        "sections": {
            "overview": overview,
            "problems": "",
            "other": "无。",
        },
        "issues": [],
    }


def _history(rng: random.Random) -> int:
    """Imported history of the city for 2021–2022, continuing into the platform's first year: the 2022
    report's 结转下年度 is what the platform's records carry into 2023."""
    root = Agency.objects.get(name=ROOT_NAME)
    saved = 0
    scopes: tuple[Scope, ...] = ("aggregate", "agency")
    for scope in scopes:
        first = compile_document(agency=root, year=FIRST_YEAR, scope=scope)
        carried_into_first = first.tables["requests"]["rows"]["carried_in"]
        carried = [rng.randint(0, 2) for _ in range(6)]
        for year in HISTORY_YEARS:
            out = carried_into_first if year == HISTORY_YEARS[-1] else carried
            document = _history_document(root, year, scope, rng, list(out))
            _import_as_published(root, document)
            carried = document["tables"]["requests"]["rows"]["carried_out"]
            saved += 1
    return saved


def _import_as_published(agency: Agency, data: dict[str, Any]) -> None:
    """Save the history the way an office would: the report as its website published it (our own HTML
    layout), read back by the importer, so the history page shows each figure in its source."""
    document = ReportDocument.from_json(data)
    document.title = f"{agency.name}{document.year}年政府信息公开工作年度报告"
    page = export(document, "html").content
    name = f"{document.title}.html"
    source, imported = import_file(page, name, agency=agency.name, year=document.year, scope=document.scope)
    history_save(
        actor=None, agency=agency, document=imported, source_name=name, source_text="\n".join(source.lines)
    )


@transaction.atomic
def build_reports(*, stdout: Writer, today: date | None = None) -> int:
    today = today or timezone.localdate()
    rng = random.Random(SEED)  # noqa: S311  (fictional timing, not secrets)
    saved = _history(rng)
    agencies = _reporting_agencies()
    latest = today.year - 1
    for year in range(FIRST_YEAR, today.year):
        for agency, scope in agencies:
            due = date(year + 1, 3, 31) if agency.kind == Kind.GOVERNMENT else date(year + 1, 1, 31)
            if year == latest and agency.name == MISSING:
                continue
            report = services.report_create(actor=None, agency=agency, year=year, scope=scope)  # type: ignore[arg-type]
            saved += 1
            if year == latest and agency.name == WAITING:
                _write(report)
                report = _submit(report)
                _backdate(report, due + timedelta(days=20), None, None)
                continue
            if year == latest and agency.name == RETURNED:
                _write(report)
                report = _submit(report)
                services.report_return(
                    actor=None,
                    report=report,
                    comment="“存在的主要问题及改进情况”未说明上一年度问题的整改情况，请补充后重新报送。",
                )
                _backdate(report, due - timedelta(days=3), None, None)
                continue
            report = _publish_cycle(report, due, rng, late=rng.random() < 0.06)
            if year == latest - 1 and agency.name == CORRECTED:
                correction = services.report_correct(
                    actor=None,
                    report=report,
                    note="原报告“三、收到和处理政府信息公开申请情况”表中，一件申请的办理结果登记有误，现已更正，相应数据同步调整。",
                )
                _write(correction)
                correction = _submit(correction)
                correction = services.report_accept(actor=None, report=correction)
                correction = services.report_publish(actor=None, report=correction)
                _backdate(
                    correction, due + timedelta(days=40), due + timedelta(days=42), due + timedelta(days=43)
                )
                saved += 1
    drafting = Agency.objects.filter(name=DRAFTING).first()
    if drafting is not None:
        services.report_create(actor=None, agency=drafting, year=today.year, scope="agency")
        saved += 1
    stdout.write(f"已生成年度报告 {saved} 份（含导入的历史报告）。\n")
    return saved
