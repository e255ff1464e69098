"""Several years of 依申请公开 at a dozen 明湖市 agencies, so the demo shows a living platform.

Everything is written through `gongkai.disclosure_requests.services` (and the appeals services), so
the history, audit log and stored due dates are exactly what real clerks would have produced. Each
request draws from its own seeded generator, keyed by agency, year and position: the plan is the
same on every build, and only "today" decides how far each request has come — requests whose next
step falls after today simply wait in their current state, which is what fills the current docket.

Applicants are fictional: resident ID numbers use the province code 35 with the unallocated
prefecture 99 (3599xx), organisations get `fictional_uscc` codes above 5,000,000, and mail goes to
the reserved `.example` domain (and, during the build, nowhere at all).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency
from gongkai.appeals import services as appeals_services
from gongkai.appeals.models import Appeal, AppealKind, AppealResult
from gongkai.core import calendar
from gongkai.core.identifiers import resident_id_check_char
from gongkai.core.workdays import MissingScheduleError, WorkingDayCalendar
from gongkai.demo.city import Writer
from gongkai.disclosure_requests import fees, outcomes, services
from gongkai.disclosure_requests.fees import FeeMode
from gongkai.disclosure_requests.models import (
    ApplicantType,
    Channel,
    Consultation,
    Delivery,
    DisclosureRequest,
    IdType,
    InfoForm,
)
from gongkai.disclosure_requests.workflow import OPEN, Status

FIRST_YEAR = 2023
SEED = 2026
RESIDENT_AREA = "3599"  # province 35 is real (so the check accepts it); prefecture 99 is unallocated
ORG_SERIAL_BASE = 5_000_000  # far above the agencies' serials (city.py uses < 10,000)
CORRECTION_PERIOD = 15  # working days the demo agencies give for a 补正
# Share of the full volume `gongkai demo` builds. The test suite runs the command many times (test_demo.py)
# and needs the city, not four years of history: a tenth keeps every state and outcome (see
# _ensure_coverage) at a tenth of the time.
DEFAULT_SCALE = 0.1 if settings.TESTING else 1.0


@dataclass(frozen=True)
class Desk:
    """One agency's request desk: who works it, what people ask it about and how busy it is."""

    agency: str
    topics: str  # key of TOPICS
    volume: tuple[int, int]  # requests per full year
    head: str  # office head: approves extensions and delays (条例 第三十三条)
    clerk: str | None = None  # handles the rest; the head does it where the agency has no clerk
    county: int | None = None  # index into PLACES for local place names; None = the whole city


DESKS: tuple[Desk, ...] = (
    Desk("明湖市人民政府", "government", (30, 40), "szf_head"),
    Desk("明湖市教育局", "education", (30, 40), "jyj_head", "jyj_clerk"),
    Desk("明湖市公安局", "police", (55, 70), "gaj_head", "gaj_clerk"),
    Desk("明湖市自然资源和规划局", "land", (65, 85), "zrzy_head", "zrzy_clerk"),
    Desk("明湖市住房和城乡建设局", "housing", (65, 85), "zjj_head", "zjj_clerk"),
    Desk("明湖市人力资源和社会保障局", "labour", (30, 40), "rsj_head", "rsj_clerk"),
    Desk("明湖市卫生健康委员会", "health", (25, 35), "wjw_head", "wjw_clerk"),
    Desk("明湖市生态环境局", "environment", (30, 40), "sthj_head"),
    Desk("明湖市东湖区人民政府", "district", (35, 50), "donghu_head", county=0),
    Desk(
        "明湖市东湖区教育局", "district_education", (25, 35), "donghu_jyj_head", "donghu_jyj_clerk", county=0
    ),
    Desk("明湖市东湖区住房和城乡建设局", "district_housing", (35, 50), "donghu_zjj_head", county=0),
    Desk("明湖市东湖区湖滨街道办事处", "street", (25, 30), "hubin_head", "hubin_clerk", county=0),
)

# (county or district, its 片区/村 names, its roads); the first is 东湖区, where the district desks sit.
PLACES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("东湖区", ("湖滨", "月湾", "柳岸", "东岸", "望湖", "翠柳"), ("东湖大道", "望湖路", "湖心路", "翠柳街")),
    ("西岭区", ("枫林", "西关", "松涛", "翠屏", "文昌"), ("西岭大道", "枫林路", "松涛街", "文昌路")),
    ("南桥区", ("桥头", "南浦", "荷塘", "新港", "白沙", "石门"), ("南桥大道", "荷塘路", "滨江路", "新港街")),
    ("北山县", ("青石", "云溪", "石坪", "松岭"), ("北山大道", "迎宾路", "青石街")),
    ("清源县", ("梅溪", "凤栖", "桃源", "杨柳"), ("清源大道", "梅溪路", "凤栖街")),
)

