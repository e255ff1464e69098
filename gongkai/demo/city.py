"""明湖市: the fictional city behind `gongkai demo`, so a newcomer sees a living platform.

Every name, address, telephone number and mail domain is invented; mail and web addresses use the
reserved `.example` TLD so nothing can ever reach a real office. The data is pure tables plus one
seeded generator, so two builds produce identical agencies down to the fax numbers.

Agency codes come from `fictional_uscc(serial)`. Serials are `region * 1000 + position`: region 1 is
the city level (the government is 1000, its units 1001…), regions 2–6 the five counties (the county
government is N000, its departments N001…, its townships N101…). The conftest personas use serials
below 1000, so the two can never collide. Serials follow table positions: add rows at the end of a
table, never in the middle, or existing demo databases stop matching a fresh build.
"""

from __future__ import annotations

import random
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Protocol

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction

from gongkai.agencies import services
from gongkai.agencies.codes import fictional_uscc
from gongkai.agencies.models import Agency, Kind, Level, Membership, Role
from gongkai.core import calendar
from gongkai.core.workdays import load_bundled_schedules

# Published on purpose: every demo account shares it, and it is printed after each build.
DEMO_PASSWORD = "Minghu-demo-2026"  # noqa: S105
CITY = "明湖市"
ROOT_NAME = "明湖市人民政府"
ROOT_SERIAL = 1000
DOMAIN = "minghu.example"
AREA_CODE = "0599"
CITY_POSTCODE = 359000
OFFICE_HOURS = "工作日上午9:00—12:00，下午14:00—17:30"
SEED = 2026
# The city's administrative centre houses the government and most departments, as in most cities.
CIVIC_CENTRE = "明湖市东湖区明湖大道1号市行政中心"

# (name after "明湖市", short name, mail/web host label)
CITY_DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("人民政府办公室", "市政府办", "zfb"),
    ("发展和改革委员会", "市发展改革委", "fgw"),
    ("教育局", "市教育局", "jyj"),
    ("科学技术局", "市科技局", "kjj"),
    ("工业和信息化局", "市工信局", "gxj"),
    ("公安局", "市公安局", "gaj"),
    ("民政局", "市民政局", "mzj"),
    ("司法局", "市司法局", "sfj"),
    ("财政局", "市财政局", "czj"),
    ("人力资源和社会保障局", "市人社局", "rsj"),
    ("自然资源和规划局", "市自然资源规划局", "zrzyj"),
    ("生态环境局", "市生态环境局", "sthjj"),
    ("住房和城乡建设局", "市住建局", "zjj"),
    ("交通运输局", "市交通运输局", "jtysj"),
    ("水利局", "市水利局", "slj"),
    ("农业农村局", "市农业农村局", "nyncj"),
    ("商务局", "市商务局", "swj"),
    ("文化广电旅游局", "市文广旅局", "wglj"),
    ("卫生健康委员会", "市卫生健康委", "wjw"),
    ("退役军人事务局", "市退役军人局", "tyjrj"),
    ("应急管理局", "市应急局", "yjj"),
    ("审计局", "市审计局", "sjj"),
    ("市场监督管理局", "市市场监管局", "scjgj"),
    ("统计局", "市统计局", "tjj"),
    ("医疗保障局", "市医保局", "ybj"),
    ("城市管理局", "市城管局", "cgj"),
    ("林业局", "市林业局", "lyj"),
    ("体育局", "市体育局", "tyj"),
    ("信访局", "市信访局", "xfj"),
    ("政务服务数据管理局", "市数据局", "sjglj"),
)

# 法律法规授权组织 and 公共企事业单位 also disclose under the 条例 (第五十四条, 第五十五条).
CITY_OTHER_UNITS: tuple[tuple[str, str, str, Kind], ...] = (
    ("住房公积金管理中心", "市公积金中心", "gjj", Kind.AUTHORISED),
    ("社会保险事业管理中心", "市社保中心", "sbzx", Kind.AUTHORISED),
    ("自来水有限公司", "市自来水公司", "water", Kind.PUBLIC_ENTERPRISE),
    ("公共交通集团有限公司", "市公交集团", "bus", Kind.PUBLIC_ENTERPRISE),
)

