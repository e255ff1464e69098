"""明湖市's 政府信息公开目录: four years of proactively disclosed information at every demo agency.

Everything goes through `gongkai.catalogue.services` (drafted, submitted, reviewed and published, with
history, audit rows, 索引号 and the search index exactly as real staff would leave them). The plan is
pure and seeded: per agency and year a number of items drawn from templates that fit the agency's
portfolio and the 第二十条 category they belong to, with 文号 counted per agency and year. Only "today"
decides how far each item has come: those whose publication date would fall after today wait as drafts,
submitted or approved items, which is what fills the reviewers' queue.

Also built: a share of late publications (more than 20 working days, 第二十六条), repealed and expired
规章 and 规范性文件, a few withdrawn items with their reasons, 回应解读 linked to the documents they
explain, the 指南 of the governments and some departments, every agency's annual report for each
finished year, two 依申请转主动 drafts, and at 明湖市教育局 a queue in every review state — one draft
carrying a fictional identity number (prefecture 3599 does not exist) so the reviewer sees the highlight.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from gongkai.agencies.models import Agency, Kind, Level
from gongkai.catalogue import services
from gongkai.catalogue.categories import Category, DocKind, Genre, InterpretationKind, Validity
from gongkai.catalogue.models import Item, Topic
from gongkai.catalogue.services import REVIEW_CHECKLIST, ItemInput
from gongkai.catalogue.workflow import Status
from gongkai.core import calendar
from gongkai.core.identifiers import resident_id_check_char
from gongkai.core.workdays import MissingScheduleError, WorkingDayCalendar
from gongkai.demo.catalogue_texts import (
    AREAS,
    COMMON,
    FAMILIES,
    GIVEN,
    ND,
    PORTFOLIOS,
    REG,
    ROADS,
    SURNAMES,
    WX,
    G,
    Template,
    W,
)
from gongkai.demo.city import CITY, COUNTIES, Writer
from gongkai.disclosure_requests.models import DisclosureRequest
from gongkai.disclosure_requests.workflow import Status as RequestStatus

FIRST_YEAR = 2023
SEED = 2026
LATE_SHARE = 0.05
# Share of the full volume; the test suite builds the city many times and needs every state, not volume.
DEFAULT_SCALE = 0.1 if settings.TESTING else 1.0
ALL_TICKED = dict.fromkeys(REVIEW_CHECKLIST, True)
WITHDRAWAL_REASONS = (
    "该文件已被新发布的文件替代，原文不再有效",
    "发布的统计数据有误，更正后重新发布",
    "经复核，附件中含有不应公开的个人信息，撤回处理",
    "重复发布，保留另一条信息",
    "项目已终止实施，按规定撤回",
)


INTERPRETATION_WORDS: dict[str, str] = {
    InterpretationKind.POLICY_INTERPRETATION: "政策解读",
    InterpretationKind.ONLINE_INTERVIEW: "在线访谈实录",
    InterpretationKind.PRESS_CONFERENCE: "新闻发布会",
    InterpretationKind.PUBLIC_CONCERN: "回应关切",
}
INTERPRETATION_KINDS = (
    InterpretationKind.POLICY_INTERPRETATION,
    InterpretationKind.POLICY_INTERPRETATION,
    InterpretationKind.ONLINE_INTERVIEW,
    InterpretationKind.PRESS_CONFERENCE,
)


@dataclass(frozen=True)
class Profile:
    """What an agency publishes and how much, derived from its name, kind and level."""

    families: tuple[str, ...]
    doc_prefix: str
    work: str
    place: str  # 明湖市 / 东湖区 / 北山县: the area the agency serves
    volume: int  # items per full year at scale 1


def profile(agency: Agency) -> Profile:
    county = next((c for c in COUNTIES if agency.name.startswith(c.prefix)), None)
    place = county.short if county is not None else CITY
    area_char = county.short[0] if county is not None else "明"
    if agency.kind == Kind.PUBLIC_ENTERPRISE:
        return Profile(("enterprise",), area_char + "企", "公共服务", place, 4)
    if agency.level == Level.TOWNSHIP:
        short = agency.short_name[:2] if agency.short_name else agency.name[-6:-4]
        return Profile(("township",), short, "基层治理", place, 2)
    if agency.kind == Kind.GOVERNMENT:
        volume = 24 if agency.level == Level.CITY else 10
        return Profile(("government",), area_char + "政", "政务", place, volume)
    for keyword, family, char, work in PORTFOLIOS:
        if keyword in agency.name:
            volume = 7 if agency.level == Level.CITY else 3
            families = (family, "general") if family not in ("general", "office") else (family,)
            return Profile(families, area_char + char, work, place, volume)
    return Profile(("general",), area_char + "政", "政务服务", place, 4 if agency.level == Level.CITY else 3)


# --- planning ---------------------------------------------------------------------------------------


@dataclass
class Plan:
    agency_index: int
    template: Template
    title: str
    summary: str
    created_on: date
    published_on: date | None  # None: still on its way (draft, submitted or approved today)
    document_number: str = ""
    late: bool = False
    validity_change: tuple[str, date] | None = None
    withdraw: tuple[str, date] | None = None
    interpretation_of: Plan | None = None  # the document it explains (回应解读)
    interpretation_kind: str = ""
    report_year: int | None = None  # the annual report (年度报告) of this year
    seed: str = ""


def _pick_date(rng: random.Random, year: int, months: tuple[int, int], today: date) -> date | None:
    first = date(year, months[0], 1)
    end_of_range = date(year + 1, 1, 1) if months[1] == 12 else date(year, months[1] + 1, 1)
    last = min(end_of_range - timedelta(days=1), today)
    if last < first:
        return None
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _on_working_day(cal: WorkingDayCalendar, day: date) -> date:
    """The working day on or before `day`, or after it where going back would leave the year."""
    try:
        back = day
        while not cal.is_working_day(back):
            back -= timedelta(days=1)
        if back.year == day.year:
            return back
        while not cal.is_working_day(day):
            day += timedelta(days=1)
    except MissingScheduleError:
        pass
    return day


def _publication(
    rng: random.Random, cal: WorkingDayCalendar, created: date, today: date
) -> tuple[date | None, bool]:
    late = rng.random() < LATE_SHARE
    lag = rng.randint(21, 45) if late else rng.choice((1, 1, 2, 3, 3, 4, 5, 6, 8, 10, 12, 15))
    try:
        published = cal.add_working_days(created, lag)
    except MissingScheduleError:
        return None, False
    return (published, late) if published <= today else (None, False)


def _fill(text: str, values: dict[str, object]) -> str:
    return text.format(**values)


def _values(rng: random.Random, agency: Agency, prof: Profile, year: int, created: date) -> dict[str, object]:
    county = next((c for c in COUNTIES if c.short == prof.place), None)
    district = county.short if county is not None else rng.choice([c.short for c in COUNTIES])
    return {
        "org": agency.name,
        "place": prof.place,
        "district": district,
        "area": rng.choice(AREAS),
        "road": rng.choice(county.streets if county is not None else ROADS),
        "y": year,
        "py": year - 1,
        "y3": year + 3,
        "q": (created.month - 1) // 3 + 1,
        "m": max(1, created.month - 1),
        "n": rng.randint(1, 30),
        "field": prof.work,
        "name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
    }


def _make_plan(
    rng: random.Random,
    *,
    agency: Agency,
    index: int,
    template: Template,
    year: int,
    position: int,
    today: date,
    cal: WorkingDayCalendar,
) -> Plan | None:
    created = _pick_date(rng, year, template.months, today) or _pick_date(rng, year, (1, 12), today)
    if created is None:
        return None
    if template.kind == REG and agency.level != Level.CITY:
        # Only the government of a 设区的市 makes 规章 (立法法 第九十三条); below it they are 规范性文件.
        template = replace(template, kind=ND)
    created = _on_working_day(cal, created)
    values = _values(rng, agency, profile(agency), year, created)
    published, late = _publication(rng, cal, created, today)
    return Plan(
        index,
        template,
        _fill(template.title, values),
        _fill(template.summary, values),
        created,
        published,
        late=late,
        seed=f"{SEED}:{agency.code}:{year}:{position}",
    )


def plan_catalogue(
    *, agencies: list[Agency], today: date, cal: WorkingDayCalendar, scale: float = 1.0
) -> list[Plan]:
    """Every item the demo publishes, in publication order. Pure: no database writes."""
    years: dict[tuple[int, int], list[Plan]] = {}
    for index, agency in enumerate(agencies):
        prof = profile(agency)
        rng = random.Random(f"{SEED}:catalogue:{agency.code}")  # noqa: S311
        # The portfolio's own templates weigh three times the budget and procurement ones everyone has.
        templates = [t for family in prof.families for t in FAMILIES[family]] * 3 + list(COMMON)
        for year in range(FIRST_YEAR, today.year + 1):
            share = 1.0 if year < today.year else (today - date(year, 1, 1)).days / 365
            count = round(prof.volume * share * scale)
            drawn = [
                _make_plan(
                    rng,
                    agency=agency,
                    index=index,
                    template=rng.choice(templates),
                    year=year,
                    position=n,
                    today=today,
                    cal=cal,
                )
                for n in range(count)
            ]
            years[index, year] = [p for p in drawn if p is not None]
    _ensure_categories(years, agencies, today, cal)
    plans: list[Plan] = []
    for (index, _year), made in years.items():
        made.sort(key=lambda p: p.created_on)
        serial = {"": 0, "规": 0}
        rng = random.Random(f"{SEED}:numbers:{index}:{_year}")  # noqa: S311
        for plan in made:
            if plan.template.genre in _NUMBERED_GENRES:
                kind = "规" if plan.template.kind in (ND, REG) else ""
                serial[kind] += rng.randint(1, 3)
                prefix = profile(agencies[index]).doc_prefix
                plan.document_number = f"{prefix}{kind}〔{plan.created_on.year}〕{serial[kind]}号"
        plans.extend(made)
    # A reduced build (the test suite's) keeps the governments' reports and every n-th agency's.
    report_step = 1 if scale >= 1 else max(1, round(1 / scale))
    for index, agency in enumerate(agencies):
        if agency.kind != Kind.GOVERNMENT and index % report_step:
            continue
        rng = random.Random(f"{SEED}:reports:{agency.code}")  # noqa: S311
        plans.extend(_report_plans(rng, index, agency, today, cal))
    _decorate(plans, today)
    return sorted(plans, key=lambda p: (p.published_on or date.max, p.created_on, p.seed))


def _ensure_categories(
    years: dict[tuple[int, int], list[Plan]], agencies: list[Agency], today: date, cal: WorkingDayCalendar
) -> None:
    """Even a small build publishes something in every 第二十条 category and a 规章 (the portal's browse
    pages and table 二 need them): add one item from a fitting template where a category is missing."""
    published = {p.template.category for made in years.values() for p in made if p.published_on}
    has_regulation = any(p.template.kind == REG for made in years.values() for p in made if p.published_on)
    year = today.year - 1
    for category in Category.values:
        if category in published and (category != 1 or has_regulation):
            continue
        for index, agency in enumerate(agencies):
            fits = [
                t
                for family in profile(agency).families
                for t in FAMILIES[family]
                if t.category == category and (category != 1 or t.kind == REG)
            ]
            if fits and (category != 1 or agency.level == Level.CITY):
                rng = random.Random(f"{SEED}:coverage:{category}")  # noqa: S311
                plan = _make_plan(
                    rng,
                    agency=agency,
                    index=index,
                    template=fits[0],
                    year=year,
                    position=1000 + category,
                    today=today,
                    cal=cal,
                )
                if plan is not None and plan.published_on is not None:
                    years.setdefault((index, year), []).append(plan)
                    break


_NUMBERED_GENRES = frozenset(
    {
        Genre.DECISION,
        Genre.ORDER,
        Genre.OPINION,
        Genre.NOTICE,
        Genre.REPLY,
        Genre.MEASURES,
        Genre.RULES,
        Genre.BULLETIN,
    }
)


def _decorate(plans: list[Plan], today: date) -> None:
    """Validity changes, withdrawals and 回应解读, chosen with one generator over the whole plan."""
    rng = random.Random(f"{SEED}:catalogue:decorate")  # noqa: S311
    published = [i for i, p in enumerate(plans) if p.published_on is not None]
    documents = [i for i in published if plans[i].template.kind in (ND, REG)]
    for i in documents:
        plan = plans[i]
        assert plan.published_on is not None  # noqa: S101  (narrowing)
        if plan.published_on.year <= today.year - 2 and rng.random() < 0.3:
            on = plan.published_on + timedelta(days=rng.randint(120, 600))
            if on < today:
                kind = Validity.REPEALED if rng.random() < 0.6 else Validity.EXPIRED
                plan.validity_change = (kind, on)
    for i in documents:
        if rng.random() < 0.35:
            source = plans[i]
            assert source.published_on is not None  # noqa: S101
            created = source.published_on
            answered_on = min(created + timedelta(days=rng.randint(0, 4)), today)
            answer_kind = rng.choice(INTERPRETATION_KINDS)
            word = INTERPRETATION_WORDS[answer_kind]
            plans.append(
                Plan(
                    source.agency_index,
                    Template(
                        source.template.category,
                        Genre.INTERPRETATION,
                        source.template.topic,
                        "",
                        "",
                        DocKind.OTHER,
                        (1, 12),
                        (W, WX),
                    ),
                    f"《{source.title}》{word}",
                    f"围绕《{source.title}》的出台背景、主要内容和适用对象进行解读，回应社会关切。",
                    created,
                    answered_on,
                    interpretation_of=source,
                    interpretation_kind=answer_kind,
                    seed=f"{source.seed}:interpretation",
                )
            )
    candidates = [
        i
        for i in published
        if plans[i].template.kind == DocKind.OTHER and plans[i].report_year is None and plans[i].published_on
    ]
    for n, i in enumerate(rng.sample(candidates, min(len(candidates), 8))):
        plan = plans[i]
        assert plan.published_on is not None  # noqa: S101
        on = min(plan.published_on + timedelta(days=rng.randint(3, 90)), today)
        plan.withdraw = (WITHDRAWAL_REASONS[n % len(WITHDRAWAL_REASONS)], on)


# --- text -------------------------------------------------------------------------------------------

POINTS = (
    "各单位要高度重视，明确分管领导和具体责任人，确保各项工作按时完成。",
    "严格执行有关法律法规和政策规定，做到程序规范、公开透明、结果公正。",
    "加强政策宣传解读，通过政府网站、政务新媒体等渠道及时回应群众关切。",
    "畅通咨询和投诉渠道，对群众反映的问题及时核查、依法处理并反馈结果。",
    "建立工作台账，定期调度工作进展，对推进不力的单位予以通报。",
    "做好资金保障，严格资金管理，确保专款专用，主动接受审计和社会监督。",
    "强化部门协同和数据共享，减少群众提交材料，推行“一网通办”。",
)


def body_html(plan: Plan, agency: Agency, rng: random.Random) -> str:
    genre = plan.template.genre
    signature = (
        f"<p>{agency.name}</p><p>{plan.created_on.year}年{plan.created_on.month}月{plan.created_on.day}日</p>"
    )
    if genre in (Genre.STATISTICS, Genre.LIST):
        rows = "".join(
            f"<tr><td>{k}</td><td>{rng.choice(AREAS)}{rng.choice(('项目', '片区', '单位', '站点'))}</td>"
            f"<td>{rng.randint(3, 980)}</td><td>{rng.uniform(-6, 12):.1f}%</td></tr>"
            for k in range(1, rng.randint(4, 8))
        )
        return (
            f"<p>{plan.summary}</p><table><thead><tr><th>序号</th><th>名称</th><th>数量</th><th>同比</th>"
            f"</tr></thead><tbody>{rows}</tbody></table><p>注：数据来源于{agency.name}，如有疑问请致电咨询。</p>"
        )
    if genre == Genre.REPORT:
        sections = ("一、基本情况", "二、主要工作和成效", "三、存在的问题", "四、下一步工作安排")
        return (
            "".join(f"<h3>{s}</h3><p>{rng.choice(POINTS)}{rng.choice(POINTS)}</p>" for s in sections)
            + signature
        )
    if genre == Genre.INTERPRETATION:
        return (
            f"<h3>一、出台背景</h3><p>{plan.summary}</p><h3>二、主要内容</h3><p>{rng.choice(POINTS)}</p>"
            f"<h3>三、适用对象和实施时间</h3><p>自发布之日起施行。</p><h3>四、咨询方式</h3>"
            f"<p>{agency.office_name}，电话{agency.office_phone}。</p>"
        )
    points = "".join(f"<p>{'一二三四'[k]}、{p}</p>" for k, p in enumerate(rng.sample(POINTS, 3)))
    opening = "各有关单位：" if genre in (Genre.NOTICE, Genre.OPINION, Genre.BULLETIN) else ""
    return (
        f"<p>{opening}</p><p>{plan.summary}现将有关事项{_verb(genre)}如下：</p>{points}{signature}".replace(
            "<p></p>", ""
        )
    )


VERBS: dict[str, str] = {Genre.NOTICE: "通知", Genre.DECISION: "决定", Genre.BULLETIN: "通报"}


def _verb(genre: str) -> str:
    return VERBS.get(genre, "公布")


# --- annual reports -----------------------------------------------------------------------------------

REPORT_TEMPLATE = Template(
    15,
    Genre.REPORT,
    "综合政务\\政务公开",
    "",
    "",
    DocKind.OTHER,
    (1, 1),
    (W, G),
)


def _report_plans(
    rng: random.Random, index: int, agency: Agency, today: date, cal: WorkingDayCalendar
) -> list[Plan]:
    """Each finished year's 政府信息公开工作年度报告, published by 31 January (条例 第四十九条、第五十条)."""
    plans = []
    for year in range(FIRST_YEAR, today.year):
        created = _on_working_day(cal, date(year + 1, 1, rng.randint(8, 20)))
        try:
            published = min(cal.add_working_days(created, rng.randint(1, 5)), date(year + 1, 1, 31))
        except MissingScheduleError:
            published = created
        if created > today:
            continue
        plans.append(
            Plan(
                index,
                REPORT_TEMPLATE,
                f"{agency.name}{year}年政府信息公开工作年度报告",
                f"报告{agency.name}{year}年主动公开、依申请公开、政府信息管理、平台建设和监督保障等工作情况。",
                created,
                published if published <= today else None,
                report_year=year,
                seed=f"{SEED}:{agency.code}:report:{year}",
            )
        )
    return plans


