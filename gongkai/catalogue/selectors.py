"""Read-only queries over the catalogue for the public portal, its feeds and its sitemap.

Every facet of the 政府信息公开目录 is one aggregate query over the filtered items (never one per
agency or per topic), so the page costs the same for a township and for a province."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from gongkai.agencies.models import PATH_SEGMENT_WIDTH, PATH_SEPARATOR, Agency
from gongkai.catalogue.categories import SHORT_LABELS, Category, PublishChannel, article_label
from gongkai.catalogue.models import Guide, Item, Topic
from gongkai.catalogue.querysets import ItemQuerySet

SEGMENT = PATH_SEGMENT_WIDTH + len(PATH_SEPARATOR)
PAGE_SIZE = 20
FEED_SIZE = 50


@dataclass(frozen=True)
class Filters:
    """What the visitor narrowed the 目录 to. `scope` is an agency and its whole subtree; None is the
    whole portal. A top-level topic includes its sub-topics."""

    scope: Agency | None = None
    topic: Topic | None = None
    category: int | None = None
    year: int | None = None
    channel: str | None = None

    @property
    def is_narrowed(self) -> bool:
        return any(v is not None for v in (self.topic, self.category, self.year, self.channel))


@dataclass(frozen=True)
class FacetValue:
    value: str  # what goes into the query string (an agency code for the agency facet)
    label: str
    count: int
    selected: bool = False
    depth: int = 0  # sub-topics are indented under their parent


@dataclass(frozen=True)
class Facet:
    name: str  # the query parameter
    label: str
    values: list[FacetValue] = field(default_factory=list)

    @property
    def selected(self) -> FacetValue | None:
        return next((v for v in self.values if v.selected), None)


@dataclass(frozen=True)
class Browse:
    page: Page[Item]
    facets: list[Facet]
    own_count: int  # items the facet agency published itself (not its subordinates)


def in_subtree(qs: ItemQuerySet, scope: Agency) -> ItemQuerySet:
    """Items of the agency and its subordinates as `agency_id IN (subtree)`: unlike a join on the
    agency's path, this lets the facet queries run on the item indexes alone."""
    return qs.filter(agency_id__in=Agency.objects.filter(path__startswith=scope.path).values("pk"))


def listed(filters: Filters, *, ignore: str = "") -> ItemQuerySet:
    """Published items matching the filters; `ignore` names one facet whose own filter is left out, so
    that facet still offers its other values with their counts."""
    qs = Item.objects.published()
    if filters.scope is not None:
        qs = in_subtree(qs, filters.scope)
    if filters.topic is not None and ignore != "topic":
        qs = qs.filter(Q(topic=filters.topic) | Q(topic__parent=filters.topic))
    if filters.category is not None and ignore != "category":
        qs = qs.filter(category=filters.category)
    if filters.year is not None and ignore != "year":
        # __year becomes a date range, which the (status, published_on) index serves.
        qs = qs.filter(published_on__year=filters.year)
    if filters.channel is not None and ignore != "channel":
        qs = qs.with_channel(filters.channel)
    return qs


def browse(filters: Filters, *, facet_parent: Agency | None, page: int | str | None = 1) -> Browse:
    """One page of the 目录 with every facet; `facet_parent` is the agency whose direct subordinates the
    agency facet offers (the scope, or the site's root government for the whole portal)."""
    qs = listed(filters).select_related("agency", "topic").order_by("-published_on", "-pk")
    paginator = Paginator(qs, PAGE_SIZE)
    agencies, own = agency_facet(filters, facet_parent)
    facets = [agencies, category_facet(filters), topic_facet(filters), year_facet(filters)]
    facets.append(channel_facet(filters))
    return Browse(page=paginator.get_page(page), facets=facets, own_count=own)


def agency_facet(filters: Filters, parent: Agency | None) -> tuple[Facet, int]:
    """Counts per direct subordinate of `parent`, each including its own subtree: items are counted
    per agency in one GROUP BY, then folded onto the subordinate whose path they fall under, using the
    subtree's paths (one more query) and the active subordinates (a third). Returns the facet and the
    parent's own count."""
    facet = Facet("agency", "发布机构")
    if parent is None:
        return facet, 0
    rows = listed(filters).values("agency_id").annotate(n=Count("pk")).order_by()
    per_agency = {r["agency_id"]: r["n"] for r in rows}
    cut = len(parent.path) + SEGMENT
    counts: dict[str, int] = {}
    for pk, path in Agency.objects.filter(path__startswith=parent.path).values_list("pk", "path"):
        if pk in per_agency:
            branch = path[:cut]
            counts[branch] = counts.get(branch, 0) + per_agency[pk]
    children = Agency.objects.active().filter(parent=parent).order_by("sort_order", "path")
    for child in children:
        if counts.get(child.path):
            facet.values.append(FacetValue(child.code, child.name, counts[child.path]))
    return facet, counts.get(parent.path, 0)


def category_facet(filters: Filters) -> Facet:
    rows = listed(filters, ignore="category").values("category").annotate(n=Count("pk")).order_by()
    counts = {r["category"]: r["n"] for r in rows}
    facet = Facet("category", "公开类别")
    for value in Category.values:
        if counts.get(value) or filters.category == value:
            label = f"{article_label(value)} {SHORT_LABELS[value]}"
            facet.values.append(
                FacetValue(str(value), label, counts.get(value, 0), filters.category == value)
            )
    return facet