# (name after the county prefix, host label); districts and counties differ in a few portfolios.
_COMMON_COUNTY_DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("人民政府办公室", "bgs"),
    ("发展和改革局", "fgj"),
    ("教育局", "jyj"),
    ("民政局", "mzj"),
    ("财政局", "czj"),
    ("人力资源和社会保障局", "rsj"),
    ("住房和城乡建设局", "zjj"),
    ("卫生健康局", "wjj"),
    ("市场监督管理局", "scjgj"),
    ("应急管理局", "yjj"),
)
DISTRICT_DEPARTMENTS = (*_COMMON_COUNTY_DEPARTMENTS, ("城市管理局", "cgj"))
COUNTY_DEPARTMENTS = (*_COMMON_COUNTY_DEPARTMENTS, ("农业农村局", "nyncj"), ("自然资源局", "zrzyj"))


@dataclass(frozen=True)
class County:
    short: str  # 东湖区
    prefix: str  # 明湖市东湖区 — what the full names of its agencies start with
    slug: str
    departments: tuple[tuple[str, str], ...]
    # (name, host label, "街道" | "镇" | "乡")
    townships: tuple[tuple[str, str, str], ...]
    streets: tuple[str, ...]


COUNTIES: tuple[County, ...] = (
    County(
        short="东湖区",
        prefix="明湖市东湖区",
        slug="donghu",
        departments=DISTRICT_DEPARTMENTS,
        townships=(
            ("湖滨", "hubin", "街道"),
            ("月湾", "yuewan", "街道"),
            ("柳岸", "liuan", "街道"),
            ("东岸", "dongan", "街道"),
            ("望湖", "wanghu", "镇"),
        ),
        streets=("东湖大道", "望湖路", "湖心路", "翠柳街"),
    ),
    County(
        short="西岭区",
        prefix="明湖市西岭区",
        slug="xiling",
        departments=DISTRICT_DEPARTMENTS,
        townships=(
            ("枫林", "fenglin", "街道"),
            ("西关", "xiguan", "街道"),
            ("松涛", "songtao", "街道"),
            ("翠屏", "cuiping", "镇"),
        ),
        streets=("西岭大道", "枫林路", "松涛街", "文昌路"),
    ),
    County(
        short="南桥区",
        prefix="明湖市南桥区",
        slug="nanqiao",
        departments=DISTRICT_DEPARTMENTS,
        townships=(
            ("桥头", "qiaotou", "街道"),
            ("南浦", "nanpu", "街道"),
            ("荷塘", "hetang", "街道"),
            ("新港", "xingang", "街道"),
            ("白沙", "baisha", "镇"),
            ("石门", "shimen", "镇"),
        ),
        streets=("南桥大道", "荷塘路", "滨江路", "新港街"),
    ),
    County(
        short="北山县",
        prefix="北山县",
        slug="beishan",
        departments=COUNTY_DEPARTMENTS,
        townships=(
            ("北山", "beishanzhen", "镇"),
            ("青石", "qingshi", "镇"),
            ("云溪", "yunxi", "镇"),
            ("石坪", "shiping", "乡"),
            ("松岭", "songling", "乡"),
            ("竹林", "zhulin", "乡"),
        ),
        streets=("北山大道", "迎宾路", "青石街", "县前街"),
    ),
    County(
        short="清源县",
        prefix="清源县",
        slug="qingyuan",
        departments=COUNTY_DEPARTMENTS,
        townships=(
            ("清源", "qingyuanzhen", "镇"),
            ("梅溪", "meixi", "镇"),
            ("凤栖", "fengqi", "镇"),
            ("桃源", "taoyuan", "乡"),
            ("杨柳", "yangliu", "乡"),
        ),
        streets=("清源大道", "梅溪路", "凤栖街", "人民西路"),
    ),
)

COUNTY_GOVERNMENTS = tuple(f"{c.prefix}人民政府" for c in COUNTIES)

