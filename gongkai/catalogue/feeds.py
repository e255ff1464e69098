"""Atom feeds of newly published catalogue items: one for the whole portal and one per agency (the
agency and its subordinates, as its 目录 page lists them)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator

from gongkai.agencies.models import Agency
from gongkai.catalogue import selectors
from gongkai.catalogue.categories import SHORT_LABELS
from gongkai.catalogue.models import Item
from gongkai.catalogue.services import body_text

SUMMARY_CHARS = 200


def _site_name() -> str:
    from gongkai.portal.selectors import site_name

    return site_name()


def _at_midnight(day: date) -> datetime:
    # Items carry dates only; midnight in the agencies' time zone keeps the day right in every reader.
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


class CatalogueFeed(Feed[Item, Agency | None]):
    feed_type = Atom1Feed
    language = "zh-Hans"

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Agency | None:
        code = kwargs.get("code")
        if code is None:
            return None
        agency = Agency.objects.active().filter(code=code).first()
        if agency is None:
            raise Http404("没有找到该机关")
        return agency

    def title(self, obj: Agency | None) -> str:
        name = obj.name if obj is not None else _site_name()
        return f"{name} · 政府信息公开 · 最新主动公开信息"

    def subtitle(self, obj: Agency | None) -> str:
        return f"最近发布的{selectors.FEED_SIZE}条主动公开政府信息"

    def link(self, obj: Agency | None) -> str:
        if obj is None:
            return reverse("portal:catalogue")
        return reverse("portal:agency_catalogue", args=[obj.code])

    def feed_url(self, obj: Agency | None) -> str:
        if obj is None:
            return reverse("portal:feed")
        return reverse("portal:agency_feed", args=[obj.code])

    def author_name(self, obj: Agency | None) -> str:
        return obj.name if obj is not None else _site_name()

    def items(self, obj: Agency | None) -> list[Item]:
        return selectors.feed_items(obj)

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        text = item.summary or body_text(item.body)
        return Truncator(" ".join(text.split())).chars(SUMMARY_CHARS)

    def item_link(self, item: Item) -> str:
        # Also the entry's Atom id: the 索引号 is permanent (never reused, kept on withdrawal).
        return reverse("portal:item", args=[item.index_number])

    def item_pubdate(self, item: Item) -> datetime | None:
        return _at_midnight(item.published_on) if item.published_on else None

    def item_updateddate(self, item: Item) -> datetime | None:
        return self.item_pubdate(item)

    def item_author_name(self, item: Item) -> str:
        return item.agency.name

    def item_categories(self, item: Item) -> list[str]:
        labels = [SHORT_LABELS.get(item.category, "")]
        if item.topic is not None:
            labels.append(item.topic.full_name)
        return [label for label in labels if label]
