"""The annual report at province scale, for `make bench` (issue 5): compile the consolidated report of the
root of a province (2,000 agencies, 200,000 requests over five years) and, in the same run and over the
same rows, one hand-written SQL GROUP BY that computes table 三. Targets: the compilation under 2 s and
within 3× of the SQL.

The data is written straight into the current database with bulk_create, never through the services
(200,000 requests through the workflow would take an hour); so call it inside a throw-away database:
the bench runner's, or a test's. The SQL result must equal the compiled table 三 cell by cell, or the
benchmark fails: a fast wrong answer is not a result.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection, transaction

from gongkai.bench.runner import measure

REPORT_YEAR = 2025
# Creation times of the generated rows; no count of the report reads them.
CREATED_AT = datetime(REPORT_YEAR, 1, 1, 1, tzinfo=UTC)
TARGET_COMPILE_MS = 2000.0
TARGET_RATIO = 3.0
CODE_SERIAL_BASE = 8_000_000  # agency codes clear of the runner's tree, the demo city and the import bench
BATCH = 5000  # rows per bulk_create call; SQLite further splits each into statements of 999 parameters

# Realistic shares, after published annual reports: most applicants are natural persons, most
# applications arrive online, and about a third are answered with （一）予以公开.
APPLICANT_WEIGHTS: dict[str, float] = {
    "natural_person": 86,
    "commercial": 6,
    "research": 0.8,
    "public_interest": 0.7,
    "legal_services": 4.5,
    "other_org": 2,
}
CHANNEL_WEIGHTS: dict[str, float] = {
    "online": 56,
    "letter": 21,
    "in_person": 15,
    "email": 4,
    "fax": 1,
    "other": 3,
}
OUTCOME_WEIGHTS: dict[str, float] = {
    "r1_open": 34, "r2_partial": 8,
    "r3_1": 0.3, "r3_2": 0.6, "r3_3": 0.3, "r3_4": 1.6, "r3_5": 0.8, "r3_6": 1.4, "r3_7": 1.2, "r3_8": 1.3,
    "r4_1": 22, "r4_2": 2.5, "r4_3": 1.5,
    "r5_1": 2.2, "r5_2": 2.6, "r5_3": 0.3, "r5_4": 0.6, "r5_5": 0.8,
    "r6_1": 5, "r6_2": 0.6, "r6_3": 7,
}  # fmt: skip
# Days from receipt to the final reply: 1–21 (mean 11), so about 11/365 ≈ 3% of a year's requests are
# still open on 31 December and carried over; a few (0.3%) are never finalized at all.
MAX_DAYS_TO_REPLY = 21
NEVER_FINALIZED = 0.003
APPEAL_SHARE = 0.008
COMPLAINT_SHARE = 0.003
FEE_SHARE = 0.005


# --- the agency tree ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """The children of one government: its departments and the governments of the next level."""

    departments: int
    governments: int


# Province → cities → counties → townships; departments at every level but the last.
SHAPES: dict[str, Shape] = {
    "province": Shape(departments=40, governments=14),
    "city": Shape(departments=30, governments=8),
    "county": Shape(departments=14, governments=6),
    "township": Shape(departments=0, governments=0),
}
NEXT_LEVEL = {"province": "city", "city": "county", "county": "township"}
GOVERNMENT_WORD = {"province": "省", "city": "市", "county": "县", "township": "镇"}


@dataclass
class Node:
    name: str
    kind: str  # government | department
    level: str
    parent: int | None  # index in the node list
    depth: int
    weight: float  # relative number of requests the agency receives


def tree_nodes(n: int) -> list[Node]:
    """`n` agencies in depth-first order, departments and sub-governments interleaved, truncated at `n`:
    every prefix is a tree (parents come first), and even a small one reaches townships."""
    nodes: list[Node] = []

    def government(stem: str, level: str, parent: int | None, depth: int) -> Iterator[None]:
        # stem: the place, 基准省第1市第2县; the government is its 人民政府, the departments its 局.
        if len(nodes) >= n:
            return
        index = len(nodes)
        weight = 0.5 if level == "township" else 2.0
        nodes.append(Node(f"{stem}人民政府", "government", level, parent, depth, weight))
        yield
        shape = SHAPES[level]
        below = NEXT_LEVEL.get(level)
        for i in range(max(shape.departments, shape.governments)):
            if len(nodes) >= n:
                return
            if i < shape.departments:
                weight = 3.0 if level in {"province", "city"} else 1.5
                nodes.append(Node(f"{stem}第{i + 1}局", "department", level, index, depth + 1, weight))
                yield
            if i < shape.governments and below is not None:
                yield from government(f"{stem}第{i + 1}{GOVERNMENT_WORD[below]}", below, index, depth + 1)

    for _ in government("基准省", "province", None, 0):
        pass
    return nodes[:n]


def create_tree(n: int) -> list[Any]:
    """Bulk-create the tree level by level (a child needs its parent's key), then set every level's
    materialised paths in one bulk update: the path is built from the primary key (path_segment)."""
    from gongkai.agencies.codes import fictional_uscc
    from gongkai.agencies.models import Agency, path_segment

    nodes = tree_nodes(n)
    made: list[Any] = [None] * len(nodes)
    for depth in range(max(node.depth for node in nodes) + 1):
        level = [i for i, node in enumerate(nodes) if node.depth == depth]
        rows = []
        for i in level:
            node = nodes[i]
            parent = made[node.parent] if node.parent is not None else None
            rows.append(
                Agency(
                    name=node.name,
                    kind=node.kind,
                    level=node.level,
                    parent=parent,
                    code=fictional_uscc(CODE_SERIAL_BASE + i),
                    sort_order=i,
                    path=f"~bench{i}",  # unique placeholder until the key is known, as the service does
                )
            )
        created = Agency.objects.bulk_create(rows, batch_size=BATCH)
        if created and created[0].pk is None:
            raise RuntimeError("bulk_create returned no primary keys; the benchmark needs them for paths")
        for i, agency in zip(level, created, strict=True):
            parent_index = nodes[i].parent
            parent = made[parent_index] if parent_index is not None else None
            agency.path = (parent.path if parent is not None else "") + path_segment(agency.pk)
            made[i] = agency
        Agency.objects.bulk_update(created, ["path"], batch_size=BATCH)
    return made


# --- requests, appeals, complaints, fees ---------------------------------------------------------------


def _weighted(rng: random.Random, weights: Mapping[str, float], k: int) -> list[str]:
    return rng.choices(list(weights), weights=list(weights.values()), k=k)


def _received_dates(rng: random.Random, first_year: int, years: int, k: int) -> list[date]:
    """Receipt dates over the years, with a modest yearly growth as on real platforms."""
    year_list = list(range(first_year, first_year + years))
    per_year = rng.choices(year_list, weights=[1.08**i for i in range(years)], k=k)
    return [date(y, 1, 1) + timedelta(days=rng.randrange(366 if y % 4 == 0 else 365)) for y in per_year]


def create_requests(
    agencies: list[Any], weights: list[float], total: int, years: int, seed: int
) -> dict[str, int]:
    from gongkai.disclosure_requests.models import DisclosureRequest, FeeNotice
    from gongkai.disclosure_requests.workflow import Status

    rng = random.Random(seed)  # noqa: S311  (synthetic data, not secrets)
    first_year = REPORT_YEAR - years + 1
    applicants = _weighted(rng, APPLICANT_WEIGHTS, total)
    channels = _weighted(rng, CHANNEL_WEIGHTS, total)
    outcomes = _weighted(rng, OUTCOME_WEIGHTS, total)
    owners = rng.choices(agencies, weights=weights, k=total)
    received = sorted(_received_dates(rng, first_year, years, total))
    fee_rows: list[tuple[int, date, int, date | None]] = []  # (request pk, sent, yuan, paid)
    counts = {"requests": 0, "open": 0, "carried_over": 0}
    done = 0
    while done < total:
        batch = []
        fees: list[tuple[int, date, int, date | None]] = []  # (position in the batch, sent, yuan, paid)
        for i in range(done, min(total, done + BATCH)):
            on = received[i]
            natural = applicants[i] == "natural_person"
            outcome: str = outcomes[i]
            finalized: date | None = on + timedelta(days=rng.randint(1, MAX_DAYS_TO_REPLY))
            if rng.random() < NEVER_FINALIZED:
                finalized, outcome = None, ""
                counts["open"] += 1
            elif finalized is not None and finalized.year != on.year:
                counts["carried_over"] += 1
            withdrawn = outcome == "r6_3" and rng.random() < 0.6
            status = (
                Status.ACCEPTED if finalized is None else Status.WITHDRAWN if withdrawn else Status.REPLIED
            )
            batch.append(
                DisclosureRequest(
                    agency=owners[i],
                    number=f"J{on.year}{i:09d}",
                    query_code_hash="0" * 64,
                    applicant_type=applicants[i],
                    applicant_name=f"申请人{i}" if natural else f"基准单位{i}",
                    id_type="resident_id" if natural else "uscc",
                    id_number=f"{i:018d}",
                    phone="13800000000",
                    info_title="政府信息公开申请（基准数据）",
                    form="electronic",
                    delivery="email",
                    channel=channels[i],
                    received_on=on,
                    submitted_at=CREATED_AT,
                    status=status,
                    restarted_on=on + timedelta(days=1) if outcome == "r4_3" else None,
                    outcome=outcome,
                    replied_on=finalized if finalized is not None and not withdrawn else None,
                    withdrawn_on=finalized if withdrawn else None,
                    finalized_on=finalized,
                )
            )
            if outcome == "r6_2":  # quoted, never paid
                fees.append((i - done, on + timedelta(days=1), rng.choice([100, 200, 400]), None))
            elif outcome in {"r1_open", "r2_partial"} and rng.random() < FEE_SHARE:
                fees.append(
                    (i - done, on + timedelta(days=1), rng.choice([50, 100, 200]), on + timedelta(days=3))
                )
        created = DisclosureRequest.objects.bulk_create(batch, batch_size=BATCH)
        fee_rows += [(created[position].pk, sent, amount, paid) for position, sent, amount, paid in fees]
        done += len(created)
        counts["requests"] = done
    FeeNotice.objects.bulk_create(
        [
            FeeNotice(
                request_id=pk,
                mode="per_page",
                amount=amount,
                basis="按量计收（基准数据）",
                sent_on=sent,
                payment_due_on=sent + timedelta(days=28),
                paid_on=paid,
            )
            for pk, sent, amount, paid in fee_rows
        ],
        batch_size=BATCH,
    )
    counts["fees"] = len(fee_rows)
    return counts


def create_appeals(agencies: list[Any], seed: int) -> dict[str, int]:
    """Cases and complaints against a sample of the finalized requests, spread over the years; about one
    case in ten is still pending, so some cross the year end undecided."""
    from gongkai.appeals.models import Appeal, Complaint
    from gongkai.disclosure_requests.models import DisclosureRequest

    rng = random.Random(seed + 1)  # noqa: S311  (synthetic data, not secrets)
    ids = [a.pk for a in agencies]
    sample = (
        DisclosureRequest.objects.filter(agency_id__in=ids, finalized_on__isnull=False)
        .order_by("pk")
        .values_list("pk", "agency_id", "finalized_on")
    )
    appeals, complaints = [], []
    kinds = {"reconsideration": 6, "litigation_direct": 3, "litigation_after_reconsideration": 1}
    results = {"upheld": 7, "corrected": 1.5, "other": 1.5}
    for pk, agency_id, finalized in sample.iterator(chunk_size=BATCH):
        if finalized is None:  # excluded by the filter; says so to the type checker
            continue
        draw = rng.random()
        if draw < APPEAL_SHARE:
            filed = finalized + timedelta(days=rng.randint(10, 60))
            decided = filed + timedelta(days=rng.randint(30, 240)) if rng.random() > 0.1 else None
            appeals.append(
                Appeal(
                    agency_id=agency_id,
                    request_id=pk,
                    kind=_weighted(rng, kinds, 1)[0],
                    filed_on=filed,
                    result=_weighted(rng, results, 1)[0] if decided else "pending",
                    decided_on=decided,
                    created_at=CREATED_AT,
                )
            )
        elif draw < APPEAL_SHARE + COMPLAINT_SHARE:
            complaints.append(
                Complaint(
                    agency_id=agency_id,
                    request_id=pk,
                    received_on=finalized + timedelta(days=rng.randint(1, 30)),
                    summary="对答复不满意（基准数据）",
                    created_at=CREATED_AT,
                )
            )
    Appeal.objects.bulk_create(appeals, batch_size=BATCH)
    Complaint.objects.bulk_create(complaints, batch_size=BATCH)
    return {"appeals": len(appeals), "complaints": len(complaints)}


def generate(*, agencies: int, requests: int, years: int, seed: int = 20250101) -> tuple[Any, dict[str, Any]]:
    """The province: its root agency and what was made."""
    if agencies < 1 or requests < 0 or not 1 <= years <= REPORT_YEAR - 2019 + 1:
        raise ValueError("agencies ≥ 1, requests ≥ 0 and 1 ≤ years ≤ the years since 2019 are needed")
    with transaction.atomic():
        tree = create_tree(agencies)
        weights = [node.weight for node in tree_nodes(agencies)]
        made: dict[str, Any] = {"agencies": len(tree)}
        made.update(create_requests(tree, weights, requests, years, seed))
        made.update(create_appeals(tree, seed))
    with connection.cursor() as cursor:
        # Planner statistics, as a running server has them (autovacuum on PostgreSQL).
        cursor.execute("ANALYZE")
    return tree[0], made


# --- the hand-written SQL ------------------------------------------------------------------------------

# Table 三 for a subtree in one statement: one row per applicant type, one conditional sum per printed
# row. Portable: CASE inside SUM works the same in SQLite and PostgreSQL. The 总计 column is the sum of
# the six applicant rows; （七）总计 is counted on its own (every request finalized in the year), not
# added up from the outcome rows, so a request with an unknown outcome would show as a mismatch.
TABLE_THREE_SQL = """
SELECT r.applicant_type,
       SUM(CASE WHEN r.received_on >= %(first)s THEN 1 ELSE 0 END) AS new,
       SUM(CASE WHEN r.received_on < %(first)s THEN 1 ELSE 0 END) AS carried_in,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r1_open' THEN 1 ELSE 0 END) AS r1_open,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r2_partial' THEN 1 ELSE 0 END) AS r2_partial,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r3_1' THEN 1 ELSE 0 END) AS r3_1,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r3_2' THEN 1 ELSE 0 END) AS r3_2,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r3_3' THEN 1 ELSE 0 END) AS r3_3,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r3_4' THEN 1 ELSE 0 END) AS r3_4,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r3_5' THEN 1 ELSE 0 END) AS r3_5,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r3_6' THEN 1 ELSE 0 END) AS r3_6,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r3_7' THEN 1 ELSE 0 END) AS r3_7,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r3_8' THEN 1 ELSE 0 END) AS r3_8,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r4_1' THEN 1 ELSE 0 END) AS r4_1,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r4_2' THEN 1 ELSE 0 END) AS r4_2,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r4_3' THEN 1 ELSE 0 END) AS r4_3,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r5_1' THEN 1 ELSE 0 END) AS r5_1,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r5_2' THEN 1 ELSE 0 END) AS r5_2,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r5_3' THEN 1 ELSE 0 END) AS r5_3,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r5_4' THEN 1 ELSE 0 END) AS r5_4,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r5_5' THEN 1 ELSE 0 END) AS r5_5,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r6_1' THEN 1 ELSE 0 END) AS r6_1,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r6_2' THEN 1 ELSE 0 END) AS r6_2,
       SUM(CASE WHEN r.finalized_on <= %(last)s AND r.outcome = 'r6_3' THEN 1 ELSE 0 END) AS r6_3,
       SUM(CASE WHEN r.finalized_on <= %(last)s THEN 1 ELSE 0 END) AS r7_total,
       SUM(CASE WHEN r.finalized_on IS NULL OR r.finalized_on > %(last)s THEN 1 ELSE 0 END) AS carried_out
  FROM disclosure_requests_disclosurerequest r
  JOIN agencies_agency a ON a.id = r.agency_id
 WHERE a.path LIKE %(subtree)s
   AND r.received_on <= %(last)s
   AND (r.finalized_on IS NULL OR r.finalized_on >= %(first)s)
 GROUP BY r.applicant_type
