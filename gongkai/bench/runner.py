"""The benchmark suite behind `gongkai bench` / `make bench`.

It runs in a throw-away test database (as the test runner builds one), fills it with a synthetic
agency tree of the chosen scale, times the operations that every page and deadline depends on, and
returns plain JSON. Speed is tracked here, never by timed assertions in the test suite.
"""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import (
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.utils import timezone

SCALES: dict[str, tuple[int, int, int]] = {
    # (county-level governments, departments per government, townships per county)
    "small": (3, 8, 3),
    "city": (6, 30, 6),
    "province": (60, 30, 10),
}
# The annual-report benchmark's own province (issue 5): (agencies, requests over five years).
ANNUAL_REPORT_SIZES: dict[str, tuple[int, int]] = {
    "small": (200, 20_000),
    "city": (2000, 200_000),
    "province": (2000, 200_000),
}


@dataclass
class Result:
    name: str
    runs: int
    median_ms: float
    p95_ms: float
    ops_per_s: float
    note: str = ""


def measure(name: str, fn: Callable[[], object], *, runs: int, note: str = "") -> Result:
    fn()  # warm caches the way a running server has them
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    median = statistics.median(samples)
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return Result(name, runs, round(median, 4), round(p95, 4), round(1000 / median if median else 0, 1), note)


def build_tree(scale: str) -> dict[str, Any]:
    from gongkai.agencies import services
    from gongkai.agencies.codes import fictional_uscc

    counties, departments, townships = SCALES[scale]
    serial = iter(range(1, 10**7))

    def add(name: str, kind: str, level: str, parent: Any) -> Any:
        return services.agency_create(
            actor=None, name=name, kind=kind, level=level, code=fictional_uscc(next(serial)), parent=parent
        )

    root = add("基准市人民政府", "government", "city", None)
    for d in range(departments):
        add(f"基准市第{d + 1}局", "department", "city", root)
    first_county = None
    for c in range(counties):
        county = add(f"基准第{c + 1}县人民政府", "government", "county", root)
        first_county = first_county or county
        for d in range(departments // 2):
            add(f"第{c + 1}县第{d + 1}局", "department", "county", county)
        for t in range(townships):
            add(f"第{c + 1}县第{t + 1}镇人民政府", "government", "township", county)
    if first_county is None:
        raise ValueError("a benchmark scale needs at least one county")
    supervisor, _ = services.staff_create(
        actor=None, username="bench_supervisor", agency=root, role="supervisor", password="Bench-pass-2026!"
    )
    county_supervisor, _ = services.staff_create(
        actor=None,
        username="bench_county",
        agency=first_county,
        role="supervisor",
        password="Bench-pass-2026!",
    )
    return {
        "root": root,
        "county": first_county,
        "supervisor": supervisor,
        "county_supervisor": county_supervisor,
    }


def run(scale: str = "small") -> dict[str, Any]:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    from gongkai.agencies import permissions
    from gongkai.agencies.models import Agency
    from gongkai.core import calendar

    setup_test_environment()  # allows the 'testserver' host of the in-process client
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        data = build_tree(scale)
        build_seconds = time.perf_counter() - started
        agency_count = Agency.objects.count()
        results: list[Result] = []

        cal = calendar.get_calendar()
        starts = [date(2026, 1, 1) + timedelta(days=i) for i in range(300)]
        results.append(
            measure(
                "workdays.add_working_days x300 (pure)",
                lambda: [cal.add_working_days(d, 20) for d in starts],
                runs=30,
                note="300 deadline computations of 20 working days",
            )
        )
        results.append(
            measure(
                "calendar.add_working_days (db-backed, incl. version check)",
                lambda: calendar.add_working_days(date(2026, 9, 15), 20),
                runs=200,
            )
        )
        root, county = data["root"], data["county"]
        results.append(
            measure(
                "agency subtree of root (one query)",
                lambda: list(Agency.objects.subtree_of(root)),
                runs=50,
                note=f"{agency_count} agencies",
            )
        )
        results.append(
            measure("agency subtree of a county", lambda: list(Agency.objects.subtree_of(county)), runs=100)
        )

        def visible(user: Any) -> Callable[[], object]:
            def fn() -> object:
                permissions.forget(user)
                return list(permissions.visible_agencies(user).values_list("pk", flat=True))

            return fn

        results.append(measure("visible_agencies(city supervisor)", visible(data["supervisor"]), runs=50))
        results.append(
            measure("visible_agencies(county supervisor)", visible(data["county_supervisor"]), runs=100)
        )

        client = Client()

        def get(url: str) -> Callable[[], object]:
            def fn() -> object:
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(
                        f"{url} answered {response.status_code}; the benchmark would time an error page"
                    )
                return response

            return fn

        results.append(measure("GET / (portal home)", get("/"), runs=30))
        results.append(measure("GET /agencies/ (portal directory)", get("/agencies/"), runs=20))
        results.append(measure("GET /api/v1/agencies", get("/api/v1/agencies"), runs=20))
        client.force_login(data["supervisor"])
        results.append(measure("GET /staff/agencies/ (city supervisor)", get("/staff/agencies/"), runs=20))

        from gongkai.bench import import_bench

        for row in import_bench.run(500 if scale == "small" else 2000)["results"]:
            per_item_ms = round(1000 * row["seconds"] / row["rows"], 4)
            note = f"{row['rows']} rows in {row['seconds']} s; ms and ops are per item"
            results.append(
                Result(row["name"], row["rows"], per_item_ms, per_item_ms, row["items_per_s"], note)
            )

        # Last: it adds a province of its own, which the measurements above must not see.
        from gongkai.bench import annual_report_bench

        agencies, requests = ANNUAL_REPORT_SIZES[scale]
        annual = annual_report_bench.run(agencies=agencies, requests=requests)
        results += [Result(**row) for row in annual.pop("results")]

        return {
            "generated_at": timezone.now().isoformat(),
            "scale": scale,
            "agencies": agency_count,
            "build_seconds": round(build_seconds, 2),
            "database": connection.vendor,
            "python": platform.python_version(),
            "machine": {"cpus": _cpu_count(), "platform": platform.platform()},
            "results": [asdict(r) for r in results],
            "annual_report": annual,
        }
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()


def _cpu_count() -> int:
    import os

    return os.cpu_count() or 0