# (username, role, agency name, full name). A username listed twice gets a second membership, which
# is what makes the back office's agency switcher appear.
DEMO_ACCOUNTS: list[tuple[str, str, str, str]] = [
    ("admin", Role.ADMIN, ROOT_NAME, "周立群"),
    ("city_office_head", Role.OFFICE_HEAD, "明湖市人民政府办公室", "郑文清"),
    ("city_supervisor", Role.SUPERVISOR, ROOT_NAME, "黄振国"),
    ("jyj_clerk", Role.CLERK, "明湖市教育局", "林晓燕"),
    ("jyj_reviewer", Role.REVIEWER, "明湖市教育局", "陈思远"),
    ("jyj_head", Role.OFFICE_HEAD, "明湖市教育局", "吴海涛"),
    ("gaj_clerk", Role.CLERK, "明湖市公安局", "张志强"),
    ("donghu_supervisor", Role.SUPERVISOR, "明湖市东湖区人民政府", "刘建华"),
    ("donghu_jyj_clerk", Role.CLERK, "明湖市东湖区教育局", "何静怡"),
    ("multi_clerk", Role.CLERK, "明湖市民政局", "许文博"),
    ("multi_clerk", Role.CLERK, "明湖市财政局", "许文博"),
    ("wjw_clerk", Role.CLERK, "明湖市卫生健康委员会", "杨丽萍"),
    ("zjj_clerk", Role.CLERK, "明湖市住房和城乡建设局", "赵明轩"),
    ("zrzy_clerk", Role.CLERK, "明湖市自然资源和规划局", "孙雨桐"),
    ("rsj_clerk", Role.CLERK, "明湖市人力资源和社会保障局", "冯立新"),
    ("gjj_clerk", Role.CLERK, "明湖市住房公积金管理中心", "马俊峰"),
    ("hubin_clerk", Role.CLERK, "明湖市东湖区湖滨街道办事处", "罗春梅"),
    ("beishan_clerk", Role.CLERK, "北山县人民政府办公室", "梁国栋"),
    # Office heads of the request desks in demo/requests.py: extensions need one (条例 第三十三条).
    ("szf_head", Role.OFFICE_HEAD, ROOT_NAME, "唐志远"),
    ("gaj_head", Role.OFFICE_HEAD, "明湖市公安局", "韩卫东"),
    ("zrzy_head", Role.OFFICE_HEAD, "明湖市自然资源和规划局", "曹德明"),
    ("zjj_head", Role.OFFICE_HEAD, "明湖市住房和城乡建设局", "彭立军"),
    ("rsj_head", Role.OFFICE_HEAD, "明湖市人力资源和社会保障局", "邓秀英"),
    ("wjw_head", Role.OFFICE_HEAD, "明湖市卫生健康委员会", "蒋慧敏"),
    ("sthj_head", Role.OFFICE_HEAD, "明湖市生态环境局", "田绿原"),
    ("donghu_head", Role.OFFICE_HEAD, "明湖市东湖区人民政府", "袁振华"),
    ("donghu_jyj_head", Role.OFFICE_HEAD, "明湖市东湖区教育局", "潘雅琴"),
    ("donghu_zjj_head", Role.OFFICE_HEAD, "明湖市东湖区住房和城乡建设局", "董建平"),
    ("hubin_head", Role.OFFICE_HEAD, "明湖市东湖区湖滨街道办事处", "钟秀兰"),
]


@dataclass(frozen=True)
class AgencySpec:
    name: str
    short_name: str
    kind: str
    level: str
    serial: int
    parent: str | None  # the parent's name; parents come earlier in the plan
    sort_order: int
    contact: dict[str, str] = field(hash=False)

    @property
    def code(self) -> str:
        return fictional_uscc(self.serial)


@dataclass(frozen=True)
class DemoResult:
    agencies: int
    users: int
    memberships: int
    seconds: float


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


def _phone(rng: random.Random) -> str:
    return f"{AREA_CODE}-8{rng.randrange(10**7):07d}"


def _contact(
    rng: random.Random, *, office: str, address: str, postcode: int, host: str, web_host: str = ""
) -> dict[str, str]:
    return {
        "office_name": office,
        "office_address": address,
        "office_postcode": f"{postcode:06d}",
        "office_hours": OFFICE_HOURS,
        "office_phone": _phone(rng),
        "office_fax": _phone(rng),
        "office_email": f"gongkai@{host}",
        "website": f"https://{web_host or host}/",
    }


