"""Which of a person's agencies the back office is currently working in (the agency switcher)."""

from __future__ import annotations

from django.http import HttpRequest

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency

SESSION_KEY = "gongkai_agency_id"


def current_agency(request: HttpRequest) -> Agency | None:
    cached: Agency | None = getattr(request, "_gongkai_current_agency", None)
    if cached is not None:
        return cached
    homes = permissions.home_agencies(request.user)
    chosen = next((a for a in homes if a.pk == request.session.get(SESSION_KEY)), None)
    agency = chosen or (homes[0] if homes else None)
    request._gongkai_current_agency = agency  # type: ignore[attr-defined]
    return agency


def set_current_agency(request: HttpRequest, agency: Agency) -> bool:
    if agency not in permissions.home_agencies(request.user):
        return False
    request.session[SESSION_KEY] = agency.pk
    request._gongkai_current_agency = agency  # type: ignore[attr-defined]
    return True