def report_body(agency: Agency, year: int) -> str:
    """The report's text, with the year's counts as the catalogue and the request docket hold them."""
    items = Item.objects.filter(agency=agency, published_on__year=year).exclude(status=Status.DRAFT)
    issued = items.filter(kind__in=(ND, REG)).count()
    requests = DisclosureRequest.objects.filter(agency=agency, received_on__year=year)
    received = requests.count()
    replied = requests.filter(replied_on__isnull=False).count()
    return (
        "<h3>一、总体情况</h3>"
        f"<p>{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "坚持以公开为常态、不公开为例外，持续深化政务公开。</p>"
        "<h3>二、主动公开政府信息情况</h3>"
        f"<p>全年通过政府网站等渠道主动公开政府信息{items.count()}条，其中制发行政规范性文件和规章{issued}件。</p>"
        "<h3>三、收到和处理政府信息公开申请情况</h3>"
        f"<p>全年收到政府信息公开申请{received}件，已答复{replied}件。</p>"
        "<h3>四、政府信息公开行政复议、行政诉讼情况</h3><p>详见统计表。</p>"
        "<h3>五、存在的主要问题及改进情况</h3>"
        "<p>政策解读的形式还不够丰富，部分信息发布的及时性有待提高。下一步将加强培训和考核。</p>"
        "<h3>六、其他需要报告的事项</h3><p>本年度未收取信息处理费。</p>"
    )