def demo_plan() -> list[AgencySpec]:
    """Every demo agency, parents before children. Pure: no database, same result on every call."""
    # Seeded so that phone numbers and addresses are identical on every build.
    rng = random.Random(SEED)  # noqa: S311
    plan: list[AgencySpec] = []
    city_office = "明湖市人民政府办公室政务公开科"
    plan.append(
        AgencySpec(
            name=ROOT_NAME,
            short_name="明湖市政府",
            kind=Kind.GOVERNMENT,
            level=Level.CITY,
            serial=ROOT_SERIAL,
            parent=None,
            sort_order=0,
            contact=_contact(
                rng,
                office=city_office,
                address=f"{CIVIC_CENTRE}1号楼",
                postcode=CITY_POSTCODE,
                host=DOMAIN,
                web_host=f"www.{DOMAIN}",
            ),
        )
    )
    city_streets = ("明湖大道", "文昌路", "学府路", "滨江路", "荷花路", "湖心路")
    city_districts = [c.short for c in COUNTIES[:3]]
    units = [(n, s, h, Kind.DEPARTMENT) for n, s, h in CITY_DEPARTMENTS] + list(CITY_OTHER_UNITS)
    for position, (suffix, short, host, kind) in enumerate(units, start=1):
        name = f"{CITY}{suffix}"
        if kind == Kind.DEPARTMENT and rng.random() < 0.6:
            address = f"{CIVIC_CENTRE}{rng.randint(1, 8)}号楼"
        else:
            street = rng.choice(city_streets)
            address = f"明湖市{rng.choice(city_districts)}{street}{rng.randint(2, 299)}号"
        if suffix == "人民政府办公室":
            office = city_office  # the 政务公开办 sits in the government's general office
        elif kind == Kind.PUBLIC_ENTERPRISE:
            office = f"{name}综合管理部"
        else:
            office = f"{name}办公室"
        plan.append(
            AgencySpec(
                name=name,
                short_name=short,
                kind=kind,
                level=Level.CITY,
                serial=ROOT_SERIAL + position,
                parent=ROOT_NAME,
                sort_order=position * 10,
                contact=_contact(
                    rng, office=office, address=address, postcode=CITY_POSTCODE, host=f"{host}.{DOMAIN}"
                ),
            )
        )
    for region, county in enumerate(COUNTIES, start=2):
        plan.extend(_county_plan(rng, county, region))
    return plan


def _county_plan(rng: random.Random, county: County, region: int) -> list[AgencySpec]:
    base = region * 1000
    postcode = CITY_POSTCODE + (region - 1) * 100
    host = f"{county.slug}.{DOMAIN}"
    government = f"{county.prefix}人民政府"
    office = f"{county.prefix}人民政府办公室"
    seat = f"{county.prefix}{county.streets[0]}{rng.randint(1, 99)}号"
    specs = [
        AgencySpec(
            name=government,
            short_name=f"{county.short}政府",
            kind=Kind.GOVERNMENT,
            level=Level.COUNTY,
            serial=base,
            parent=ROOT_NAME,
            sort_order=1000 + (region - 1) * 10,
            contact=_contact(rng, office=office, address=seat, postcode=postcode, host=host),
        )
    ]
    for position, (suffix, slug) in enumerate(county.departments, start=1):
        name = f"{county.prefix}{suffix}"
        is_office = suffix == "人民政府办公室"
        address = seat if is_office else f"{county.prefix}{rng.choice(county.streets)}{rng.randint(2, 199)}号"
        specs.append(
            AgencySpec(
                name=name,
                short_name=f"{county.short}政府办" if is_office else f"{county.short}{suffix}",
                kind=Kind.DEPARTMENT,
                level=Level.COUNTY,
                serial=base + position,
                parent=government,
                sort_order=position * 10,
                contact=_contact(
                    rng,
                    office=office if is_office else f"{name}办公室",
                    address=address,
                    postcode=postcode,
                    host=f"{slug}.{host}",
                ),
            )
        )
    for position, (town, slug, kind) in enumerate(county.townships, start=1):
        if kind == "街道":
            name, agency_kind = f"{county.prefix}{town}街道办事处", Kind.DISPATCHED
        else:
            name, agency_kind = f"{county.prefix}{town}{kind}人民政府", Kind.GOVERNMENT
        street = f"{town}{rng.choice(('路', '街', '大道'))}"
        specs.append(
            AgencySpec(
                name=name,
                short_name=f"{town}{kind}",
                kind=agency_kind,
                level=Level.TOWNSHIP,
                serial=base + 100 + position,
                parent=government,
                sort_order=500 + position * 10,
                contact=_contact(
                    rng,
                    office=f"{name}党政办公室",
                    address=f"{county.prefix}{town}{kind}{street}{rng.randint(1, 120)}号",
                    postcode=postcode + position,
                    host=f"{slug}.{host}",
                ),
            )
        )
    return specs


