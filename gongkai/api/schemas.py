from __future__ import annotations

from datetime import date

from ninja import Schema


class ErrorOut(Schema):
    error: str
    message: str
    fields: dict[str, str] = {}


class AgencyOut(Schema):
    code: str
    name: str
    kind: str
    level: str
    parent: str | None


class AgencyDetailOut(AgencyOut):
    short_name: str
    active: bool
    office_name: str
    office_address: str
    office_postcode: str
    office_hours: str
    office_phone: str
    office_fax: str
    office_email: str
    website: str


class MemberOut(Schema):
    username: str
    name: str
    role: str
    role_label: str


class MembershipOut(Schema):
    agency: str
    agency_name: str
    role: str


class MeOut(Schema):
    username: str
    memberships: list[MembershipOut]


class WorkdaysAddOut(Schema):
    start: date
    working_days: int
    date: date


class WorkdaysBetweenOut(Schema):
    start: date
    end: date
    working_days: int


class HolidayYearOut(Schema):
    year: int
    source: str
    off: list[date]
    work: list[date]
