"""信息处理费 under 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号, applied from 2021-01-01).

Rules (spec ogi-rules.md §5.2):
- 第三条: per application the organ charges either 按件 or 按量, both progressive on the excess (超额累进),
  never both for the same application;
- 第四条 按件计收: per applicant and calendar month, the 1st–10th application is free, the 11th–30th costs
  100 元, and from the 31st the rate rises by 100 元 for every band of 10 applications;
- 第五条 按量计收: per application, pages 1–30 are free, 31–100 cost 10 元/页, 101–200 20 元/页, 201+ 40 元/页;
- 收费通知: unpaid within 20 working days of the notice ⇒ 视为放弃申请 (annual report row （六）2).

No Django here: the amounts are a pure function of the count, so every band edge is tested directly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum


class FeeMode(StrEnum):
    PER_REQUEST = "per_request"  # 按件计收（第四条）
    PER_PAGE = "per_page"  # 按量计收（第五条）


# 第四条 按件计收
FEE_FREE_REQUESTS_PER_MONTH = 10  # 1–10 件（含10件）免费
FIRST_CHARGED_BAND_LAST_REQUEST = 30  # 11–30 件（含30件）
FIRST_CHARGED_BAND_RATE = 100  # 元/件
REQUEST_BAND_SIZE = 10  # 31 件以上“以10件为一档”
REQUEST_BAND_INCREMENT = 100  # “每增加一档，收费标准提高100元/件”

# 第五条 按量计收: (last page of the band or None for open-ended, 元/页), applied to the excess only
PAGE_BANDS: tuple[tuple[int | None, int], ...] = (
    (30, 0),  # 1–30 页（含30页）免费
    (100, 10),  # 31–100 页（含100页）
    (200, 20),  # 101–200 页（含200页）
    (None, 40),  # 201 页以上
)

PAYMENT_PERIOD_WORKING_DAYS = 20  # 收到收费通知次日起20个工作日内缴纳，逾期视为放弃申请（（六）2）


def _require_positive(value: object, what: str) -> int:
    # bool is an int subclass; True as "the 1st application" would be a silent caller bug.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what}应为正整数")
    if value < 1:
        raise ValueError(f"{what}应为正整数，不能为{value}")
    return value


def _request_band(nth_in_month: int) -> tuple[int, int]:
    """(first, last) application number of the band the nth application falls in."""
    if nth_in_month <= FEE_FREE_REQUESTS_PER_MONTH:
        return 1, FEE_FREE_REQUESTS_PER_MONTH
    if nth_in_month <= FIRST_CHARGED_BAND_LAST_REQUEST:
        return FEE_FREE_REQUESTS_PER_MONTH + 1, FIRST_CHARGED_BAND_LAST_REQUEST
    index = math.ceil((nth_in_month - FIRST_CHARGED_BAND_LAST_REQUEST) / REQUEST_BAND_SIZE)
    last = FIRST_CHARGED_BAND_LAST_REQUEST + index * REQUEST_BAND_SIZE
    return last - REQUEST_BAND_SIZE + 1, last


def per_request_rate(nth_in_month: int) -> int:
    """Yuan for the applicant's nth application in the calendar month (第四条).

    The text only says "以10件为一档，每增加一档，收费标准提高100元/件" for 31 and above; we follow the
    common reading 31–40 → 200, 41–50 → 300 … (spec §5.2, marked [U])."""
    n = _require_positive(nth_in_month, "本月申请序号")
    if n <= FEE_FREE_REQUESTS_PER_MONTH:
        return 0
    if n <= FIRST_CHARGED_BAND_LAST_REQUEST:
        return FIRST_CHARGED_BAND_RATE
    bands_above = math.ceil((n - FIRST_CHARGED_BAND_LAST_REQUEST) / REQUEST_BAND_SIZE)
    return FIRST_CHARGED_BAND_RATE + bands_above * REQUEST_BAND_INCREMENT


def _page_parts(pages: int) -> list[tuple[int, int, int]]:
    """(first page, last page, 元/页) of each charged band the pages reach."""
    parts: list[tuple[int, int, int]] = []
    first = 1
    for last, rate in PAGE_BANDS:
        end = pages if last is None else min(pages, last)
        if end >= first and rate:
            parts.append((first, end, rate))
        if last is None or pages <= last:
            break
        first = last + 1
    return parts


def per_page_fee(pages: int) -> int:
    """Yuan for one application of `pages` pages, progressive over the excess (第五条)."""
    p = _require_positive(pages, "页数")
    return sum((last - first + 1) * rate for first, last, rate in _page_parts(p))


@dataclass(frozen=True)
class FeeQuote:
    mode: FeeMode
    amount: int  # 元
    basis: str  # Chinese explanation for the 收费通知 and the audit trail
    breakdown: tuple[tuple[str, int], ...]  # (label, 元) per charged band; empty when free


def _quote_per_request(nth: int) -> FeeQuote:
    rate = per_request_rate(nth)
    first, last = _request_band(nth)
    if rate == 0:
        basis = f"按件计收：本月第{nth}件申请，在每月{FEE_FREE_REQUESTS_PER_MONTH}件免费额度以内，不收取信息处理费"
        return FeeQuote(mode=FeeMode.PER_REQUEST, amount=0, basis=basis, breakdown=())
    basis = f"按件计收：本月第{nth}件申请，适用{first}—{last}件档，每件{rate}元"
    return FeeQuote(
        mode=FeeMode.PER_REQUEST,
        amount=rate,
        basis=basis,
        breakdown=((f"第{nth}件（{first}—{last}件档）", rate),),
    )


def _quote_per_page(pages: int) -> FeeQuote:
    parts = _page_parts(pages)
    free = PAGE_BANDS[0][0]
    if not parts:
        basis = f"按量计收：共{pages}页，在{free}页免费额度以内，不收取信息处理费"
        return FeeQuote(mode=FeeMode.PER_PAGE, amount=0, basis=basis, breakdown=())
    breakdown = tuple(
        (f"第{first}—{last}页，{last - first + 1}页×{rate}元", (last - first + 1) * rate)
        for first, last, rate in parts
    )
    amount = sum(value for _, value in breakdown)
    terms = "＋".join(f"{last - first + 1}×{rate}" for first, last, rate in parts)
    basis = f"按量计收：共{pages}页，前{free}页免费，超出部分累进计费：{terms}＝{amount}元"
    return FeeQuote(mode=FeeMode.PER_PAGE, amount=amount, basis=basis, breakdown=breakdown)


def quote(*, mode: FeeMode, nth_in_month: int | None = None, pages: int | None = None) -> FeeQuote:
    """The fee for one application, by exactly one method (第三条: 按件 or 按量, never both)."""
    if nth_in_month is not None and pages is not None:
        raise ValueError("同一申请只能选择按件或按量一种方式计收，不能同时适用（办法第三条）")
    if mode == FeeMode.PER_REQUEST:
        if nth_in_month is None:
            raise ValueError("按件计收须提供申请人本月累计申请件数")
        return _quote_per_request(_require_positive(nth_in_month, "本月申请序号"))
    if mode == FeeMode.PER_PAGE:
        if pages is None:
            raise ValueError("按量计收须提供页数")
        return _quote_per_page(_require_positive(pages, "页数"))
    raise ValueError(f"未知的计收方式：{mode!r}")