# --- building ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueResult:
    published: int
    pending: int
    reports: int
    seconds: float


def _topics() -> dict[str, int]:
    return {t.full_name: t.pk for t in Topic.objects.select_related("parent")}


def _publish(item: Item, published_on: date) -> Item:
    services.item_submit(actor=None, item=item)
    services.item_approve(actor=None, item=item, checklist=ALL_TICKED)
    return services.item_publish(actor=None, item=item, published_on=published_on)


def _create(
    agency: Agency,
    plan: Plan,
    topics: dict[str, int],
    *,
    actor: User | None = None,
    answers: tuple[int, ...] = (),
    body: str = "",
) -> Item:
    template = plan.template
    if not body:
        if plan.report_year is not None:
            body = report_body(agency, plan.report_year)
        else:
            body = body_html(plan, agency, random.Random(plan.seed))  # noqa: S311
    return services.item_create(
        actor=actor,
        agency=agency,
        data=ItemInput(
            title=plan.title,
            created_on=plan.created_on,
            category=template.category,
            summary=plan.summary,
            body=body,
            document_number=plan.document_number,
            topic_id=topics.get(template.topic),
            genre=template.genre,
            channels=template.channels,
            kind=template.kind,
            valid_from=plan.created_on + timedelta(days=30) if template.kind in (ND, REG) else None,
            interpretation_kind=plan.interpretation_kind,
            answers=answers,
        ),
    )


