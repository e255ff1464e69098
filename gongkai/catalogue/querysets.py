from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import models

from gongkai.catalogue.workflow import Status

if TYPE_CHECKING:
    from gongkai.agencies.models import Agency
    from gongkai.catalogue.models import Item  # noqa: F401  (named in the generic base)


class ItemQuerySet(models.QuerySet["Item"]):
    def published(self) -> ItemQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def public(self) -> ItemQuerySet:
        """What the portal lists: published items and the tombstones of withdrawn ones."""
        return self.filter(status__in=(Status.PUBLISHED, Status.WITHDRAWN))

    def for_agency(self, agency: Agency) -> ItemQuerySet:
        return self.filter(agency=agency)

    def in_subtree(self, agency: Agency) -> ItemQuerySet:
        return self.filter(agency__path__startswith=agency.path)

    def awaiting_review(self) -> ItemQuerySet:
        return self.filter(status=Status.SUBMITTED)

    def late(self) -> ItemQuerySet:
        """Published more than 20 working days after they were made (第二十六条)."""
        return self.filter(publish_late=True)

    def published_between(self, start: date, end: date) -> ItemQuerySet:
        return self.filter(published_on__gte=start, published_on__lte=end)

    def with_channel(self, channel: str) -> ItemQuerySet:
        return self.filter(channels__contains=f",{channel},")
