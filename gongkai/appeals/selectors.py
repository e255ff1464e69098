"""Reads: annual-report table 四 (政府信息公开行政复议、行政诉讼情况, ogi-rules.md §1.5), the complaints
figure, and the back-office lists of the cases a person may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db.models import Count, Q, QuerySet

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.appeals.models import Appeal, AppealKind, AppealResult, Complaint

UserLike = User | AbstractBaseUser | AnonymousUser

# Key names of `tables.appeals` in statistics-vocabulary.md §3, in the table's left-to-right order.
GROUPS: tuple[str, ...] = (
    AppealKind.RECONSIDERATION,
    AppealKind.LITIGATION_DIRECT,
    AppealKind.LITIGATION_AFTER_RECONSIDERATION,
)
DECIDED_COLUMNS: tuple[str, ...] = (AppealResult.UPHELD, AppealResult.CORRECTED, AppealResult.OTHER)
COLUMNS: tuple[str, ...] = (*DECIDED_COLUMNS, AppealResult.PENDING, "total")

# The flat `figures` prefixes of statistics-vocabulary.md §2 for each group.
FIGURE_PREFIX: dict[str, str] = {
    AppealKind.RECONSIDERATION: "reconsideration",
    AppealKind.LITIGATION_DIRECT: "litigation.direct",
    AppealKind.LITIGATION_AFTER_RECONSIDERATION: "litigation.after_reconsideration",
}


@dataclass(frozen=True)
class TableFourRow:
    key: str
    label: str
    values: tuple[int, ...]  # in COLUMNS order


@dataclass(frozen=True)
class TableFour:
    year: int
    cells: dict[str, dict[str, int]]  # cells[group][column], keys as `tables.appeals`

    def as_rows(self) -> list[TableFourRow]:
        return [
            TableFourRow(g, str(AppealKind(g).label), tuple(self.cells[g][c] for c in COLUMNS))
            for g in GROUPS
        ]

    def as_line(self) -> list[int]:
        """The 15 data cells of the printed table, left to right."""
        return [self.cells[g][c] for g in GROUPS for c in COLUMNS]

    def figures(self) -> dict[str, int]:
        """The flat keys: the three groups, and `litigation.*` as the sum of both litigation groups."""
        flat = {f"{FIGURE_PREFIX[g]}.{c}": self.cells[g][c] for g in GROUPS for c in COLUMNS}
        for c in COLUMNS:
            flat[f"litigation.{c}"] = (
                self.cells[AppealKind.LITIGATION_DIRECT][c]
                + self.cells[AppealKind.LITIGATION_AFTER_RECONSIDERATION][c]
            )
        return flat


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def counted_in(year: int) -> Q:
    """Cases that belong in year Y's table: filed on or before 31 Dec Y and not decided before 1 Jan Y."""
    start, end = year_bounds(year)
    return Q(filed_on__lte=end) & (Q(decided_on__isnull=True) | Q(decided_on__gte=start))


def table_four(*, agencies: QuerySet[Agency], year: int) -> TableFour:
    """Table 四 for the cases against `agencies` (pass one agency's queryset for 本机关, a subtree for a
    consolidated report), in one aggregate query however many agencies there are.

    Counting rule: a case counts in year Y when it was filed on or before 31 Dec Y and was not decided
    before 1 Jan Y. Its column is its result (结果维持 / 结果纠正 / 其他结果) if it was decided by 31 Dec Y,
    otherwise 尚未审结. So a case still pending at the end of Y appears again in Y+1, decided or still
    pending (rule V8), and 总计 counts every case of the group once. 尚未审结 is derived as 总计 minus the
    decided columns, so 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结 (rule V7) holds by construction."""
    _, end = year_bounds(year)
    decided_by_end = Q(decided_on__lte=end)
    aggregates = {}
    for group in GROUPS:
        in_group = Q(kind=group)
        aggregates[f"{group}__total"] = Count("pk", filter=in_group)
        for column in DECIDED_COLUMNS:
            aggregates[f"{group}__{column}"] = Count(
                "pk", filter=in_group & decided_by_end & Q(result=column)
            )
    counts = Appeal.objects.filter(counted_in(year), agency__in=agencies).aggregate(**aggregates)
    cells: dict[str, dict[str, int]] = {}
    for group in GROUPS:
        row = {column: counts[f"{group}__{column}"] for column in DECIDED_COLUMNS}
        total = counts[f"{group}__total"]
        row[AppealResult.PENDING] = total - sum(row.values())
        row["total"] = total
        cells[str(group)] = {str(column): row[column] for column in COLUMNS}
    return TableFour(year=year, cells=cells)


def complaints_count(*, agencies: QuerySet[Agency], year: int) -> int:
    """`complaints.total`: complaints about `agencies` received during the year."""
    start, end = year_bounds(year)
    return Complaint.objects.filter(agency__in=agencies, received_on__range=(start, end)).count()


# --- back office and API lists ----------------------------------------------------------------------


def visible_appeals(user: UserLike) -> QuerySet[Appeal]:
    return Appeal.objects.filter(agency__in=permissions.visible_agencies(user))


def visible_complaints(user: UserLike) -> QuerySet[Complaint]:
    return Complaint.objects.filter(agency__in=permissions.visible_agencies(user))


@dataclass(frozen=True)
class AppealFilters:
    agency: Agency | None = None
    kind: str = ""
    result: str = ""
    year: int | None = None  # cases counted in that year's table 四


def appeal_list(user: UserLike, filters: AppealFilters) -> QuerySet[Appeal]:
    appeals = visible_appeals(user).select_related("agency", "request")
    if filters.agency is not None:
        appeals = appeals.filter(agency=filters.agency)
    if filters.kind:
        appeals = appeals.filter(kind=filters.kind)
    if filters.result:
        appeals = appeals.filter(result=filters.result)
    if filters.year is not None:
        appeals = appeals.filter(counted_in(filters.year))
    return appeals


@dataclass(frozen=True)
class ComplaintFilters:
    agency: Agency | None = None
    state: str = ""  # "", "open" or "closed"
    year: int | None = None  # received in that year


def complaint_list(user: UserLike, filters: ComplaintFilters) -> QuerySet[Complaint]:
    complaints = visible_complaints(user).select_related("agency", "request")
    if filters.agency is not None:
        complaints = complaints.filter(agency=filters.agency)
    if filters.state == "open":
        complaints = complaints.filter(handled_on__isnull=True)
    elif filters.state == "closed":
        complaints = complaints.filter(handled_on__isnull=False)
    if filters.year is not None:
        complaints = complaints.filter(received_on__range=year_bounds(filters.year))
    return complaints