def demo_exists() -> bool:
    return Agency.objects.filter(code=fictional_uscc(ROOT_SERIAL)).exists()


@transaction.atomic
def build_city(*, stdout: Writer) -> DemoResult:
    """Create the whole city and its demo accounts through the audited services, all or nothing."""
    started = time.perf_counter()
    stdout.write(f"正在建立演示数据：{CITY}……\n")
    agencies: dict[str, Agency] = {}
    for spec in demo_plan():
        agencies[spec.name] = services.agency_create(
            actor=None,
            name=spec.name,
            short_name=spec.short_name,
            kind=spec.kind,
            level=spec.level,
            code=spec.code,
            parent=agencies[spec.parent] if spec.parent is not None else None,
            sort_order=spec.sort_order,
            **spec.contact,
        )
    # Each government's 办公室 is its 政府信息公开工作主管部门 (第四十九条): it reviews the annual reports of
    # the government's departments and lower levels.
    Agency.objects.filter(name__endswith="人民政府办公室").update(oversees_disclosure=True)
    users: dict[str, User] = {}
    for username, role, agency_name, full_name in DEMO_ACCOUNTS:
        agency = agencies[agency_name]
        if username in users:
            services.membership_grant(actor=None, user=users[username], agency=agency, role=role)
            continue
        users[username], _ = services.staff_create(
            actor=None,
            username=username,
            agency=agency,
            role=role,
            password=DEMO_PASSWORD,
            full_name=full_name,
            email=f"{username}@staff.{DOMAIN}",
        )
    result = DemoResult(
        agencies=len(agencies),
        users=len(users),
        memberships=Membership.objects.filter(user__in=users.values()).count(),
        seconds=time.perf_counter() - started,
    )
    stdout.write(
        f"已建立 {result.agencies} 个机关、{result.users} 个演示账号（{result.memberships} 个岗位），"
        f"用时 {result.seconds:.1f} 秒。\n"
    )
    return result


def reset_database(*, stdout: Writer) -> None:
    """Empty every table, then restore the bundled holiday schedules a fresh migrate would have seeded.

    Flushing is the only complete reset: the audit log is append-only and protects the accounts it
    names, so the demo's users cannot be deleted one by one."""
    call_command("flush", interactive=False, verbosity=0)
    with transaction.atomic():
        schedules = load_bundled_schedules()
        for schedule in schedules:
            calendar.holiday_schedule_save(actor=None, schedule=schedule)
    stdout.write(f"已清空数据库并恢复内置节假日安排（{len(schedules)} 个年度）。\n")


def _width(text: str) -> int:
    # Terminals draw CJK characters two columns wide; len() would misalign the table.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def accounts_table() -> list[str]:
    """The demo accounts as aligned text lines, ending with the shared password."""
    header = ("用户名", "密码", "角色", "机关", "姓名")
    rows = [
        (username, DEMO_PASSWORD, str(Role(role).label), agency, full_name)
        for username, role, agency, full_name in DEMO_ACCOUNTS
    ]
    widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(len(header))]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(_pad(cell, w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return [
        "演示账号：",
        line(header),
        rule,
        *(line(row) for row in rows),
        f"演示密码（所有账号）：{DEMO_PASSWORD}",
    ]
