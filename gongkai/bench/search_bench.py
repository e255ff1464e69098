"""`gongkai bench --search N`: search latency over N generated catalogue items.

Builds a throw-away database (on SQLite a file of its own, var/bench-search.sqlite3, never the
development database), writes N published items of plausible Chinese text (titles, summaries and
bodies from templates × vocabulary) straight into the catalogue and search tables in bulk, then
times a fixed mix of queries through the real backend next to a naive `icontains` scan over the
same items in the same run.
"""

from __future__ import annotations

import platform
import random
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import setup_databases, teardown_databases
from django.utils import timezone

from gongkai.bench.runner import Result, measure

TOPICS = [
    "城乡居民医保参保缴费", "最低生活保障标准", "义务教育招生入学", "居民管道燃气价格", "防汛应急预案",
    "电动自行车登记", "高校毕业生就业创业", "社保卡申领", "老旧小区改造", "生活垃圾分类",
    "公办幼儿园收费", "特困人员救助供养", "异地就医直接结算", "集中供暖", "安全生产专项整治",
    "政府集中采购目录", "行政规范性文件备案", "政务公开工作要点", "政府信息公开工作年度报告",
    "农村公路养护", "耕地保护", "秋粮收购", "退役军人优抚", "居家养老服务补贴", "残疾人两项补贴",
    "房屋征收补偿", "城市轨道交通建设", "生态环境状况", "食品安全抽检", "药品集中带量采购",
    "营商环境优化", "小微企业减税降费", "住房公积金缴存", "公共租赁住房保障", "学生资助",
    "中小学教师招聘", "公务员考试录用", "行政处罚裁量基准", "户口迁移", "消防安全检查",
]  # fmt: skip
PLACES = ["明湖市", "东湖区", "西山县", "南港区", "北塘镇", "湖滨街道", "青石乡", "新城区"]
ACTIONS = ["关于做好", "关于印发", "关于调整", "关于公布", "关于进一步加强", "关于开展"]
KINDS = ["工作的通知", "实施方案", "管理办法", "情况的公告", "工作安排", "标准的通知", "实施细则"]
SENTENCES = [
    "为贯彻落实上级决策部署，切实做好{place}{topic}工作，结合本地实际，制定本方案。",
    "各县（区）人民政府、市直各有关单位要高度重视{topic}，明确责任分工，确保各项措施落到实处。",
    "{year}年，全市{topic}工作取得明显成效，惠及群众{n}万人次。",
    "本通知自{year}年{m}月{d}日起施行，由{place}相关部门负责解释。",
    "有关政策执行情况将按照政府信息公开条例的规定及时向社会公开，接受群众监督。",
    "申请人可通过政务服务网、12345热线或者到政务服务中心窗口咨询办理。",
    "对落实不力、造成不良影响的，依法依规追究相关单位和人员的责任。",
    "资金由市、县两级财政按比例分担，专款专用，任何单位不得截留挪用。",
    "各地要加强宣传解读，通过政府网站、政务新媒体等渠道公开办事指南和咨询电话。",
    "经统计，共受理相关申请{n}件，办结率达到百分之九十八以上。",
]  # fmt: skip

QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("2-char 医保 (relevance)", {"text": "医保"}),
    ("2-char 公开, very common (relevance)", {"text": "公开"}),
    ("2-char 公开, very common (date)", {"text": "公开", "order": "date"}),
    ("4-char 义务教育 (relevance)", {"text": "义务教育"}),
    ("phrase 城乡居民医保参保缴费 (relevance)", {"text": "城乡居民医保参保缴费"}),
    ("phrase 政府信息公开工作年度报告 (date)", {"text": "政府信息公开工作年度报告", "order": "date"}),
    ("two words 燃气 价格 (relevance)", {"text": "燃气 价格"}),
    ("two words, one very common: 公开 医保 (relevance)", {"text": "公开 医保"}),
    ("two words, one very common: 公开 医保 (date)", {"text": "公开 医保", "order": "date"}),
    ("two very common words 公开 工作 (relevance)", {"text": "公开 工作"}),
    ("two words never in one item 医保 防汛 (relevance)", {"text": "医保 防汛"}),
    ("文号 明政办〔2024〕12号", {"text": "明政办〔2024〕12号"}),
    ("filtered 医保 + agency subtree + year (relevance)", {"text": "医保", "subtree": True, "year": 2025}),
    ("filtered 公开 + category (date)", {"text": "公开", "category": 11, "order": "date"}),
    ("page 5 of 最低生活保障 (relevance)", {"text": "最低生活保障", "page": 5}),
    ("absent word 量子计算 (relevance)", {"text": "量子计算"}),
]
# The naive scan stops at the 20th match walking the date index, so common words are cheap for it;
# rare and absent words make it read every row.
NAIVE = ["医保", "公开", "义务教育", "城乡居民医保参保缴费", "明政办〔2024〕12号", "量子计算"]


def _texts(rng: random.Random, n: int, first: date, days: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        topic = rng.choice(TOPICS)
        place = rng.choice(PLACES)
        published = first + timedelta(days=rng.randrange(days))
        year = published.year

        def fill(template: str, place: str = place, topic: str = topic, year: int = year) -> str:
            return template.format(
                place=place,
                topic=topic,
                year=year,
                n=rng.randint(2, 900),
                m=rng.randint(1, 12),
                d=rng.randint(1, 28),
            )

        title = f"{rng.choice(ACTIONS)}{place}{year}年{topic}{rng.choice(KINDS)}"
        body = "".join(fill(s) for s in rng.sample(SENTENCES, rng.randint(3, 6)))
        yield {
            "serial": i,
            "title": title,
            "summary": fill(rng.choice(SENTENCES[:4])),
            "body": body,
            "number": f"明政办〔{year}〕{rng.randint(1, 200)}号" if rng.random() < 0.3 else "",
            "published_on": published,
            "category": rng.choice([1, 5, 7, 8, 11, 12, 13, 15]),
        }


def _agencies() -> list[Any]:
    """A city with four counties of five departments each: subtree filters have something to cut."""
    from gongkai.agencies import services as agency_services
    from gongkai.agencies.codes import fictional_uscc

    root = agency_services.agency_create(
        actor=None, name="基准市人民政府", kind="government", level="city", code=fictional_uscc(1)
    )
    agencies = [root]
    for c in range(4):
        county = agency_services.agency_create(
            actor=None,
            name=f"基准第{c + 1}县人民政府",
            kind="government",
            level="county",
            code=fictional_uscc(10 + c),
            parent=root,
        )
        agencies.append(county)
        agencies += [
            agency_services.agency_create(
                actor=None,
                name=f"第{c + 1}县第{d + 1}局",
                kind="department",
                level="county",
                code=fictional_uscc(100 + c * 10 + d),
                parent=county,
            )
            for d in range(5)
        ]
    return agencies


def _build(n: int, batch: int = 5000) -> dict[str, Any]:
    from gongkai.catalogue.models import Item
    from gongkai.catalogue.workflow import Status
    from gongkai.search.backend import filter_tokens
    from gongkai.search.models import Kind, chunk_key
    from gongkai.search.tokenize import document_token_string, fold_document_number

    agencies = _agencies()
    rng = random.Random(20260401)  # noqa: S311  (reproducible text, not secrets)
    today = timezone.localdate()
    first = date(2019, 1, 1)
    days = (today - first).days
    sqlite = connection.vendor == "sqlite"
    chunk_sql = (
        "INSERT INTO search_chunk (id, item_id, kind, agency_path, category, year, published_on, "
        "document_number, text, tokens) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    )
    started = time.perf_counter()
    index_seconds = 0.0
    texts = _texts(rng, n, first, days)
    done = 0
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
            # Merge index segments once at the end instead of during the load (~30% faster).
            cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 0)")
    while done < n:
        rows = [next(texts) for _ in range(min(batch, n - done))]
        with transaction.atomic():
            items = Item.objects.bulk_create(
                [
                    Item(
                        agency=agencies[r["serial"] % len(agencies)],
                        index_number=f"BENCH/{r['published_on'].year}-{r['serial']:07d}",
                        title=r["title"],
                        summary=r["summary"],
                        body=f"<p>{r['body']}</p>",
                        document_number=r["number"],
                        created_on=r["published_on"],
                        published_on=r["published_on"],
                        category=r["category"],
                        status=Status.PUBLISHED,
                    )
                    for r in rows
                ],
                batch_size=1000,
            )
            if items and items[0].pk is None:  # SQLite before 3.35 returns no ids
                raise RuntimeError("bulk_create returned no primary keys; the bench needs them")
            t0 = time.perf_counter()
            chunks = []
            for item, r in zip(items, rows, strict=True):
                number = fold_document_number(r["number"])
                pieces = [(Kind.TITLE, r["title"])]
                if r["number"]:
                    pieces.append((Kind.NUMBER, r["number"]))
                pieces += [(Kind.SUMMARY, r["summary"]), (Kind.BODY, r["body"])]
                path = item.agency.path
                chunks += [
                    (
                        chunk_key(r["published_on"], item.pk, k),
                        item.pk,
                        int(kind),
                        path,
                        r["category"],
                        r["published_on"].year,
                        r["published_on"],
                        number,
                        text,
                        document_token_string(text)
                        + " "
                        + " ".join(
                            filter_tokens(
                                path, r["category"], r["published_on"].year, title=kind == Kind.TITLE
                            )
                        ),
                    )
                    for k, (kind, text) in enumerate(pieces)
                ]
            with connection.cursor() as cursor:
                cursor.executemany(chunk_sql, chunks)
            index_seconds += time.perf_counter() - t0
        done += len(rows)
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('automerge', 4)")
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "county": agencies[1],
        "build_seconds": round(time.perf_counter() - started, 1),
        "index_items_per_s": round(n / index_seconds) if index_seconds else 0,
    }


