"""The legal taxonomy of proactively disclosed information, as data.

条例 第二十条 lists fifteen items every organ must disclose; 第二十一条 adds level-specific content for
city, county and township governments. Items (一)(五)(六)(八) feed table 二 of the annual report."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

ARTICLE_21 = 21  # interfaces.md: "21 for 第二十一条 content"


class Category(models.IntegerChoices):
    C1 = 1, _("（一）行政法规、规章和规范性文件")
    C2 = 2, _("（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名")
    C3 = 3, _("（三）国民经济和社会发展规划、专项规划、区域规划及相关政策")
    C4 = 4, _("（四）国民经济和社会发展统计信息")
    C5 = 5, _("（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果")
    C6 = (
        6,
        _("（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定"),
    )
    C7 = 7, _("（七）财政预算、决算信息")
    C8 = 8, _("（八）行政事业性收费项目及其依据、标准")
    C9 = 9, _("（九）政府集中采购项目的目录、标准及实施情况")
    C10 = 10, _("（十）重大建设项目的批准和实施情况")
    C11 = 11, _("（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况")
    C12 = 12, _("（十二）突发公共事件的应急预案、预警信息及应对情况")
    C13 = 13, _("（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况")
    C14 = 14, _("（十四）公务员招考的职位、名额、报考条件等事项以及录用结果")
    C15 = 15, _("（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息")
    A21 = ARTICLE_21, _("第二十一条 市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等")


SHORT_LABELS: dict[int, str] = {
    1: "法规文件",
    2: "机构职能",
    3: "规划信息",
    4: "统计信息",
    5: "行政许可",
    6: "行政处罚和强制",
    7: "财政预决算",
    8: "行政事业性收费",
    9: "政府采购",
    10: "重大建设项目",
    11: "民生政策",
    12: "应急管理",
    13: "监督检查",
    14: "公务员招考",
    15: "其他法定信息",
    ARTICLE_21: "重点领域信息",
}


def article_label(category: int) -> str:
    """How the 条例 names the item: 第二十条第（一）项 / 第二十一条."""
    if category == ARTICLE_21:
        return "第二十一条"
    numerals = "一二三四五六七八九十"
    n = category
    text = numerals[n - 1] if n <= 10 else "十" + numerals[n - 11]
    return f"第二十条第（{text}）项"


class PublishChannel(models.TextChoices):
    WEBSITE = "website", _("政府网站")
    GAZETTE = "gazette", _("政府公报")
    WEIBO = "weibo", _("政务微博")
    WECHAT = "wechat", _("政务微信")
    APP = "app", _("客户端")
    PRESS_CONFERENCE = "press_conference", _("新闻发布会")
    MEDIA = "media", _("报刊广播电视")
    READING_ROOM = "reading_room", _("查阅场所")
    OTHER = "other", _("其他")


class DocKind(models.TextChoices):
    # Table 二 counts 规章 and 行政规范性文件 (2019 trial: 规范性文件) from the catalogue.
    REGULATION = "regulation", _("规章")
    NORMATIVE_DOCUMENT = "normative_document", _("行政规范性文件")
    OTHER = "other", _("其他")


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")


class Genre(models.TextChoices):
    # 体裁分类: the 公文 kinds of 党政机关公文处理工作条例 plus the non-公文 kinds catalogues use.
    DECISION = "decision", _("决定")
    ORDER = "order", _("命令（令）")
    ANNOUNCEMENT = "announcement", _("公告")
    PUBLIC_NOTICE = "public_notice", _("通告")
    OPINION = "opinion", _("意见")
    NOTICE = "notice", _("通知")
    BULLETIN = "bulletin", _("通报")
    REPORT = "report", _("报告")
    REPLY = "reply", _("批复")
    LETTER = "letter", _("函")
    MINUTES = "minutes", _("纪要")
    MEASURES = "measures", _("办法")
    RULES = "rules", _("规定")
    PLAN = "plan", _("规划计划")
    STATISTICS = "statistics", _("统计数据")
    LIST = "list", _("名录清单")
    INTERPRETATION = "interpretation", _("解读")
    OTHER = "other", _("其他")


class Scope(models.TextChoices):
    PUBLIC = "public", _("面向社会")
    LIMITED = "limited", _("限定范围")


class InterpretationKind(models.TextChoices):
    # 回应解读: records answering a policy or a public concern, linked to the items they answer.
    PRESS_CONFERENCE = "press_conference", _("新闻发布会")
    ONLINE_INTERVIEW = "online_interview", _("在线访谈")
    POLICY_INTERPRETATION = "policy_interpretation", _("政策解读")
    PUBLIC_CONCERN = "public_concern", _("回应关切")


# 主题分类: the top level of the State Council portal's theme scheme, with common second levels.
DEFAULT_TOPICS: list[tuple[str, list[str]]] = [
    ("综合政务", ["政务公开", "政务督查", "应急管理", "电子政务", "其他"]),
    ("国民经济管理、国有资产监管", ["发展规划", "统计", "物价", "其他"]),
    ("财政、金融、审计", ["财政", "审计", "其他"]),
    ("国土资源、能源", ["土地", "矿产", "能源", "其他"]),
    ("农业、林业、水利", ["农业、农村", "林业", "水利", "其他"]),
    ("工业、交通", ["公路", "水运", "信息产业（含电信）", "其他"]),
    ("商贸、海关、旅游", ["国内贸易（含供销）", "旅游", "其他"]),
    ("市场监管、安全生产监管", ["市场监管", "食品药品监管", "安全生产监管", "其他"]),
    (
        "城乡建设、环境保护",
        ["城市规划", "城乡建设（含住房）", "节能与资源综合利用", "环境监测、保护与治理", "其他"],
    ),
    ("科技、教育", ["科技", "教育", "其他"]),
    ("文化、广电、新闻出版", ["文化", "广播、电影、电视", "新闻出版", "其他"]),
    ("卫生、体育", ["卫生", "医药管理", "体育", "其他"]),
    ("人口与计划生育、妇女儿童工作", ["妇女儿童", "其他"]),
    ("劳动、人事、监察", ["劳动就业", "社会保障", "公务员", "其他"]),
    ("公安、安全、司法", ["公安", "司法", "其他"]),
    ("民政、扶贫、救灾", ["减灾救灾", "社会福利", "扶贫", "社区建设", "其他"]),
    ("其他", []),
]