# Placeholders: {y} year, {d} county/district, {p} 片区, {r} road, {r2} another road, {n} a number,
# {c} a company. Land, housing and demolition lead, as they do in every real annual report.
TOPICS: dict[str, tuple[str, ...]] = {
    "government": (
        "{y}年度政府工作报告重点任务分解方案",
        "关于{d}{p}片区房屋征收决定的批复",
        "{y}年度国有土地使用权出让收入及使用情况",
        "{d}{p}村集体土地征收的省人民政府批复文件",
        "市人民政府常务会议纪要（{y}年第{n}次）",
        "{y}年度市本级财政预算执行情况报告",
        "{r}快速路建设项目立项批复",
        "{d}{p}片区城市更新实施方案",
    ),
    "education": (
        "{y}年度城区义务教育学校招生划片方案",
        "{y}年{d}公办幼儿园新建项目规划",
        "明湖市第{n}中学{y}年度收费项目及标准",
        "{y}年度中小学教师公开招聘成绩及拟聘用名单",
        "{y}年中考照顾加分资格审核结果",
        "{d}民办学校办学许可审批情况",
        "{y}年度义务教育阶段校车运营补助资金分配表",
    ),
    "police": (
        "{y}年{d}道路交通违法行为处罚统计数据",
        "{r}与{r2}交叉路口交通信号灯设置依据",
        "{y}年度部门预算及“三公”经费说明",
        "明湖市电动自行车登记上牌管理办法",
        "{r}电子警察抓拍设备设置审批文件",
        "{y}年度治安管理处罚案件统计",
        "{d}{p}派出所辖区户籍迁入政策文件",
        "{d}机动车限行措施的决策依据及听证材料",
    ),
    "land": (
        "{d}{p}片区控制性详细规划及批复文件",
        "{d}{p}村集体土地征收批复及征地补偿安置方案",
        "{r}以东{n}号地块国有建设用地使用权出让合同",
        "{d}{p}安置小区建设用地规划许可证及附图",
        "{y}年度土地征收成片开发方案",
        "{d}{p}片区土地征收红线图及勘测定界报告",
        "{p}{n}号地块商品住宅项目建设工程规划许可证及总平面图",
        "{d}{p}村征地社会稳定风险评估报告",
        "{c}名下{d}{p}地块土地出让金缴纳凭证",
    ),
    "housing": (
        "明湖市{d}{p}片区旧城改造项目房屋征收补偿方案",
        "{d}{p}片区房屋征收决定及社会稳定风险评估报告",
        "{p}{n}号地块商品房预售许可证及预售资金监管协议",
        "{y}年度公共租赁住房保障对象审核名单",
        "{d}{p}老旧小区改造项目财政资金使用情况",
        "{r}道路拓宽工程房屋征收评估机构选定结果",
        "{d}{p}片区征收项目安置房分配方案",
        "{c}建筑施工企业资质核查结果",
    ),
    "labour": (
        "{y}年度明湖市最低工资标准调整文件",
        "{c}职工工伤认定决定书",
        "{y}年度事业单位公开招聘面试成绩",
        "{y}年度失业保险稳岗返还企业名单",
        "{y}年度高级职称评审通过人员名单",
        "{c}拖欠农民工工资劳动保障监察处理结果",
        "{y}年度被征地农民养老保险参保办法",
    ),
    "health": (
        "{y}年度医疗机构执业许可证核发情况",
        "明湖市第{n}人民医院{y}年度部门预算",
        "{y}年度法定传染病疫情统计数据",
        "{d}社区卫生服务中心设置规划",
        "{y}年度医疗纠纷人民调解统计",
        "{d}{p}卫生院新建项目可行性研究报告批复",
    ),
    "environment": (
        "{r}道路拓宽工程环境影响评价批复",
        "{d}{p}垃圾焚烧发电项目环境影响报告书",
        "{c}排污许可证及自行监测数据",
        "{y}年度{d}环境空气质量监测数据",
        "{d}{p}河段{y}年水质监测报告",
        "{c}环境行政处罚决定书",
        "{d}{p}110千伏变电站项目电磁环境影响评价批复",
    ),
    "district": (
        "{d}{p}片区房屋征收决定公告及补偿方案",
        "{d}{p}村集体土地征收补偿安置情况",
        "{d}{y}年度财政决算报告",
        "{d}{p}社区违法建筑强制拆除决定书",
        "{d}{y}年度重点建设项目计划",
        "{d}{p}片区棚户区改造项目立项文件",
        "{d}{p}片区征收补偿款发放明细",
    ),
    "district_education": (
        "{y}年度{d}小学招生学区划分方案",
        "{d}第{n}小学扩建工程立项批复",
        "{y}年度{d}教师交流轮岗名单",
        "{d}{p}幼儿园普惠性认定结果",
        "{y}年度{d}义务教育学校课后服务收费标准",
    ),
    "district_housing": (
        "{d}{p}片区旧城改造项目房屋征收补偿方案",
        "{d}{p}片区房屋征收评估报告",
        "{d}{p}小区老旧小区改造施工合同",
        "{d}{p}{n}号安置地块分房方案",
        "{d}{p}片区临时安置费发放标准",
        "{r}拓宽工程沿线房屋征收范围图",
    ),
    "street": (
        "湖滨街道{p}社区违法建设拆除决定书",
        "湖滨街道{y}年度最低生活保障对象名单",
        "湖滨街道{p}社区居民委员会换届选举结果",
        "湖滨街道{y}年度部门预算",
        "湖滨街道{p}小区既有住宅加装电梯补助审核情况",
    ),
}

PURPOSES: dict[str, tuple[str, ...]] = {
    ApplicantType.NATURAL_PERSON: (
        "本人房屋位于该范围内，需了解相关依据和补偿标准。",
        "本人系利害关系人，用于维护自身合法权益。",
        "子女入学需要，了解相关政策。",
        "关注居住地周边建设项目，了解审批情况。",
        "用于行政复议和诉讼举证。",
        "了解相关政策执行情况。",
    ),
    ApplicantType.COMMERCIAL: (
        "公司经营决策需要。",
        "用于公司参与项目投标前的尽职调查。",
        "核实本公司相关审批情况。",
    ),
    ApplicantType.LEGAL_SERVICES: ("受当事人委托，用于案件代理。", "用于诉讼案件举证。"),
    ApplicantType.RESEARCH: ("用于课题研究，仅作学术用途。", "开展政策评估研究需要。"),
    ApplicantType.PUBLIC_INTEREST: ("开展环境公益监督需要。", "用于公益项目调研。"),
    ApplicantType.OTHER_ORG: ("维护小区业主共同权益。", "集体经济组织成员大会讨论需要。"),
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余叶程苏魏吕丁沈任姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文斌海燕宇浩婷雪梅晨欣怡子涵嘉俊鹏飞志宏春林"
)
ORG_NAMES: dict[str, tuple[str, ...]] = {
    ApplicantType.COMMERCIAL: (
        "明湖{w}置业有限公司",
        "明湖{w}建设工程有限公司",
        "明湖{w}科技有限公司",
        "明湖{w}房地产开发有限公司",
        "明湖{w}物业服务有限公司",
        "明湖{w}环保工程有限公司",
        "明湖{w}商贸有限公司",
    ),
    ApplicantType.LEGAL_SERVICES: ("明湖{w}律师事务所", "明湖{w}律师事务所", "明湖市{w}法律服务所"),
    ApplicantType.RESEARCH: ("明湖大学{w}研究中心", "明湖社会科学院{w}研究所", "明湖理工学院{w}研究院"),
    ApplicantType.PUBLIC_INTEREST: (
        "明湖市{w}环保公益服务中心",
        "明湖市{w}志愿者协会",
        "明湖市{w}公益基金会",
    ),
    ApplicantType.OTHER_ORG: ("{w}小区业主委员会", "{w}村股份经济合作社", "明湖市{w}行业协会"),
}
ORG_WORDS = (
    "宏远",
    "恒信",
    "锦程",
    "华瑞",
    "嘉和",
    "鼎盛",
    "致远",
    "同德",
    "博雅",
    "清风",
    "绿源",
    "新桥",
    "长青",
    "启明",
    "正道",
    "天衡",
    "和光",
    "汇川",
    "明德",
    "润泽",
)

