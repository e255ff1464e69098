"""Compile the annual report's figures from the records: table 二 from the catalogue and the staff-entered
figures, table 三 from the requests, table 四 from the appeals, plus the flat figures the charts and
section 六 need (channels, complaints, 信息处理费). One agency (`scope="agency"`, 本机关) or an agency with
its whole subtree (`scope="aggregate"`, e.g. 全市).

Every read here is one grouped query over the subtree, so compiling a province's consolidated report
costs a fixed number of queries whatever the number of agencies. The `Ledger` is taken with separate,
deliberately naive counts, so the validator can catch a disagreement between the table and the records
(V5, V10) instead of trusting the same query twice."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from gongkai.agencies.models import Agency
from gongkai.annual_reports.document import Number, ReportDocument
from gongkai.annual_reports.formats import ReportFormat, Scope, format_for_year, report_title
from gongkai.annual_reports.validation import Ledger
from gongkai.appeals.selectors import complaints_count, table_four
from gongkai.catalogue.categories import PublishChannel
from gongkai.catalogue.models import Item
from gongkai.core.errors import InvalidInput
from gongkai.disclosure_requests.models import Channel, DisclosureRequest
from gongkai.disclosure_requests.statistics import TableThree, fees_collected, table_three
from gongkai.figures.selectors import table_two

# Channels the statistics vocabulary names (proactive.channel.*); every other channel counts as other.
_PROACTIVE_CHANNELS: tuple[str, ...] = (
    PublishChannel.WEBSITE,
    PublishChannel.GAZETTE,
    PublishChannel.WEIBO,
    PublishChannel.WECHAT,
    PublishChannel.APP,
)


def scope_agencies(agency: Agency, scope: Scope) -> QuerySet[Agency]:
    if scope == "aggregate":
        return Agency.objects.filter(path__startswith=agency.path)
    if scope == "agency":
        return Agency.objects.filter(pk=agency.pk)
    raise InvalidInput(f"未知的统计范围“{scope}”，应为 agency（本机关）或 aggregate（汇总）")


def compilable(year: int) -> ReportFormat:
    """The format a year's report is compiled in; years before the revised 条例 (2019) can only be imported."""
    fmt = format_for_year(year)
    if fmt.requests is None:
        raise InvalidInput(f"{year}年的年度报告采用2019年以前的统计表，只能导入历史报告，不能由平台数据生成")
    return fmt


def compile_document(*, agency: Agency, year: int, scope: Scope) -> ReportDocument:
    fmt = compilable(year)
    agencies = scope_agencies(agency, scope)
    document = ReportDocument(
        agency_code=agency.code,
        agency_name=agency.name,
        year=year,
        scope=scope,
        format=fmt.id,
        title=report_title(agency.name, year, scope),
    )
    proactive = table_two(agency, year, layout=fmt.proactive_layout or "2021", scope=scope)
    document.tables["proactive"] = proactive.as_table()
    document.figures.update(proactive.as_vocabulary())

    three = table_three(agencies=agencies, year=year)
    document.tables["requests"] = requests_table(three, fmt)
    document.figures.update(three.figures())

    four = table_four(agencies=agencies, year=year)
    document.tables["appeals"] = {group: dict(cells) for group, cells in four.cells.items()}
    document.figures.update(four.figures())

    document.figures.update(_request_channels(agencies, year))
    document.figures.update(_proactive_counts(agencies, year))
    document.figures["complaints.total"] = complaints_count(agencies=agencies, year=year)
    document.figures["fees.yuan"] = fees_collected(agencies, year)
    return document


def requests_table(three: TableThree, fmt: ReportFormat) -> dict[str, Any]:
    """`tables.requests` in the format's rows: the 2019 trial format prints （六） as one row, the sum of
    the three reasons the platform records (never split when converting the other way)."""
    if fmt.requests is None:
        raise ValueError(f"format {fmt.id} has no table 三")
    rows: dict[str, list[int]] = {}
    for key in fmt.requests.row_keys:
        if key == "r6":
            parts = [three.cells[f"r6_{n}"] for n in (1, 2, 3)]
            rows[key] = [sum(values) for values in zip(*parts, strict=True)]
        else:
            rows[key] = list(three.cells[key])
    return {"columns": list(fmt.requests.column_keys), "rows": rows}


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _request_channels(agencies: QuerySet[Agency], year: int) -> dict[str, Number]:
    first, last = _year_bounds(year)
    counts = dict(
        DisclosureRequest.objects.filter(agency__in=agencies, received_on__gte=first, received_on__lte=last)
        .order_by()
        .values_list("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    return {f"requests.channel.{channel}": int(counts.get(channel, 0)) for channel in Channel.values}


def _proactive_counts(agencies: QuerySet[Agency], year: int) -> dict[str, Number]:
    """Items made public in the year (later withdrawals included: they were public that year), in total
    and by channel; an item published through several channels counts once in the total."""
    first, last = _year_bounds(year)
    named = Q()
    aggregates: dict[str, Any] = {"total": Count("pk")}
    for channel in _PROACTIVE_CHANNELS:
        with_channel = Q(channels__contains=f",{channel},")
        aggregates[channel] = Count("pk", filter=with_channel)
        named |= with_channel
    aggregates["other"] = Count("pk", filter=~named)
    counts = (
        Item.objects.public()
        .filter(agency__in=agencies, published_on__gte=first, published_on__lte=last)
        .aggregate(**aggregates)
    )
    figures: dict[str, Number] = {"proactive.total": counts["total"]}
    for channel in (*_PROACTIVE_CHANNELS, "other"):
        figures[f"proactive.channel.{channel}"] = counts[channel]
    return figures


def ledger(*, agency: Agency, year: int, scope: Scope) -> Ledger:
    """Independent counts for V5, V9 and V10, each a plain count over the records."""
    first, last = _year_bounds(year)
    requests = DisclosureRequest.objects.filter(agency__in=scope_agencies(agency, scope))
    return Ledger(
        received_in_year=requests.filter(received_on__range=(first, last)).count(),
        finalized_in_year=requests.filter(finalized_on__range=(first, last), received_on__lte=last)
        .exclude(outcome="")
        .count(),
        open_at_year_end=requests.filter(received_on__lte=last)
        .filter(Q(finalized_on__isnull=True) | Q(finalized_on__gt=last))
        .count(),
        fees_collected_yuan=fees_collected(scope_agencies(agency, scope), year),
    )
