from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import models

from gongkai.disclosure_requests.workflow import OPEN, PAUSED

if TYPE_CHECKING:
    from gongkai.disclosure_requests.models import DisclosureRequest  # noqa: F401  (named in the generic base)


class DisclosureRequestQuerySet(models.QuerySet["DisclosureRequest"]):
    def open(self) -> DisclosureRequestQuerySet:
        return self.filter(status__in=OPEN)

    def running(self) -> DisclosureRequestQuerySet:
        """Open with the clock running (not paused for consultation or payment)."""
        return self.open().exclude(status__in=PAUSED)

    def overdue(self, on: date) -> DisclosureRequestQuerySet:
        return self.running().filter(due_on__lt=on)

    def due_between(self, start: date, end: date) -> DisclosureRequestQuerySet:
        return self.running().filter(due_on__gte=start, due_on__lte=end)

    def for_agencies(self, agencies: models.QuerySet[models.Model]) -> DisclosureRequestQuerySet:
        return self.filter(agency__in=agencies)

    def received_in(self, year: int) -> DisclosureRequestQuerySet:
        return self.filter(received_on__year=year)