APPLICANT_TYPES: tuple[tuple[str, int], ...] = (
    (ApplicantType.NATURAL_PERSON, 75),
    (ApplicantType.COMMERCIAL, 9),
    (ApplicantType.LEGAL_SERVICES, 7),
    (ApplicantType.RESEARCH, 3),
    (ApplicantType.PUBLIC_INTEREST, 3),
    (ApplicantType.OTHER_ORG, 3),
)
CHANNELS: tuple[tuple[str, int], ...] = (
    (Channel.ONLINE, 62),
    (Channel.LETTER, 18),
    (Channel.IN_PERSON, 11),
    (Channel.EMAIL, 6),
    (Channel.FAX, 2),
    (Channel.OTHER, 1),
)
# How the desks' replies fall over the rows of table 三 (rows reached through a procedure included).
OUTCOME_WEIGHTS: dict[str, float] = {
    "r1_open": 40,
    "r2_partial": 10,
    "r3_1": 0.3,
    "r3_2": 0.5,
    "r3_3": 0.6,
    "r3_4": 2,
    "r3_5": 1.5,
    "r3_6": 3,
    "r3_7": 1.5,
    "r3_8": 2,
    "r4_1": 20,
    "r4_2": 3,
    "r4_3": 1,
    "r5_1": 2.5,
    "r5_2": 3,
    "r5_3": 0.5,
    "r5_4": 0.4,
    "r5_5": 1,
    "r6_1": 1.5,
    "r6_2": 0.15,
    "r6_3": 4,
}
DELIVERY: dict[str, tuple[str, str]] = {
    Channel.ONLINE: (InfoForm.ELECTRONIC, Delivery.ONLINE),
    Channel.LETTER: (InfoForm.PAPER, Delivery.POST),
    Channel.IN_PERSON: (InfoForm.PAPER, Delivery.PICKUP),
    Channel.EMAIL: (InfoForm.ELECTRONIC, Delivery.EMAIL),
    Channel.FAX: (InfoForm.PAPER, Delivery.FAX),
    Channel.OTHER: (InfoForm.PAPER, Delivery.POST),
}
EXTENSION_REASONS = (
    "申请公开的信息涉及多个年度的档案，需调档逐件检索",
    "申请内容涉及多个内设机构，需会同核查",
    "申请公开的信息数量较大，需逐页进行保密审查",
)
WITHDRAW_REASONS = (
    "申请人已通过其他途径获取相关信息",
    "申请人表示问题已解决，申请撤回",
    "申请人书面申请撤回",
)
CORRECTION_ITEMS = (
    "请明确所需政府信息的名称、文号或便于查询的其他特征性描述（如项目名称、时间、地点）。",
    "请补充提供申请人身份证明复印件，并明确所需信息的具体年度。",
    "申请内容表述为咨询性问题，请明确需要获取的具体政府信息。",
)
# The current docket every build shows, whatever the scale: state -> desks (indexes into DESKS).
DOCKET: dict[str, tuple[int, ...]] = {
    "received": (0, 2, 4, 8),
    "due_soon": (1, 3, 4, 10),
    "overdue": (2, 4, 8),
    "correction": (3, 5, 9),
    "consulting": (3, 7),
    "payment": (4, 10),
}


@dataclass(frozen=True)
class Person:
    type: str
    applicant: services.Applicant


@dataclass
class Plan:
    desk: int
    received_on: date
    person: Person
    channel: str
    title: str
    outcome: str
    seed: str
    kind: str = "normal"  # "normal" | "bulk" | a DOCKET state
    position: int = 0  # in a bulk series: the applicant's nth application this month, from 0
    late: bool = False  # replied after the due date, whatever the draw
    paid_fee: bool = False  # a 按量 fee notice, paid, whatever the draw


@dataclass
class Context:
    today: date
    cal: WorkingDayCalendar
    agencies: list[Agency]
    clerks: list[User]
    heads: list[User]
    organs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RequestsResult:
    requests: int
    open: int
    appeals: int
    complaints: int
    seconds: float


# --- applicants -------------------------------------------------------------------------------


def resident_id(rng: random.Random, today: date) -> str:
    """A valid, fictional 居民身份证号码 (address code 3599xx, born 1950–2004)."""
    born = date(1950, 1, 1) + timedelta(days=rng.randrange((date(2004, 12, 31) - date(1950, 1, 1)).days))
    born = min(born, today)
    body = f"{RESIDENT_AREA}{rng.randint(1, 5):02d}{born:%Y%m%d}{rng.randrange(1000):03d}"
    return body + resident_id_check_char(body)