def _pending_state(item: Item, plan: Plan, today: date) -> None:
    """An item not yet due for publication waits where its age puts it."""
    age = (today - plan.created_on).days
    if age <= 2:
        return  # still a draft
    services.item_submit(actor=None, item=item)
    if age > 9:
        services.item_approve(actor=None, item=item, checklist=ALL_TICKED)


def build_catalogue(*, stdout: Writer, scale: float | None = None) -> CatalogueResult:
    """Write the planned catalogue through the services. Call inside the demo build's transaction, after
    the city and the requests exist."""
    started = time.perf_counter()
    scale = DEFAULT_SCALE if scale is None else scale
    today = timezone.localdate()
    cal = calendar.get_calendar()
    agencies = list(Agency.objects.active().order_by("path"))
    topics = _topics()
    plans = plan_catalogue(agencies=agencies, today=today, cal=cal, scale=scale)
    made: dict[int, Item] = {}
    published = pending = reports = 0
    for plan in plans:
        agency = agencies[plan.agency_index]
        answers: tuple[int, ...] = ()
        if plan.interpretation_of is not None:
            source = made.get(id(plan.interpretation_of))
            if source is None or source.status != Status.PUBLISHED:
                continue
            answers = (source.pk,)
        item = _create(agency, plan, topics, answers=answers)
        made[id(plan)] = item
        if plan.published_on is None:
            _pending_state(item, plan, today)
            pending += 1
            continue
        made[id(plan)] = _publish(item, plan.published_on)
        published += 1
        reports += plan.report_year is not None
    for plan in plans:
        done = made.get(id(plan))
        if done is None or done.status != Status.PUBLISHED:
            continue
        item = done
        if plan.validity_change is not None:
            validity, on = plan.validity_change
            services.item_set_validity(actor=None, item=item, validity=validity, on=on)
        if plan.withdraw is not None:
            reason, on = plan.withdraw
            services.item_withdraw(actor=None, item=item, reason=reason, on=on)
    _guides(agencies)
    pending += _review_queue(topics, today, cal)
    pending += _from_requests()
    result = CatalogueResult(published, pending, reports, time.perf_counter() - started)
    stdout.write(
        f"已建立 {result.published} 条主动公开信息（含 {result.reports} 份政府信息公开工作年度报告）、"
        f"{result.pending} 条待审核或待发布信息，用时 {result.seconds:.1f} 秒。\n"
    )
    return result


