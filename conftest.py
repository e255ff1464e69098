"""Personas shared by every test module (style.md): a clerk of agency A, a clerk of agency B who must
see nothing of A, A's office head and reviewer, a supervisor of the city, a supervisor of a district,
a platform administrator, and an anonymous visitor."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("GONGKAI_TESTING", "1")

import pytest

from gongkai.agencies.codes import fictional_uscc as uscc_for


@dataclass
class World:
    city: Any
    agency_a: Any  # 市教育局
    agency_b: Any  # 市公安局
    district: Any  # 东湖区人民政府
    district_dept: Any  # 东湖区教育局
    town: Any  # 东湖区湖滨街道
    clerk_a: Any
    clerk_b: Any
    reviewer_a: Any
    head_a: Any
    city_supervisor: Any
    district_supervisor: Any
    district_clerk: Any
    admin: Any


PASSWORD = "Persona-pass-2026"


@pytest.fixture
def world(db: Any) -> World:
    from gongkai.agencies import services

    def agency(name: str, kind: str, level: str, serial: int, parent: Any = None) -> Any:
        return services.agency_create(
            actor=None,
            name=name,
            kind=kind,
            level=level,
            code=uscc_for(serial),
            parent=parent,
            office_address=f"{name}一楼政务公开窗口",
            office_phone="0591-12345678",
        )

    city = agency("明湖市人民政府", "government", "city", 1)
    agency_a = agency("明湖市教育局", "department", "city", 2, city)
    agency_b = agency("明湖市公安局", "department", "city", 3, city)
    district = agency("明湖市东湖区人民政府", "government", "county", 4, city)
    district_dept = agency("东湖区教育局", "department", "county", 5, district)
    town = agency("东湖区湖滨街道办事处", "dispatched", "township", 6, district)

    def staff(username: str, at: Any, role: str) -> Any:
        user, _ = services.staff_create(
            actor=None, username=username, agency=at, role=role, password=PASSWORD
        )
        return user

    return World(
        city=city,
        agency_a=agency_a,
        agency_b=agency_b,
        district=district,
        district_dept=district_dept,
        town=town,
        clerk_a=staff("clerk_a", agency_a, "clerk"),
        clerk_b=staff("clerk_b", agency_b, "clerk"),
        reviewer_a=staff("reviewer_a", agency_a, "reviewer"),
        head_a=staff("head_a", agency_a, "office_head"),
        city_supervisor=staff("city_supervisor", city, "supervisor"),
        district_supervisor=staff("district_supervisor", district, "supervisor"),
        district_clerk=staff("district_clerk", district_dept, "clerk"),
        admin=staff("platform_admin", city, "admin"),
    )


@pytest.fixture
def persona_password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True)
def _holiday_schedules_survive_flushes(request: pytest.FixtureRequest) -> None:
    """Transactional tests (live server, browser) empty every table afterwards, including the holiday
    schedules the migration seeded; put them back so later tests see the database a deployment has."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction", False)) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from gongkai.core.holiday_seed import seed_bundled
    from gongkai.core.models import HolidayDate, HolidaySchedule

    seed_bundled(HolidaySchedule, HolidayDate)