def _people(rng: random.Random, today: date) -> list[Person]:
    people: list[Person] = []
    for n in range(420):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        district, _, roads = rng.choice(PLACES)
        people.append(
            Person(
                ApplicantType.NATURAL_PERSON,
                services.Applicant(
                    type=ApplicantType.NATURAL_PERSON,
                    name=name,
                    id_type=IdType.RESIDENT_ID,
                    id_number=resident_id(rng, today),
                    phone=f"0599-{rng.choice('67')}{rng.randrange(10**6):06d}",
                    email=f"resident{n:03d}@mail.example" if rng.random() < 0.55 else "",
                    address=f"明湖市{district}{rng.choice(roads)}{rng.randint(1, 299)}号{rng.randint(1, 30)}栋{rng.randint(1, 28)}0{rng.randint(1, 4)}室",
                    postcode="359000",
                ),
            )
        )
    serial = ORG_SERIAL_BASE
    for kind, patterns in ORG_NAMES.items():
        words = rng.sample(ORG_WORDS, len(ORG_WORDS))
        for i, word in enumerate(words[: 4 * len(patterns)]):
            serial += 1
            district, _, roads = rng.choice(PLACES)
            people.append(
                Person(
                    kind,
                    services.Applicant(
                        type=kind,
                        name=patterns[i % len(patterns)].format(w=word),
                        id_type=IdType.USCC,
                        id_number=fictional_uscc(serial),
                        phone=f"0599-8{rng.randrange(10**7):07d}",
                        email=f"office{serial - ORG_SERIAL_BASE:03d}@org.example",
                        address=f"明湖市{district}{rng.choice(roads)}{rng.randint(1, 299)}号",
                        postcode="359000",
                        contact_person=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    ),
                )
            )
    return people


def _weighted(rng: random.Random, table: tuple[tuple[str, int], ...] | dict[str, float]) -> str:
    items = list(table.items()) if isinstance(table, dict) else list(table)
    return rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]


def _title(rng: random.Random, desk: Desk, year: int, companies: list[str]) -> str:
    district, towns, roads = PLACES[desk.county] if desk.county is not None else rng.choice(PLACES)
    two = rng.sample(roads, 2)
    return rng.choice(TOPICS[desk.topics]).format(
        y=year - rng.choice((0, 0, 0, 1)),
        d=district,
        p=rng.choice(towns),
        r=two[0],
        r2=two[1],
        n=rng.randint(1, 40),
        c=rng.choice(companies),
    )


# --- planning ---------------------------------------------------------------------------------


def _working_days_before(cal: WorkingDayCalendar, day: date, n: int) -> date:
    cursor, count = day, 0
    while count < n:
        cursor -= timedelta(days=1)
        if cal.is_working_day(cursor):
            count += 1
    return cursor


def _on_or_before_working(cal: WorkingDayCalendar, day: date) -> date:
    while not cal.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _on_or_after_working(cal: WorkingDayCalendar, day: date) -> date:
    while not cal.is_working_day(day):
        day += timedelta(days=1)
    return day


def plan_requests(*, today: date, cal: WorkingDayCalendar, scale: float = 1.0) -> list[Plan]:
    """Every request of the demo, in the order they arrived. Pure given today and the calendar."""
    rng = random.Random(SEED)  # noqa: S311  (demo data, not cryptography)
    people = _people(rng, today)
    by_type: dict[str, list[Person]] = {}
    for person in people:
        by_type.setdefault(person.type, []).append(person)
    companies = [p.applicant.name for p in by_type[ApplicantType.COMMERCIAL]]
    years = [y for y in range(FIRST_YEAR, today.year + 1) if cal.has_year(y)]
    plans: list[Plan] = []
    for index, desk in enumerate(DESKS):
        for year in years:
            first, last = date(year, 1, 1), min(date(year, 12, 31), today)
            share = ((last - first).days + 1) / 365
            count = round(rng.randint(*desk.volume) * share * scale)
            for i in range(count):
                r = random.Random(f"{SEED}:{desk.agency}:{year}:{i}")  # noqa: S311
                channel = _weighted(r, CHANNELS)
                received = first + timedelta(days=r.randrange((last - first).days + 1))
                # Online applications arrive on any day; everything else is signed for on working days.
                if channel != Channel.ONLINE or r.random() < 0.85:
                    forward = _on_or_after_working(cal, received)
                    received = forward if forward <= last else _on_or_before_working(cal, received)
                kind = _weighted(r, APPLICANT_TYPES)
                # A few regulars account for many applications, as in every agency's register.
                pool = by_type[kind]
                person = pool[
                    min(int(r.paretovariate(1.2)) - 1, len(pool) - 1)
                    if r.random() < 0.3
                    else r.randrange(len(pool))
                ]
                plans.append(
                    Plan(
                        index,
                        received,
                        person,
                        channel,
                        _title(r, desk, received.year, companies),
                        _weighted(r, OUTCOME_WEIGHTS),
                        f"{SEED}:{desk.agency}:{year}:{i}:life",
                    )
                )
    _ensure_coverage(rng, plans, today, by_type)
    plans += _bulk_series(
        rng,
        people=by_type[ApplicantType.NATURAL_PERSON],
        companies=companies,
        years=years,
        today=today,
        cal=cal,
        scale=scale,
    )
    plans += _docket(rng, people, companies, today, cal)
    plans.sort(key=lambda p: (p.received_on, p.desk, p.position))
    return plans


def _ensure_coverage(
    rng: random.Random, plans: list[Plan], today: date, by_type: dict[str, list[Person]]
) -> None:
    """Every row of table 三, applicant type and channel occurs at least once, even at a small scale."""
    settled = [p for p in plans if p.received_on <= today - timedelta(days=150)]
    chosen = rng.sample(settled, min(len(settled), len(outcomes.KEYS)))
    for plan, key in zip(chosen, outcomes.KEYS, strict=False):
        plan.outcome = key
    # A few late replies at any scale, so supervision always has something to show.
    ordinary = [p for p in settled if p not in chosen and p.outcome in {"r1_open", "r4_1"}]
    picked = rng.sample(ordinary, min(len(ordinary), 5))
    for plan in picked[:3]:
        plan.late = True
    for plan in picked[3:]:
        plan.outcome, plan.paid_fee = "r1_open", True
    for key, _ in CHANNELS:
        if not any(p.channel == key for p in plans):
            rng.choice(plans).channel = key
    for key, _ in APPLICANT_TYPES:
        if not any(p.person.type == key for p in plans):
            rng.choice(plans).person = by_type[key][0]