# --- guides, the review queue and 依申请转主动 ------------------------------------------------------


GUIDE_DEPARTMENTS = ("教育局", "公安局", "人力资源和社会保障局", "卫生健康委员会", "住房和城乡建设局")


def guide_body(agency: Agency) -> str:
    return (
        f"<p>根据《中华人民共和国政府信息公开条例》，为便于公民、法人和其他组织获取{agency.name}的政府信息，"
        "编制本指南。</p>"
        "<h3>一、主动公开</h3>"
        "<p>（一）公开范围：本机关依照条例第十九条、第二十条的规定主动公开的政府信息，详见政府信息公开目录。</p>"
        "<p>（二）公开方式：主要通过本机关门户网站“政府信息公开”专栏公开，并视情通过政府公报、新闻发布会、"
        "政务新媒体、政务服务中心查阅点等渠道公开。</p>"
        "<p>（三）公开时限：属于主动公开范围的政府信息，自形成或者变更之日起20个工作日内予以公开。</p>"
        "<h3>二、依申请公开</h3>"
        "<p>（一）受理机构："
        + agency.office_name
        + "，地址："
        + agency.office_address
        + "，邮政编码："
        + agency.office_postcode
        + "，办公时间："
        + agency.office_hours
        + "，联系电话："
        + agency.office_phone
        + "，传真："
        + agency.office_fax
        + "，电子邮箱："
        + agency.office_email
        + "。</p>"
        "<p>（二）申请方式：可通过本平台在线提交，或以信函、传真、当面等方式提出申请。申请时须提供"
        "申请人的姓名或者名称、身份证明、联系方式，以及所需政府信息的名称、文号或者便于查询的其他特征性描述。</p>"
        "<p>（三）答复期限：能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内答复；"
        "需要延长答复期限的，经本机关政府信息公开工作机构负责人同意，延长期限最长不超过20个工作日。</p>"
        "<p>（四）收费：提供政府信息不收取费用。申请数量、频次明显超过合理范围的，按照国务院办公厅规定收取信息处理费。</p>"
        "<h3>三、监督和救济</h3>"
        "<p>公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者"
        "政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。</p>"
    )