"""
SQL_ROWS: tuple[str, ...] = (
    "new", "carried_in", "r1_open", "r2_partial", "r3_1", "r3_2", "r3_3", "r3_4", "r3_5", "r3_6", "r3_7",
    "r3_8", "r4_1", "r4_2", "r4_3", "r5_1", "r5_2", "r5_3", "r5_4", "r5_5", "r6_1", "r6_2", "r6_3",
    "r7_total", "carried_out",
)  # fmt: skip
APPLICANT_COLUMNS: tuple[str, ...] = tuple(APPLICANT_WEIGHTS)


def sql_table_three(root: Any, year: int) -> dict[str, list[int]]:
    """`tables.requests.rows` as the SQL computes it: {row: [six applicant columns…, 总计]}."""
    params: dict[str, date | str] = {
        "first": date(year, 1, 1),
        "last": date(year, 12, 31),
        "subtree": f"{root.path}%",
    }
    with connection.cursor() as cursor:
        cursor.execute(TABLE_THREE_SQL, params)
        by_type = {row[0]: [int(v or 0) for v in row[1:]] for row in cursor.fetchall()}
    table: dict[str, list[int]] = {}
    for index, key in enumerate(SQL_ROWS):
        values = [by_type.get(column, [0] * len(SQL_ROWS))[index] for column in APPLICANT_COLUMNS]
        table[key] = [*values, sum(values)]
    return table


class TablesDisagree(AssertionError):
    """The compiled table 三 and the SQL disagree: the benchmark must not report a time for it."""


def check_agree(compiled: dict[str, list[int]], sql: dict[str, list[int]]) -> None:
    if list(compiled) != list(sql):
        raise TablesDisagree(f"表三的行不一致：编制结果 {list(compiled)}，SQL {list(sql)}")
    columns = (*APPLICANT_COLUMNS, "total")
    differences = [
        f"{row}/{column}: 编制 {a} ≠ SQL {b}"
        for row in sql
        for column, a, b in zip(columns, compiled[row], sql[row], strict=True)
        if a != b
    ]
    if differences:
        raise TablesDisagree("年度报告表三与手写SQL结果不一致：" + "；".join(differences))


# --- the benchmark ----------------------------------------------------------------------------------


def run(agencies: int = 2000, requests: int = 200_000, years: int = 5, *, runs: int = 7) -> dict[str, Any]:
    """Generate the province in the current (throw-away) database, check that the compiler and the SQL
    agree, then time both. Raises TablesDisagree when they do not."""
    from gongkai.annual_reports.compile import compile_document

    started = time.perf_counter()
    root, made = generate(agencies=agencies, requests=requests, years=years)
    generate_seconds = time.perf_counter() - started

    def compile_root() -> Any:
        return compile_document(agency=root, year=REPORT_YEAR, scope="aggregate")

    compiled = compile_root().tables["requests"]["rows"]
    sql = sql_table_three(root, REPORT_YEAR)
    check_agree(compiled, sql)

    scale = f"{made['agencies']} agencies, {requests} requests {REPORT_YEAR - years + 1}–{REPORT_YEAR}"
    sql_result = measure(
        f"annual report: hand-written SQL GROUP BY for table 三 (root, {REPORT_YEAR})",
        lambda: sql_table_three(root, REPORT_YEAR),
        runs=runs,
        note=scale,
    )
    compile_result = measure(
        f"annual report: compile_document(root, {REPORT_YEAR}, aggregate)", compile_root, runs=runs
    )
    ratio = compile_result.median_ms / sql_result.median_ms if sql_result.median_ms else float("inf")
    passed = compile_result.median_ms < TARGET_COMPILE_MS and ratio <= TARGET_RATIO
    compile_result.note = (
        f"{scale}; {ratio:.2f}× the SQL; target < {TARGET_COMPILE_MS:.0f} ms and ≤ {TARGET_RATIO:.0f}×: "
        + ("PASS" if passed else "FAIL")
    )
    return {
        "database": connection.vendor,
        "agencies": made["agencies"],
        "requests": made["requests"],
        "years": list(range(REPORT_YEAR - years + 1, REPORT_YEAR + 1)),
        "report_year": REPORT_YEAR,
        "appeals": made["appeals"],
        "complaints": made["complaints"],
        "fee_notices": made["fees"],
        "carried_over_year_end": made["carried_over"],
        "never_finalized": made["open"],
        "generate_seconds": round(generate_seconds, 1),
        "tables_agree": True,
        "table": sql,
        "compile_median_ms": compile_result.median_ms,
        "sql_median_ms": sql_result.median_ms,
        "ratio": round(ratio, 2),
        "targets": {"compile_ms_below": TARGET_COMPILE_MS, "ratio_at_most": TARGET_RATIO},
        "passed": passed,
        "results": [asdict(compile_result), asdict(sql_result)],
    }


if (
    __name__ == "__main__"
):  # pragma: no cover - `python -m gongkai.bench.annual_report_bench [agencies requests]`
    import json
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    django.setup()
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        sizes = [int(arg) for arg in sys.argv[1:3]]
        report = run(*sizes)
        report.pop("table")
        print(json.dumps(report, ensure_ascii=False, indent=2))
    finally:
        teardown_databases(old, verbosity=0)