def _bulk_series(
    rng: random.Random,
    *,
    people: list[Person],
    companies: list[str],
    years: list[int],
    today: date,
    cal: WorkingDayCalendar,
    scale: float,
) -> list[Plan]:
    """Once a year a regular files a dozen applications in one month with a land or housing desk: the
    11th and later cost 信息处理费 按件 (国办函〔2020〕109号 第四条), and some are 延迟答复 (第三十五条)."""
    plans: list[Plan] = []
    full_years = [y for y in years if date(y, 11, 30) < today]
    for year in full_years[: max(1, round(len(full_years) * scale))]:
        desk = rng.choice((3, 4, 10))
        person = rng.choice(people)
        month = rng.randint(3, 10)
        day = date(year, month, 1)
        size = rng.randint(12, 14)
        for position in range(size):
            while not cal.is_working_day(day):
                day += timedelta(days=1)
            r = random.Random(f"{SEED}:bulk:{year}:{position}")  # noqa: S311
            # The 12th application's fee goes unpaid: 视为放弃申请, row （六）2.
            outcome = (
                "r6_2" if position == 11 else r.choice(("r1_open", "r4_1", "r5_2", "r5_4", "r4_1", "r1_open"))
            )
            plans.append(
                Plan(
                    desk,
                    day,
                    person,
                    Channel.ONLINE,
                    _title(r, DESKS[desk], year, companies),
                    outcome,
                    f"{SEED}:bulk:{year}:{position}:life",
                    "bulk",
                    position,
                )
            )
            if r.random() < 0.6 and day.day < 20:
                day += timedelta(days=1)
    return plans


def _docket(
    rng: random.Random, people: list[Person], companies: list[str], today: date, cal: WorkingDayCalendar
) -> list[Plan]:
    """Requests in every open state as of today, some overdue and some about to fall due."""
    if not cal.has_year(today.year):
        return []
    last = _on_or_before_working(cal, today)
    back = {"received": 0, "due_soon": 18, "overdue": 24, "correction": 3, "consulting": 10, "payment": 8}
    plans: list[Plan] = []
    for state, desks in DOCKET.items():
        for n, index in enumerate(desks):
            r = random.Random(f"{SEED}:docket:{state}:{n}")  # noqa: S311
            received = _working_days_before(cal, last, back[state] + (n % 3 if state == "overdue" else 0))
            person = r.choice(people[:420]) if r.random() < 0.8 else r.choice(people[420:])
            plans.append(
                Plan(
                    index,
                    received,
                    person,
                    _weighted(r, CHANNELS),
                    _title(r, DESKS[index], today.year, companies),
                    "r1_open",
                    f"{SEED}:docket:{state}:{n}:life",
                    state,
                )
            )
    return plans


# --- building ---------------------------------------------------------------------------------


def _applicant_info(plan: Plan, rng: random.Random) -> services.InfoRequested:
    form, delivery = DELIVERY[plan.channel]
    if delivery == Delivery.EMAIL and not plan.person.applicant.email:
        delivery = Delivery.POST
    return services.InfoRequested(
        title=plan.title, description=rng.choice(PURPOSES[plan.person.type]), form=form, delivery=delivery
    )


class _Stop(Exception):
    """The plan's next step lies after today: the request waits where it is."""


def _run(plan: Plan, ctx: Context) -> DisclosureRequest:
    rng = random.Random(plan.seed)  # noqa: S311
    clerk = ctx.clerks[plan.desk]
    oral = plan.channel == Channel.IN_PERSON and rng.random() < 0.15
    request = services.request_submit(
        actor=clerk,
        agency=ctx.agencies[plan.desk],
        applicant=plan.person.applicant,
        info=_applicant_info(plan, rng),
        channel=plan.channel,
        received_on=plan.received_on,
        oral=oral,
        intake_note="申请人口头提出，工作人员代为填写并经申请人确认" if oral else "",
    ).request
    try:
        if plan.kind in DOCKET:
            _run_docket(plan, request, ctx, rng)
        else:
            _Life(plan, request, ctx, rng).run()
    except _Stop:
        pass
    return request


def _at(ctx: Context, day: date) -> date:
    if day > ctx.today:
        raise _Stop
    return day


def _fits(ctx: Context, start: date, n: int) -> date | None:
    """start + n working days, or None when that reaches a year without a holiday schedule."""
    try:
        return ctx.cal.add_working_days(start, n)
    except MissingScheduleError:
        return None


def _need(ctx: Context, start: date, n: int) -> None:
    # A period running into a year without a schedule cannot be set; a clerk would wait for the schedule.
    if _fits(ctx, start, n) is None:
        raise _Stop


def _run_docket(plan: Plan, request: DisclosureRequest, ctx: Context, rng: random.Random) -> None:
    clerk, cal = ctx.clerks[plan.desk], ctx.cal
    received = plan.received_on
    if plan.kind == "received":
        return
    if plan.kind == "correction":
        _need(ctx, received, 1 + CORRECTION_PERIOD)
        services.request_correction_ask(
            actor=clerk,
            request=request,
            items=rng.choice(CORRECTION_ITEMS),
            sent_on=_at(ctx, cal.add_working_days(received, 1)),
            period_days=CORRECTION_PERIOD,
        )
        return
    request = services.request_accept(
        actor=clerk, request=request, on=_at(ctx, cal.add_working_days(received, 1))
    )
    last = _on_or_before_working(cal, ctx.today)
    if plan.kind == "consulting":
        services.consultation_start(
            actor=clerk,
            request=request,
            party=_party(rng, ctx, plan),
            sent_on=_working_days_before(cal, last, 2),
        )
    elif plan.kind == "payment":
        _need(ctx, last, fees.PAYMENT_PERIOD_WORKING_DAYS)
        services.fee_quote(
            actor=clerk,
            request=request,
            mode=FeeMode.PER_PAGE,
            pages=rng.randint(45, 180),
            sent_on=_working_days_before(cal, last, 1),
        )


