from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai.portal import selectors


def site(request: HttpRequest) -> dict[str, object]:
    # Lazy: pages that never print the name never query for it.
    return {"site_name": SimpleLazyObject(selectors.site_name)}
