from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from gongkai.agencies.models import Agency


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(active=True)

    def roots(self) -> AgencyQuerySet:
        return self.filter(parent__isnull=True)

    def subtree_of(self, agency: Agency, *, include_self: bool = True) -> AgencyQuerySet:
        # The materialised path makes any depth one indexed prefix scan (LIKE 'p%').
        qs = self.filter(path__startswith=agency.path)
        return qs if include_self else qs.exclude(pk=agency.pk)

    def in_subtrees(self, paths: Iterable[str], *, or_ids: Iterable[int] = ()) -> AgencyQuerySet:
        """Agencies in any of the subtrees rooted at `paths` (plus the agencies `or_ids`), in one query."""
        condition = models.Q(pk__in=list(or_ids))
        for path in paths:
            condition |= models.Q(path__startswith=path)
        return self.filter(condition)

    def ancestors_of(self, agency: Agency, *, include_self: bool = False) -> AgencyQuerySet:
        prefixes = agency.ancestor_paths(include_self=include_self)
        return self.filter(path__in=prefixes)

    def tree_order(self) -> AgencyQuerySet:
        return self.order_by("path")


class MembershipQuerySet(models.QuerySet["models.Model"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(user__is_active=True, agency__active=True)