def _search_fn(backend: Any, query: Any) -> Callable[[], object]:
    def fn() -> object:
        return backend.search(query)

    return fn


def _naive_fn(text: str) -> Callable[[], object]:
    from gongkai.catalogue.models import Item

    def fn() -> object:
        return list(
            Item.objects.published()
            .filter(Q(title__icontains=text) | Q(summary__icontains=text) | Q(body__icontains=text))
            .order_by("-published_on", "-pk")
            .values_list("pk", flat=True)[:20]
        )

    return fn


def run(n: int, *, runs: int = 40, naive_runs: int = 5) -> dict[str, Any]:
    from gongkai.search.backend import Query, get_backend

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        # A file of its own: a million items do not fit comfortably in memory, and the development
        # database is never touched.
        db.setdefault("TEST", {})["NAME"] = str(settings.VAR_DIR / "bench-search.sqlite3")
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        built = _build(n)
        backend = get_backend()
        results: list[Result] = []
        totals: dict[str, Any] = {}
        for name, spec in QUERIES:
            query = Query(
                text=spec["text"],
                agency_path=built["county"].path if spec.get("subtree") else None,
                year=spec.get("year"),
                category=spec.get("category"),
                order=spec.get("order", "relevance"),
                page=spec.get("page", 1),
            )
            found = backend.search(query)
            totals[name] = {"total": found.total, "capped": found.capped, "hits": len(found.hits)}
            results.append(measure(f"search: {name}", _search_fn(backend, query), runs=runs))
        for text in NAIVE:
            results.append(
                measure(
                    f"naive icontains over title/summary/body: {text} (newest 20)",
                    _naive_fn(text),
                    runs=naive_runs,
                )
            )
        return {
            "generated_at": timezone.now().isoformat(),
            "items": n,
            "database": connection.vendor,
            "build_seconds": built["build_seconds"],
            "index_items_per_s": built["index_items_per_s"],
            "python": platform.python_version(),
            "results": [r.__dict__ for r in results],
            "result_counts": totals,
        }
    finally:
        teardown_databases(old_config, verbosity=0)
