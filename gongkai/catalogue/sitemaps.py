"""sitemap.xml: every published item page, and each active agency's 指南 and 目录 pages.

Sections are split into pages of SITEMAP_PAGE entries (the sitemap index lists them), so a province
with millions of items still gets small, quickly generated files."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.catalogue import selectors
from gongkai.catalogue.models import Item
from gongkai.catalogue.querysets import ItemQuerySet

SITEMAP_PAGE = 10_000  # the protocol allows 50,000; smaller pages render in well under a second


class ItemSitemap(Sitemap[Item]):
    limit = SITEMAP_PAGE
    changefreq = "yearly"

    def items(self) -> ItemQuerySet:
        # The Sitemap paginator slices this queryset, so one page loads only its own rows.
        return selectors.sitemap_items()

    def location(self, item: Item) -> str:
        return reverse("portal:item", args=[item.index_number])

    def lastmod(self, item: Item) -> date | None:
        return item.published_on

    def get_latest_lastmod(self) -> datetime | None:
        # Django's default calls lastmod() on every item for the index page; one aggregate instead.
        latest = selectors.sitemap_items().aggregate(latest=Max("published_on"))["latest"]
        return datetime.combine(latest, time.min) if latest else None


class AgencyPage:
    def __init__(self, agency: Agency, url_name: str) -> None:
        self.agency = agency
        self.url_name = url_name


class AgencySitemap(Sitemap[AgencyPage]):
    limit = SITEMAP_PAGE
    changefreq = "weekly"

    def items(self) -> list[AgencyPage]:
        agencies = Agency.objects.active().only("code", "path").order_by("path")
        return [
            AgencyPage(a, name)
            for a in agencies
            for name in ("portal:agency_guide", "portal:agency_catalogue")
        ]

    def location(self, item: AgencyPage) -> str:
        return reverse(item.url_name, args=[item.agency.code])


SITEMAPS: dict[str, type[Sitemap[Item]] | type[Sitemap[AgencyPage]]] = {
    "agencies": AgencySitemap,
    "items": ItemSitemap,
}
