from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from gongkai.agencies import permissions
from gongkai.backoffice.current import current_agency
from gongkai.core import calendar


def backoffice(request: HttpRequest) -> dict[str, Any]:
    # Only back-office pages pay for these queries; the public portal never needs them.
    if not request.path.startswith("/staff/") or not request.user.is_authenticated:
        return {}
    context: dict[str, Any] = {
        "home_agencies": permissions.home_agencies(request.user),
        "current_agency": current_agency(request),
        "is_platform_admin": permissions.is_platform_admin(request.user),
        "can_supervise": permissions.has_perm(request.user, permissions.Perm.SUPERVISE),
    }
    if context["is_platform_admin"]:
        context["calendar_warning"] = calendar.missing_next_year_warning(timezone.localdate())
    return context
