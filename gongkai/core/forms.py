"""Showing a service's refusal on the form that asked for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gongkai.core.errors import DomainError


def add_domain_error(exc: DomainError, form: Any, renames: Mapping[str, str] | None = None) -> None:
    """Put each of the error's field messages next to its field (service field names may be renamed to
    the form's), and anything that names no field of the form at the top."""
    if not exc.fields:
        form.add_error(None, exc.message)
        return
    for field, message in exc.fields.items():
        name = (renames or {}).get(field, field)
        form.add_error(name if name in form.fields else None, message)