def topic_facet(filters: Filters) -> Facet:
    """Top-level topics with the counts of their whole branch; the sub-topics of the chosen branch."""
    rows = listed(filters, ignore="topic").values("topic_id").annotate(n=Count("pk")).order_by()
    counts = {r["topic_id"]: r["n"] for r in rows if r["topic_id"] is not None}
    topics = list(Topic.objects.order_by("sort_order", "pk"))
    totals = dict(counts)
    for topic in topics:
        if topic.parent_id is not None and topic.pk in counts:
            totals[topic.parent_id] = totals.get(topic.parent_id, 0) + counts[topic.pk]
    chosen = filters.topic
    open_branch = None if chosen is None else (chosen.parent_id or chosen.pk)
    facet = Facet("topic", "主题分类")
    for top in (t for t in topics if t.parent_id is None):
        if not totals.get(top.pk) and (chosen is None or chosen.pk != top.pk):
            continue
        facet.values.append(
            FacetValue(
                str(top.pk), top.name, totals.get(top.pk, 0), chosen is not None and chosen.pk == top.pk
            )
        )
        if top.pk != open_branch:
            continue
        for sub in (t for t in topics if t.parent_id == top.pk):
            if counts.get(sub.pk) or (chosen is not None and chosen.pk == sub.pk):
                facet.values.append(
                    FacetValue(str(sub.pk), sub.name, counts.get(sub.pk, 0), chosen == sub, depth=1)
                )
    return facet


def year_facet(filters: Filters) -> Facet:
    """Grouped by the publication date, which the (status, published_on) index yields without touching
    the rows, and summed per year here: a year function per row costs a table scan on SQLite."""
    rows = listed(filters, ignore="year").values("published_on").annotate(n=Count("pk")).order_by()
    per_year: dict[int, int] = {}
    for r in rows:
        if r["published_on"] is not None:
            year = r["published_on"].year
            per_year[year] = per_year.get(year, 0) + r["n"]
    if filters.year is not None:
        per_year.setdefault(filters.year, 0)
    facet = Facet("year", "发布年份")
    for year in sorted(per_year, reverse=True):
        facet.values.append(FacetValue(str(year), f"{year}年", per_year[year], year == filters.year))
    return facet


def channel_facet(filters: Filters) -> Facet:
    """Channels are stored as one ",a,b," string per item: group by the distinct strings (a handful of
    combinations in practice) and split them here."""
    rows = listed(filters, ignore="channel").values("channels").annotate(n=Count("pk")).order_by()
    counts: dict[str, int] = {}
    for r in rows:
        for channel in (c for c in r["channels"].split(",") if c):
            counts[channel] = counts.get(channel, 0) + r["n"]
    facet = Facet("channel", "公开渠道")
    for channel in PublishChannel:
        if counts.get(channel.value) or filters.channel == channel.value:
            facet.values.append(
                FacetValue(
                    channel.value,
                    str(channel.label),
                    counts.get(channel.value, 0),
                    filters.channel == channel,
                )
            )
    return facet


# --- other pages --------------------------------------------------------------------------------------


def recent_items(scope: Agency | None, *, limit: int = 10) -> list[Item]:
    return list(
        listed(Filters(scope=scope)).select_related("agency").order_by("-published_on", "-pk")[:limit]
    )


def category_counts(scope: Agency | None) -> dict[int, int]:
    """Published items per 第二十条 category (法定主动公开内容), every category present, in one query."""
    rows = listed(Filters(scope=scope)).values("category").annotate(n=Count("pk")).order_by()
    counts = {r["category"]: r["n"] for r in rows}
    return {value: counts.get(value, 0) for value in Category.values}


def category_page(scope: Agency | None, category: int, *, page: int | str | None = 1) -> Page[Item]:
    qs = (
        listed(Filters(scope=scope, category=category))
        .select_related("agency")
        .order_by("-published_on", "-pk")
    )
    return Paginator(qs, PAGE_SIZE).get_page(page)


def public_item(index_number: str) -> Item | None:
    """The item behind a 索引号 if the public may see its page: published, or withdrawn (a tombstone)."""
    return Item.objects.public().select_related("agency", "topic").filter(index_number=index_number).first()


@dataclass(frozen=True)
class Related:
    interpretations: list[Item]  # 回应解读 records answering this item
    answers: list[Item]  # the items this record interprets or answers


def related(item: Item) -> Related:
    return Related(
        interpretations=list(
            item.interpretations.published().select_related("agency").order_by("-published_on", "-pk")
        ),
        answers=list(item.answers.published().select_related("agency").order_by("-published_on", "-pk")),
    )


def feed_items(scope: Agency | None, *, limit: int = FEED_SIZE) -> list[Item]:
    return list(
        listed(Filters(scope=scope))
        .select_related("agency", "topic")
        .order_by("-published_on", "-pk")[:limit]
    )


def guide_of(agency: Agency) -> Guide | None:
    return Guide.objects.filter(agency=agency).exclude(body="").first()


def sitemap_items() -> ItemQuerySet:
    """Every published item page, in a stable order so sitemap pages do not shift between requests."""
    return Item.objects.published().only("index_number", "published_on").order_by("pk")


def agencies_with(codes: Iterable[str]) -> dict[str, Agency]:
    return {a.code: a for a in Agency.objects.active().filter(code__in=list(codes))}