def _party(rng: random.Random, ctx: Context, plan: Plan) -> str:
    if rng.random() < 0.6:
        return rng.choice(ORG_NAMES[ApplicantType.COMMERCIAL]).format(w=rng.choice(ORG_WORDS))
    return rng.choice([o for o in ctx.organs if o != DESKS[plan.desk].agency])


class _Life:
    """One request's planned history, played step by step until it is finished or reaches today."""

    def __init__(self, plan: Plan, request: DisclosureRequest, ctx: Context, rng: random.Random) -> None:
        self.plan, self.request, self.ctx, self.rng = plan, request, ctx, rng
        self.clerk, self.head = ctx.clerks[plan.desk], ctx.heads[plan.desk]
        self.last = plan.received_on  # the date of the latest step so far

    def later(self, day: date, lo: int, hi: int) -> date:
        """lo..hi working days after day; stops the history there if that is after today."""
        return _at(self.ctx, self.ctx.cal.add_working_days(day, self.rng.randint(lo, hi)))

    def run(self) -> None:
        outcome = self.plan.outcome
        if outcome in {"r4_3", "r6_1"} or (
            outcome not in {"r6_2", "r6_3"} and self.plan.kind == "normal" and self.rng.random() < 0.08
        ):
            if self.correct():
                return
        elif self.rng.random() < 0.95:
            self.accept()
        if outcome == "r6_3":
            services.request_withdraw(
                actor=self.clerk,
                request=self.request,
                on=self.later(self.last, 1, 10),
                reason=self.rng.choice(WITHDRAW_REASONS),
            )
            return
        eager = outcome in {"r3_4", "r6_2"} or self.plan.kind == "bulk" or self.plan.paid_fee
        if self.request.status == Status.RECEIVED and (eager or self.rng.random() < 0.2):
            self.accept()
        self.consult()
        self.extend()
        if self.charge():
            return
        self.delay()
        self.reply()

    def accept(self) -> None:
        self.last = self.later(self.last, 0, 2)
        self.request = services.request_accept(actor=self.clerk, request=self.request, on=self.last)

    def correct(self) -> bool:
        """The one-time 补正 notice; True when the applicant never answered (（六）1)."""
        sent = self.later(self.last, 1, 6)
        _need(self.ctx, sent, CORRECTION_PERIOD)
        self.request = services.request_correction_ask(
            actor=self.clerk,
            request=self.request,
            items=self.rng.choice(CORRECTION_ITEMS),
            sent_on=sent,
            period_days=CORRECTION_PERIOD,
        )
        due = self.request.correction_due_on
        assert due is not None  # noqa: S101  (set by the service)
        if self.plan.outcome == "r6_1":
            services.request_close_uncorrected(
                actor=self.clerk, request=self.request, on=self.later(due, 1, 5)
            )
            return True
        self.last = self.later(sent, 2, 12)
        self.request = services.request_correction_receive(
            actor=self.clerk, request=self.request, received_on=self.last
        )
        return False

    def consult(self) -> None:
        rng, outcome = self.rng, self.plan.outcome
        wanted = rng.random() < (
            0.8 if outcome == "r3_4" else 0.07 if outcome in {"r1_open", "r2_partial"} else 0
        )
        if not wanted or self.request.status != Status.ACCEPTED:
            return
        sent = self.later(self.last, 1, 6)
        organ = rng.random() < 0.3
        self.request = services.consultation_start(
            actor=self.clerk,
            request=self.request,
            sent_on=sent,
            party=rng.choice(self.ctx.organs) if organ else _party(rng, self.ctx, self.plan),
            party_kind=Consultation.PartyKind.ORGAN if organ else Consultation.PartyKind.THIRD_PARTY,
        )
        self.last = self.later(sent, 4, 15)
        self.request = services.consultation_end(
            actor=self.clerk,
            request=self.request,
            received_on=self.last,
            opinion=rng.choice(
                ("不同意公开，涉及商业秘密", "同意公开", "同意公开，但请对个人信息作区分处理")
            ),
        )

    def extend(self) -> None:
        due = self.request.due_on
        if self.request.status != Status.ACCEPTED or due is None or self.rng.random() >= 0.1:
            return
        days = self.rng.choice((10, 15, 20, 20))
        on = max(self.last, _working_days_before(self.ctx.cal, due, self.rng.randint(0, 4)))
        if on <= due and _fits(self.ctx, due, days) is not None:
            self.request = services.request_extend(
                actor=self.head,
                request=self.request,
                reason=self.rng.choice(EXTENSION_REASONS),
                on=_at(self.ctx, on),
                days=days,
            )
            self.last = on

    def charge(self) -> bool:
        """A 信息处理费 notice where the plan has one; True when it went unpaid (（六）2)."""
        rng, plan = self.rng, self.plan
        fee: tuple[FeeMode, int | None, bool] | None = None
        if plan.kind == "bulk" and plan.position >= 10:
            fee = (FeeMode.PER_REQUEST, None, plan.outcome != "r6_2")
        elif plan.outcome == "r6_2":
            fee = (FeeMode.PER_PAGE, rng.randint(60, 400), False)
        elif plan.paid_fee or (plan.outcome in {"r1_open", "r2_partial"} and rng.random() < 0.015):
            fee = (FeeMode.PER_PAGE, rng.randint(35, 260), plan.paid_fee or rng.random() < 0.9)
        if fee is None or self.request.status != Status.ACCEPTED:
            return False
        mode, pages, paid = fee
        sent = self.later(self.last, 1, 4)
        _need(self.ctx, sent, fees.PAYMENT_PERIOD_WORKING_DAYS)
        self.request = services.fee_quote(
            actor=self.clerk, request=self.request, mode=mode, pages=pages, sent_on=sent
        )
        if not paid:
            payment_due = self.request.fees.get().payment_due_on
            assert payment_due is not None  # noqa: S101  (set by the service)
            services.request_close_unpaid(
                actor=self.clerk, request=self.request, on=self.later(payment_due, 1, 4)
            )
            return True
        self.last = self.later(sent, 2, 12)
        self.request = services.fee_record_payment(actor=self.clerk, request=self.request, paid_on=self.last)
        return False

    def delay(self) -> None:
        due = self.request.due_on
        if self.plan.kind != "bulk" or self.plan.position not in {6, 9} or due is None:
            return
        until = _fits(self.ctx, due, self.rng.randint(20, 30))
        if until is None or self.request.status != Status.ACCEPTED:
            return
        self.last = self.later(self.last, 1, 3)
        self.request = services.request_delay(
            actor=self.head,
            request=self.request,
            until=until,
            on=self.last,
            reason="申请人同月提出大量申请，数量、频次明显超过合理范围，确定延迟答复期限（条例第三十五条）",
        )

    def reply(self) -> None:
        due = self.request.due_on
        if due is None:
            return  # the calendar cannot tell the due date yet; a clerk would wait too
        span = self.ctx.cal.working_days_between(self.last, due)
        if self.plan.late or self.rng.random() < 0.012:
            replied = self.later(due, 1, 8)  # late: supervision has these to show
        elif span <= 0:
            replied = self.last
        else:
            replied = self.later(self.last, 1, min(span, 18))
        services.request_reply(
            actor=self.clerk, request=self.request, outcome=self.plan.outcome, replied_on=replied
        )