def _guides(agencies: list[Agency]) -> int:
    chosen = [
        a
        for a in agencies
        if (a.kind == Kind.GOVERNMENT and a.level in (Level.CITY, Level.COUNTY))
        or (a.level == Level.CITY and any(a.name.endswith(d) for d in GUIDE_DEPARTMENTS))
    ]
    for agency in chosen:
        services.guide_save(actor=None, agency=agency, body=guide_body(agency))
    return len(chosen)


def fictional_resident_id(born: date, serial: int) -> str:
    """A 居民身份证号码 with a valid check character in prefecture 3599, which does not exist."""
    body = f"359901{born:%Y%m%d}{serial:03d}"
    return body + resident_id_check_char(body)


REVIEW_AGENCY = "明湖市教育局"


def _review_queue(topics: dict[str, int], today: date, cal: WorkingDayCalendar) -> int:
    """明湖市教育局's reviewer finds work in every state, one item carrying personal data."""
    agency = Agency.objects.filter(name=REVIEW_AGENCY).first()
    if agency is None:
        return 0
    clerk = User.objects.filter(username="jyj_clerk").first()
    reviewer = User.objects.filter(username="jyj_reviewer").first()
    index = next(i for i, a in enumerate(Agency.objects.active().order_by("path")) if a.pk == agency.pk)

    def day(n: int) -> date:
        try:
            return _on_working_day(cal, today - timedelta(days=n))
        except MissingScheduleError:
            return today - timedelta(days=n)

    def plan(title: str, category: int, genre: str, summary: str, days: int) -> Plan:
        return Plan(
            index,
            Template(category, genre, "科技、教育\\教育", "", "", DocKind.OTHER, (1, 12), (W, WX)),
            title,
            summary,
            day(days),
            None,
            seed=f"{SEED}:queue:{title}",
        )

    person = fictional_resident_id(date(1986, 4, 12), 27)
    with_pii = plan(
        f"{today.year}年度明湖市优秀教师拟表彰人选公示",
        11,
        Genre.ANNOUNCEMENT,
        f"公示{today.year}年度明湖市优秀教师拟表彰人选，公示期5个工作日。",
        3,
    )
    pii_body = (
        f"<p>经学校推荐、区县教育局审核，拟表彰{today.year}年度明湖市优秀教师10名，现予公示。</p>"
        f"<p>1. 林某某，明湖市第三中学教师，身份证号码{person}。</p>"
        "<p>2. 陈某某，明湖市实验小学教师。</p>"
        "<p>公示期间如有异议，请向明湖市教育局人事科反映。</p>"
    )
    item = _create(agency, with_pii, topics, actor=clerk, body=pii_body)
    services.item_submit(actor=clerk, item=item)

    clean = plan(
        f"关于{today.year}年秋季学期中小学校车安全检查情况的通报",
        13,
        Genre.BULLETIN,
        f"通报{today.year}年秋季学期全市校车安全专项检查发现的问题及整改要求。",
        4,
    )
    services.item_submit(actor=clerk, item=_create(agency, clean, topics, actor=clerk))

    approved = plan(
        f"明湖市教育局{today.year}年第四季度政府采购意向公开",
        9,
        Genre.LIST,
        f"公开明湖市教育局{today.year}年第四季度拟采购项目的名称、预算金额和预计采购时间。",
        6,
    )
    approved_item = _create(agency, approved, topics, actor=clerk)
    services.item_submit(actor=clerk, item=approved_item)
    services.item_approve(actor=reviewer, item=approved_item, checklist=ALL_TICKED, comment="同意发布")

    returned = plan(
        f"关于做好{today.year + 1}年义务教育招生入学工作的通知（征求意见稿）",
        11,
        Genre.NOTICE,
        f"就{today.year + 1}年义务教育招生入学工作安排征求社会公众意见。",
        5,
    )
    returned_item = _create(agency, returned, topics, actor=clerk)
    services.item_submit(actor=clerk, item=returned_item)
    services.item_return(actor=reviewer, item=returned_item, comment="请补充文号，并附招生划片范围表。")

    draft = plan(
        f"明湖市教育局关于公布{today.year}年民办学校年度检查结果的通知",
        5,
        Genre.NOTICE,
        f"公布{today.year}年全市民办学校年度检查结果。",
        1,
    )
    _create(agency, draft, topics, actor=clerk)
    return 5


def _from_requests() -> int:
    """依申请转主动 (条例 第四十四条): two information items several applicants asked for."""
    replied = (
        DisclosureRequest.objects.filter(status=RequestStatus.REPLIED, outcome__in=("r1_open", "r2_partial"))
        .order_by("-replied_on", "number")
        .values_list("pk", "agency_id")
    )
    chosen: list[int] = []
    agencies: set[int] = set()
    for pk, agency_id in replied:
        if agency_id not in agencies:
            chosen.append(pk)
            agencies.add(agency_id)
        if len(chosen) == 2:
            break
    for pk in chosen:
        services.draft_from_request(actor=None, request_id=pk)
    return len(chosen)
