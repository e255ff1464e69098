"""System checks with stable ids for misconfiguration that would otherwise surface as odd behaviour."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_time_zone(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.TIME_ZONE != "Asia/Shanghai":
        return [
            Error(
                "TIME_ZONE must be Asia/Shanghai: statutory deadlines are counted in Beijing time.",
                id="gongkai.E001",
            )
        ]
    return []


@register(deploy=True)
def check_email(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        return [Warning("Email goes to the console: applicants will not receive notices.", id="gongkai.W001")]
    return []