def _staff(username: str | None) -> User | None:
    return User.objects.get(username=username) if username else None


def mail_to_nowhere() -> override_settings:
    """The applicants are fictional and their addresses unroutable: the build's notices go nowhere."""
    return override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")


def build_requests(*, stdout: Writer, scale: float | None = None) -> RequestsResult:
    """Write every planned request through the services. Call inside the demo build's transaction and
    `mail_to_nowhere()`."""
    started = time.perf_counter()
    scale = DEFAULT_SCALE if scale is None else scale
    today = timezone.localdate()
    cal = calendar.get_calendar()
    agencies = [Agency.objects.get(name=desk.agency) for desk in DESKS]
    heads = [User.objects.get(username=desk.head) for desk in DESKS]
    clerks = [_staff(desk.clerk) or head for desk, head in zip(DESKS, heads, strict=True)]
    organs = [desk.agency for desk in DESKS]
    ctx = Context(today, cal, agencies, clerks, heads, organs)
    plans = plan_requests(today=today, cal=cal, scale=scale)
    made = [_run(plan, ctx) for plan in plans]
    appeals, complaints = _build_appeals(ctx)
    still_open = DisclosureRequest.objects.filter(status__in=OPEN).count()
    result = RequestsResult(len(made), still_open, appeals, complaints, time.perf_counter() - started)
    years = f"{FIRST_YEAR}—{today.year}"
    stdout.write(
        f"已建立 {result.requests} 件依申请公开记录（{years}年，其中办理中 {result.open} 件）、"
        f"{result.appeals} 件复议诉讼案件、{result.complaints} 件投诉，用时 {result.seconds:.1f} 秒。\n"
    )
    return result


# Outcomes applicants contest: refusals, "not held", partial disclosure and 不予处理.
APPEALABLE = ("r2_partial", "r3_3", "r3_4", "r3_5", "r3_6", "r3_7", "r4_1", "r4_2", "r5_1", "r5_2")
APPEAL_KINDS: tuple[tuple[str, int], ...] = (
    (AppealKind.RECONSIDERATION, 60),
    (AppealKind.LITIGATION_DIRECT, 25),
    (AppealKind.LITIGATION_AFTER_RECONSIDERATION, 15),
)
APPEAL_RESULTS: tuple[tuple[str, int], ...] = (
    (AppealResult.UPHELD, 60),
    (AppealResult.CORRECTED, 20),
    (AppealResult.OTHER, 20),
)
COMPLAINTS = (
    (
        "申请人反映其政府信息公开申请未在法定期限内获得答复。",
        "经核查，已督促该机关依法作出答复，并向投诉人反馈处理情况。",
    ),
    (
        "投诉人认为答复书未说明不予公开的理由和依据。",
        "经核查，答复书理由说明不够充分，已要求该机关补充说明并加强答复文书规范。",
    ),
    (
        "反映该机关未在网站公布政府信息公开申请的受理渠道。",
        "已督促该机关在政府信息公开指南中补充公布申请渠道。",
    ),
    (
        "投诉人反映当面申请时窗口工作人员拒绝接收申请材料。",
        "经调查核实，已对相关工作人员进行批评教育，并向投诉人致歉。",
    ),
)


CASE_PREFIX = {"省人民政府": "省政复", "明湖市人民政府": "明政复", "明湖市东湖区人民政府": "东政复"}


def _reviewing_organ(index: int) -> str:
    # Since the 2023 复议法, county-level and higher governments hear appeals against their departments;
    # a government's own acts go to the government above it.
    if index == 0:
        return "省人民政府"
    if DESKS[index].county is not None and index != 8:
        return "明湖市东湖区人民政府"
    return "明湖市人民政府"


def _court(index: int) -> str:
    # Cases against a county-level or higher government go to the 中级人民法院 (行政诉讼法 第十五条).
    return "明湖市中级人民法院" if index in {0, 8} else "明湖市东湖区人民法院"


