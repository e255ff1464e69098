"""Table 二, 第二十条第（一）项: 规章 and 行政规范性文件 counted from the catalogue for one agency or a
subtree and one calendar year (ogi-rules.md §1.3 for the 2021 columns, §2.2 for the 2019 trial ones).

What each column counts (E = 31 December of the year; "public" = published, or withdrawn after
publication):

2021 format
- 本年制发件数 (issued): public items whose 生成日期 (created_on) falls in the year. 制发 is "made and
  issued", so drafts and items still in review are not counted; an item made in December and
  published in January counts for the year it was made, as its 文号 and 成文日期 do.
- 本年废止件数 (repealed): items whose validity became 废止 (repealed) **or** 失效 (expired) with the
  change date (validity_changed_on) in the year. Both are counted because both take a document out of
  force (废止 by a decision, 失效 by its own term or a 清理 declaring it so) and the format has one
  column for documents leaving force; counting only 废止 would make 现行有效件数 fall without a
  matching 废止 figure, breaking the plausibility check
  现行有效(Y) ≈ 现行有效(Y−1) + 制发(Y) − 废止(Y) (§1.3).
- 现行有效件数 (in_force): items made and published on or before E, not withdrawn by E, and not
  repealed or expired by E (a later repeal does not reach back: a document repealed in March of the
  next year was in force on E).

2019 trial format
- 本年新制作数量 (new): items whose 生成日期 falls in the year, in any state — 制作 is making the
  document; whether its catalogue entry has been published yet is what the next column counts.
- 本年新公开数量 (published): public items whose 发布日期 falls in the year.
- 对外公开总数量 (public_total): public items published on or before E and not withdrawn by E.

Everything is one aggregate query (conditional counts), whatever the number of agencies."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Literal

from django.db.models import Count, Q

from gongkai.agencies.models import Agency
from gongkai.catalogue.categories import DocKind, Validity
from gongkai.catalogue.models import Item
from gongkai.catalogue.workflow import Status

Scope = Literal["agency", "aggregate"]

KINDS: tuple[str, ...] = (DocKind.REGULATION, DocKind.NORMATIVE_DOCUMENT)
PUBLIC: tuple[str, ...] = (Status.PUBLISHED, Status.WITHDRAWN)
ENDED: tuple[str, ...] = (Validity.REPEALED, Validity.EXPIRED)


@dataclass(frozen=True)
class KindCounts:
    issued: int  # 2021 本年制发件数
    repealed: int  # 2021 本年废止件数
    in_force: int  # 2021 现行有效件数
    new: int  # 2019 本年新制作数量
    published: int  # 2019 本年新公开数量
    public_total: int  # 2019 对外公开总数量


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(KindCounts))


def conditions(year: int) -> dict[str, Q]:
    """The filter behind each column, for items of one kind."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    public = Q(status__in=PUBLIC)
    published_by_end = public & Q(published_on__lte=end)
    not_withdrawn_by_end = Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=end)
    # Written positively so that a repealed item with an unknown date counts as out of force rather
    # than slipping through a negated comparison with NULL.
    in_force_at_end = ~Q(validity__in=ENDED) | Q(validity__in=ENDED, validity_changed_on__gt=end)
    return {
        "issued": public & Q(created_on__range=(start, end)),
        "repealed": public & Q(validity__in=ENDED, validity_changed_on__range=(start, end)),
        "in_force": published_by_end & Q(created_on__lte=end) & not_withdrawn_by_end & in_force_at_end,
        "new": Q(created_on__range=(start, end)),
        "published": public & Q(published_on__range=(start, end)),
        "public_total": published_by_end & not_withdrawn_by_end,
    }


def catalogue_counts(agency: Agency, year: int, *, scope: Scope = "agency") -> dict[str, KindCounts]:
    """Counts per DocKind value (`regulation`, `normative_document`) for `agency` alone or, with
    scope="aggregate", for the agency and every agency below it."""
    items = Item.objects.in_subtree(agency) if scope == "aggregate" else Item.objects.for_agency(agency)
    by_column = conditions(year)
    aggregates = {
        f"{kind}__{column}": Count("pk", filter=Q(kind=kind) & condition)
        for kind in KINDS
        for column, condition in by_column.items()
    }
    totals = items.filter(kind__in=KINDS).aggregate(**aggregates)
    return {
        kind: KindCounts(**{column: int(totals[f"{kind}__{column}"] or 0) for column in COLUMNS})
        for kind in KINDS
    }