def _build_appeals(ctx: Context) -> tuple[int, int]:
    """A few 复议 and 诉讼 cases a year against contested replies, and a few 举报投诉; the latest still open."""
    rng = random.Random(f"{SEED}:appeals")  # noqa: S311
    today = ctx.today
    desk_of = {agency.pk: index for index, agency in enumerate(ctx.agencies)}
    contested = list(
        DisclosureRequest.objects.filter(status=Status.REPLIED, outcome__in=APPEALABLE).order_by("number")
    )
    late = list(
        DisclosureRequest.objects.filter(replied_on__gt=F("due_on"))
        .exclude(outcome__in=("r6_1", "r6_2"))
        .order_by("number")
    )
    appeals = complaints = 0
    serial: Counter[tuple[str, int]] = Counter()
    for year in sorted({r.received_on.year for r in contested}):
        pool = [r for r in contested if r.replied_on is not None and r.replied_on.year == year]
        if year == today.year:
            # This year's cases are recent, so some are still being heard.
            pool = [r for r in pool if r.replied_on is not None and 60 <= (today - r.replied_on).days <= 100]
        for request in rng.sample(pool, min(len(pool), rng.randint(2, 6))):
            assert request.replied_on is not None  # noqa: S101  (filtered above)
            appeals += _appeal(
                rng,
                ctx,
                request=request,
                index=desk_of[request.agency_id],
                replied_on=request.replied_on,
                serial=serial,
            )
        # One applicant a year complains that the reply came late, between the due date and the reply.
        late_this_year = [r for r in late if r.received_on.year == year]
        for request in rng.sample(late_this_year, min(1, len(late_this_year))):
            assert request.due_on is not None  # noqa: S101  (filtered on it)
            complaints += _complaint(
                rng, ctx, desk_of[request.agency_id], request.due_on + timedelta(days=1), request
            )
        for _ in range(rng.randint(0, 2)):
            index = rng.randrange(len(DESKS))
            day = _on_or_after_working(ctx.cal, date(year, rng.randint(1, 12), rng.randint(1, 28)))
            complaints += _complaint(rng, ctx, index, day, None)
    overdue = DisclosureRequest.objects.overdue(today).order_by("number").first()
    if overdue is not None:
        assert overdue.due_on is not None  # noqa: S101  (overdue means a due date has passed)
        complaints += _complaint(
            rng, ctx, desk_of[overdue.agency_id], overdue.due_on + timedelta(days=1), overdue
        )
    return appeals, complaints


def _appeal(
    rng: random.Random,
    ctx: Context,
    *,
    request: DisclosureRequest,
    index: int,
    replied_on: date,
    serial: Counter[tuple[str, int]],
) -> int:
    kind = _weighted(rng, APPEAL_KINDS)
    # 复议 within 60 days of learning of the reply (复议法 第二十条), 诉讼 within six months.
    filed = replied_on + timedelta(days=rng.randint(15, 55))
    cases = 0
    if kind == AppealKind.LITIGATION_AFTER_RECONSIDERATION:
        first = _case(
            rng,
            ctx,
            request=request,
            index=index,
            kind=AppealKind.RECONSIDERATION,
            filed=filed,
            serial=serial,
            result=AppealResult.UPHELD,
        )
        if first is None or first.decided_on is None:
            return 1 if first is not None else 0
        cases, filed = 1, first.decided_on + timedelta(days=rng.randint(7, 14))
    second = _case(rng, ctx, request=request, index=index, kind=kind, filed=filed, serial=serial)
    return cases + (1 if second is not None else 0)


def _case(
    rng: random.Random,
    ctx: Context,
    *,
    request: DisclosureRequest,
    index: int,
    kind: str,
    filed: date,
    serial: Counter[tuple[str, int]],
    result: str | None = None,
) -> Appeal | None:
    if filed > ctx.today:
        return None
    reconsideration = kind == AppealKind.RECONSIDERATION
    organ = _reviewing_organ(index) if reconsideration else _court(index)
    serial[(organ, filed.year)] += 1
    n = serial[(organ, filed.year)] + 3 * rng.randint(1, 6)
    number = (
        f"{CASE_PREFIX[organ]}〔{filed.year}〕{n}号"
        if reconsideration
        else f"（{filed.year}）明{'' if index in {0, 8} else '0102'}行初{n}号"
    )
    appeal = appeals_services.appeal_register(
        actor=ctx.clerks[index],
        agency=ctx.agencies[index],
        kind=kind,
        filed_on=filed,
        request=request,
        case_number=number,
        organ=organ,
        appellant=request.applicant_name,
        summary=f"申请人不服本机关就“{request.info_title}”作出的答复（{request.get_outcome_display()}），"
        + ("申请行政复议。" if reconsideration else "提起行政诉讼。"),
    )
    # 复议 is decided within 60 days (extendable by 30); first-instance trials take up to six months.
    decided = filed + timedelta(days=rng.randint(45, 85) if reconsideration else rng.randint(90, 180))
    if decided <= ctx.today:
        appeal = appeals_services.appeal_decide(
            actor=ctx.clerks[index],
            appeal=appeal,
            result=result or _weighted(rng, APPEAL_RESULTS),
            decided_on=decided,
        )
    return appeal


def _complaint(
    rng: random.Random, ctx: Context, index: int, received: date, request: DisclosureRequest | None
) -> int:
    if received > ctx.today:
        return 0
    if request is not None:
        received = max(received, request.received_on)
    summary, handling = COMPLAINTS[0] if request is not None else rng.choice(COMPLAINTS[1:])
    complaint = appeals_services.complaint_register(
        actor=ctx.clerks[index],
        agency=ctx.agencies[index],
        received_on=received,
        summary=summary,
        request=request,
        complainant=request.applicant_name
        if request is not None
        else rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
    )
    handled = received + timedelta(days=rng.randint(5, 25))
    if handled <= ctx.today:
        appeals_services.complaint_close(
            actor=ctx.clerks[index], complaint=complaint, handled_on=handled, note=handling
        )
    return 1
