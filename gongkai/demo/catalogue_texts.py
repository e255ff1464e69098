"""Texts of the demo catalogue: templates per portfolio and 第二十条 category, place names, phrases.

Pure data for gongkai.demo.catalogue. Placeholders: {org} agency, {place} the city or county it serves,
{district} {area} {road} places, {y} year, {py} previous year, {y3} three years on, {q} quarter,
{m} month, {n} a number, {field} the agency's field of work, {name} a fictional person."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.catalogue.categories import DocKind, Genre, PublishChannel


@dataclass(frozen=True)
class Template:
    category: int
    genre: str
    topic: str  # full name in the Topic tree
    title: str  # placeholders: {org} {place} {y} {q} {n} {m} {field}
    summary: str
    kind: str = DocKind.OTHER
    months: tuple[int, int] = (1, 12)
    channels: tuple[str, ...] = (PublishChannel.WEBSITE,)


def T(  # noqa: N802  (reads like a table row)
    category: int,
    genre: str,
    topic: str,
    title: str,
    summary: str,
    *,
    kind: str = DocKind.OTHER,
    months: tuple[int, int] = (1, 12),
    channels: tuple[str, ...] = (PublishChannel.WEBSITE,),
) -> Template:
    return Template(category, genre, topic, title, summary, kind, months, channels)


# fmt: off
W, G, WX, WB = PublishChannel.WEBSITE, PublishChannel.GAZETTE, PublishChannel.WECHAT, PublishChannel.WEIBO
ND, REG = DocKind.NORMATIVE_DOCUMENT, DocKind.REGULATION

# Every agency publishes these (部门预决算 and 政府采购意向 are required of every budget unit).
COMMON: tuple[Template, ...] = (
    T(7, Genre.REPORT, "财政、金融、审计\\财政", "{org}{y}年部门预算", "公开{org}{y}年部门收支预算总表、财政拨款支出表和“三公”经费预算情况说明。", months=(2, 3)),
    T(7, Genre.REPORT, "财政、金融、审计\\财政", "{org}{py}年度部门决算", "公开{org}{py}年度部门收入支出决算总表、“三公”经费支出决算及绩效评价情况。", months=(7, 9)),
    T(9, Genre.LIST, "财政、金融、审计\\财政", "{org}{y}年第{q}季度政府采购意向公开", "公开{org}{y}年第{q}季度拟采购项目的名称、需求概况、预算金额和预计采购时间。"),
    T(2, Genre.OTHER, "综合政务\\政务公开", "{org}机构职能、内设机构及领导分工", "公开{org}的主要职责、内设机构、办公地址、办公时间、联系方式和负责人姓名。", months=(1, 4)),
    T(15, Genre.REPORT, "综合政务\\其他", "{org}{py}年法治政府建设情况报告", "报告{org}{py}年推进依法行政、法治政府建设的主要举措、存在问题和下一步安排。", months=(1, 3)),
    T(15, Genre.NOTICE, "综合政务\\政务公开", "{org}关于印发{y}年政务公开工作要点的通知", "部署{org}{y}年政务公开重点工作，明确责任分工和完成时限。", months=(3, 5)),
)

FAMILIES: dict[str, tuple[Template, ...]] = {
    "education": (
        T(11, Genre.NOTICE, "科技、教育\\教育", "关于做好{y}年{place}义务教育招生入学工作的通知", "明确{y}年{place}公办、民办义务教育学校招生对象、划片范围、报名时间和入学材料。", months=(4, 6), channels=(W, WX)),
        T(11, Genre.ANNOUNCEMENT, "科技、教育\\教育", "{y}年{place}城区小学、初中学校招生划片范围", "公布{y}年{place}城区各公办小学、初中学校招生片区范围，家长可据此查询对口学校。", months=(5, 6), channels=(W, WX, WB)),
        T(11, Genre.NOTICE, "科技、教育\\教育", "关于做好{y}年普通高中招生录取工作的通知", "部署{y}年{place}普通高中招生计划、志愿填报、录取批次和照顾加分政策。", months=(5, 6)),
        T(8, Genre.LIST, "科技、教育\\教育", "{place}{y}年公办中小学、幼儿园收费项目及标准", "公布{place}公办学校和幼儿园的保育教育费、住宿费、服务性收费和代收费项目及标准。", months=(8, 9)),
        T(11, Genre.ANNOUNCEMENT, "科技、教育\\教育", "{y}年{place}中小学教师公开招聘拟聘用人员名单公示", "公示{y}年{place}中小学教师公开招聘考试、考察和体检合格的拟聘用人员名单。", months=(7, 8)),
        T(5, Genre.LIST, "科技、教育\\教育", "{y}年第{q}季度民办学校办学许可审批结果", "公布{y}年第{q}季度{org}办理的民办学校设立、变更、终止许可结果。"),
        T(13, Genre.BULLETIN, "科技、教育\\教育", "关于{y}年春季学期学校食堂食品安全专项检查情况的通报", "通报{place}中小学校、幼儿园食堂食品安全专项检查发现的问题及整改要求。", months=(3, 5)),
        T(11, Genre.NOTICE, "科技、教育\\教育", "关于开展{y}年家庭经济困难学生资助工作的通知", "部署{y}年学前教育、义务教育和普通高中家庭经济困难学生资助申请、认定和发放工作。", months=(8, 10)),
        T(3, Genre.PLAN, "科技、教育\\教育", "{place}学前教育发展提升行动计划（{y}—{y3}年）", "提出{place}普惠性幼儿园建设、学位供给和保教质量提升的目标任务。", months=(2, 6)),
        T(1, Genre.MEASURES, "科技、教育\\教育", "{place}义务教育阶段学生入学管理办法", "规范{place}义务教育阶段适龄儿童少年入学、转学和随迁子女入学管理。", kind=ND, months=(3, 5), channels=(W, G)),
    ),
    "police": (
        T(6, Genre.LIST, "公安、安全、司法\\公安", "{org}{y}年第{q}季度行政处罚决定公开", "公开{org}{y}年第{q}季度作出的具有一定社会影响的治安管理、道路交通安全行政处罚决定。"),
        T(21, Genre.PUBLIC_NOTICE, "公安、安全、司法\\公安", "关于{road}施工期间实施交通管制的通告", "{road}道路施工期间，对部分路段实施封闭或单向通行等交通管制措施。", channels=(W, WX, WB)),
        T(5, Genre.OTHER, "公安、安全、司法\\公安", "{place}户籍迁入办理指南（{y}年版）", "说明投靠落户、人才落户、购房落户等户籍迁入的条件、材料和办理流程。", months=(1, 3)),
        T(1, Genre.RULES, "公安、安全、司法\\公安", "{place}电动自行车登记上牌管理规定", "规范{place}电动自行车登记、上牌、过渡期管理和违法行为处理。", kind=ND, channels=(W, G)),
        T(4, Genre.STATISTICS, "公安、安全、司法\\公安", "{y}年{place}道路交通事故统计", "公布{y}年{place}道路交通事故起数、伤亡人数及主要事故成因。", months=(1, 2)),
        T(12, Genre.NOTICE, "公安、安全、司法\\公安", "关于做好{y}年春节期间烟花爆竹安全管理工作的通知", "明确春节期间烟花爆竹禁放区域、时段和违规燃放的处罚措施。", months=(1, 2), channels=(W, WX)),
    ),
    "civil": (
        T(11, Genre.NOTICE, "民政、扶贫、救灾\\社会福利", "关于调整{y}年城乡居民最低生活保障标准的通知", "自{y}年7月1日起，{place}城市、农村低保标准分别提高，同步调整特困人员基本生活标准。", months=(5, 7), channels=(W, WX)),
        T(21, Genre.STATISTICS, "民政、扶贫、救灾\\社会福利", "{y}年第{q}季度{place}城乡低保、特困供养资金发放情况", "公开{y}年第{q}季度{place}各乡镇（街道）城乡低保、特困人员供养对象户数、人数和资金发放情况。"),
        T(11, Genre.NOTICE, "民政、扶贫、救灾\\社会福利", "关于发放{y}年高龄津贴和养老服务补贴的通知", "明确高龄津贴、经济困难老年人养老服务补贴的发放对象、标准和申领方式。"),
        T(5, Genre.LIST, "民政、扶贫、救灾\\社区建设", "{y}年第{q}季度社会组织登记、变更、注销情况", "公布{y}年第{q}季度{org}登记管理的社会团体、民办非企业单位的成立、变更和注销登记结果。"),
        T(5, Genre.OTHER, "民政、扶贫、救灾\\社会福利", "{place}婚姻登记办理指南", "说明结婚登记、离婚登记、补领婚姻登记证的条件、材料、预约方式和办理地点。", months=(1, 4)),
        T(1, Genre.MEASURES, "民政、扶贫、救灾\\社会福利", "{place}最低生活保障审核确认办法", "规范最低生活保障的申请受理、家庭经济状况调查、审核确认和动态管理。", kind=ND, channels=(W, G)),
    ),
    "finance": (
        T(7, Genre.REPORT, "财政、金融、审计\\财政", "关于{place}{py}年预算执行情况和{y}年预算草案的报告", "报告{place}{py}年一般公共预算、政府性基金预算、国有资本经营预算和社保基金预算执行情况及{y}年预算安排。", months=(1, 2), channels=(W, G)),
        T(7, Genre.REPORT, "财政、金融、审计\\财政", "{place}{py}年度财政决算", "公开{place}{py}年度一般公共预算、政府性基金预算收支决算和政府债务情况。", months=(7, 8)),
        T(7, Genre.STATISTICS, "财政、金融、审计\\财政", "{y}年{m}月{place}财政收支情况", "公布{y}年1—{m}月{place}一般公共预算收入、支出及主要科目执行情况。"),
        T(9, Genre.NOTICE, "财政、金融、审计\\财政", "关于印发{place}{y}年政府集中采购目录及采购限额标准的通知", "公布{y}年{place}政府集中采购目录、分散采购限额标准和公开招标数额标准。", months=(1, 2), kind=ND),
        T(8, Genre.LIST, "财政、金融、审计\\财政", "{place}行政事业性收费目录清单（{y}年版）", "公布{place}现行行政事业性收费项目、收费依据、收费标准和执收单位。", months=(1, 3)),
        T(7, Genre.OTHER, "财政、金融、审计\\财政", "{place}{y}年地方政府债务限额及余额情况", "公开{place}{y}年政府一般债务和专项债务限额、余额及新增债券使用情况。", months=(6, 9)),
    ),
    "labour": (
        T(14, Genre.ANNOUNCEMENT, "劳动、人事、监察\\公务员", "{place}{y}年考试录用公务员公告", "公布{y}年{place}各级机关考试录用公务员的职位、名额、报考条件和考试安排。", months=(2, 3), channels=(W, WX, WB)),
        T(14, Genre.ANNOUNCEMENT, "劳动、人事、监察\\公务员", "{place}{y}年考试录用公务员拟录用人员名单公示", "公示{y}年{place}考试录用公务员经笔试、面试、体检和考察合格的拟录用人员。", months=(7, 8)),
        T(11, Genre.NOTICE, "劳动、人事、监察\\社会保障", "关于公布{y}年度社会保险缴费基数上下限的通知", "公布{y}年度{place}职工基本养老保险、失业保险、工伤保险缴费基数上限和下限。", months=(6, 7), channels=(W, WX)),
        T(11, Genre.NOTICE, "劳动、人事、监察\\劳动就业", "关于做好{y}年高校毕业生就业创业工作的通知", "落实高校毕业生就业见习补贴、一次性吸纳就业补贴和创业担保贷款等政策。", months=(3, 6)),
        T(6, Genre.LIST, "劳动、人事、监察\\劳动就业", "{y}年第{q}季度重大劳动保障违法行为社会公布", "公布{y}年第{q}季度查处的拖欠农民工工资等重大劳动保障违法行为及处理结果。"),
        T(1, Genre.NOTICE, "劳动、人事、监察\\劳动就业", "关于调整{place}最低工资标准的通知", "自{y}年起调整{place}月最低工资标准和非全日制用工小时最低工资标准。", kind=ND, channels=(W, G)),
        T(15, Genre.ANNOUNCEMENT, "劳动、人事、监察\\其他", "{place}{y}年事业单位公开招聘工作人员公告", "公布{y}年{place}事业单位公开招聘岗位、人数、资格条件和报名方式。", months=(3, 5)),
    ),
    "medical_insurance": (
        T(11, Genre.NOTICE, "卫生、体育\\卫生", "关于做好{y}年度城乡居民基本医疗保险参保缴费工作的通知", "公布{y}年度城乡居民医保个人缴费标准、缴费期和财政补助标准，医保参保缴费渠道。", months=(9, 11), channels=(W, WX, WB)),
        T(5, Genre.LIST, "卫生、体育\\医药管理", "{y}年第{q}季度新增医保定点医药机构名单", "公布{y}年第{q}季度新纳入{place}医保定点管理的医疗机构和零售药店名单。"),
        T(13, Genre.BULLETIN, "卫生、体育\\医药管理", "关于{y}年医保基金监督检查情况的通报", "通报{y}年{place}医保定点医药机构专项检查发现的违规使用医保基金问题及处理结果。", months=(10, 12)),
        T(1, Genre.NOTICE, "卫生、体育\\医药管理", "{place}门诊共济保障实施细则", "明确职工医保普通门诊统筹的起付标准、支付比例、年度限额和个人账户使用范围。", kind=ND, channels=(W, G)),
        T(11, Genre.INTERPRETATION, "卫生、体育\\医药管理", "{y}年医保待遇政策调整问答", "以问答形式解读{y}年{place}医保住院报销比例、大病保险和慢特病门诊待遇调整。", channels=(W, WX)),
    ),
    "health": (
        T(12, Genre.PLAN, "卫生、体育\\卫生", "{place}突发公共卫生事件应急预案（{y}年修订）", "规定{place}突发公共卫生事件的分级、监测预警、应急响应和保障措施。", channels=(W, G)),
        T(12, Genre.STATISTICS, "卫生、体育\\卫生", "{y}年{m}月{place}法定传染病疫情概况", "公布{y}年{m}月{place}法定报告传染病发病数、死亡数及主要病种情况。"),
        T(13, Genre.LIST, "卫生、体育\\卫生", "{y}年第{q}季度卫生健康行政处罚和监督抽检结果", "公开{y}年第{q}季度公共场所、生活饮用水、医疗机构卫生监督抽检结果和行政处罚情况。"),
        T(5, Genre.LIST, "卫生、体育\\卫生", "{y}年第{q}季度医疗机构执业登记许可结果", "公布{y}年第{q}季度{org}办理的医疗机构设置审批、执业登记和校验结果。"),
        T(11, Genre.NOTICE, "卫生、体育\\卫生", "关于开展{y}年65岁及以上老年人免费健康体检的通知", "为辖区65岁及以上常住老年人提供免费健康体检，公布体检项目、时间和定点机构。", months=(3, 5), channels=(W, WX)),
    ),
    "planning": (
        T(3, Genre.PLAN, "城乡建设、环境保护\\城市规划", "{place}{district}{area}片区控制性详细规划（批前公示）", "公示{district}{area}片区控制性详细规划草案的用地布局、开发强度和公共服务设施配置，征求公众意见。"),
        T(21, Genre.ANNOUNCEMENT, "国土资源、能源\\土地", "{district}{area}村集体土地征收启动公告", "拟征收{district}{area}村集体土地，公布征收范围、土地现状、征收目的和补偿安置方式。"),
        T(21, Genre.ANNOUNCEMENT, "国土资源、能源\\土地", "{place}{y}年第{n}批次国有建设用地使用权挂牌出让公告", "公布出让地块的位置、面积、用途、规划指标、起始价和竞买保证金。", channels=(W, PublishChannel.MEDIA)),
        T(5, Genre.LIST, "城乡建设、环境保护\\城市规划", "{y}年第{q}季度建设工程规划许可证核发情况", "公布{y}年第{q}季度{org}核发的建设工程规划许可证项目名称、建设单位和建设规模。"),
        T(3, Genre.PLAN, "城乡建设、环境保护\\城市规划", "{place}国土空间总体规划（2021—2035年）公众版", "公开{place}国土空间开发保护格局、三条控制线和中心城区功能布局。", months=(6, 10), channels=(W, G)),
    ),
    "housing": (
        T(21, Genre.DECISION, "城乡建设、环境保护\\城乡建设（含住房）", "{district}{area}片区国有土地上房屋征收决定", "决定对{district}{area}片区国有土地上房屋实施征收，公布征收范围、补偿方案和签约期限。", channels=(W, PublishChannel.READING_ROOM)),
        T(21, Genre.LIST, "城乡建设、环境保护\\城乡建设（含住房）", "{y}年{place}保障性租赁住房项目清单", "公布{y}年{place}保障性租赁住房筹建项目、房源套数、租金标准和申请条件。"),
        T(10, Genre.OTHER, "城乡建设、环境保护\\城乡建设（含住房）", "{place}{y}年城镇老旧小区改造项目实施情况", "公开{y}年{place}老旧小区改造项目清单、改造内容、资金安排和进度。", months=(6, 12)),
        T(6, Genre.LIST, "城乡建设、环境保护\\城乡建设（含住房）", "{y}年第{q}季度建筑市场行政处罚信息", "公开{y}年第{q}季度对违法建设、违规施工的建设、施工、监理单位作出的行政处罚决定。"),
        T(5, Genre.LIST, "城乡建设、环境保护\\城乡建设（含住房）", "{y}年第{q}季度商品房预售许可核发情况", "公布{y}年第{q}季度核发商品房预售许可证的项目名称、开发企业、预售范围和套数。"),
        T(1, Genre.MEASURES, "城乡建设、环境保护\\城乡建设（含住房）", "{place}住宅小区物业服务管理办法", "规范住宅小区物业服务企业选聘、服务标准、收费和业主委员会监督。", kind=ND, channels=(W, G)),
    ),
    "environment": (
        T(13, Genre.REPORT, "城乡建设、环境保护\\环境监测、保护与治理", "{py}年{place}生态环境状况公报", "公布{py}年{place}空气质量、地表水水质、声环境质量和生态环境保护工作情况。", months=(5, 6)),
        T(5, Genre.LIST, "城乡建设、环境保护\\环境监测、保护与治理", "{y}年{m}月建设项目环境影响评价文件审批结果", "公布{y}年{m}月{org}审批的建设项目环境影响报告书（表）及审批意见。"),
        T(6, Genre.LIST, "城乡建设、环境保护\\环境监测、保护与治理", "{y}年第{q}季度生态环境行政处罚决定公开", "公开{y}年第{q}季度对超标排放、未批先建等环境违法行为作出的行政处罚决定。"),
        T(12, Genre.PLAN, "城乡建设、环境保护\\环境监测、保护与治理", "{place}重污染天气应急预案（{y}年修订）", "规定重污染天气预警分级、应急减排措施和部门职责。", channels=(W, G)),
        T(13, Genre.STATISTICS, "城乡建设、环境保护\\环境监测、保护与治理", "{y}年{m}月{place}环境空气质量状况", "公布{y}年{m}月{place}各区县环境空气质量综合指数、优良天数比例和排名。"),
    ),
    "emergency": (
        T(12, Genre.PLAN, "综合政务\\应急管理", "{place}防汛防台风应急预案", "规定{place}防汛防台风组织指挥体系、预警发布、应急响应和灾后救助。", months=(3, 5), channels=(W, G)),
        T(12, Genre.ANNOUNCEMENT, "综合政务\\应急管理", "关于启动防汛Ⅳ级应急响应的通知（{y}年第{n}号）", "受强降雨影响，{place}启动防汛Ⅳ级应急响应，要求各地做好巡查和人员转移准备。", months=(5, 9), channels=(W, WX, WB)),
        T(13, Genre.BULLETIN, "市场监管、安全生产监管\\安全生产监管", "关于{y}年安全生产大检查情况的通报", "通报{y}年{place}危险化学品、建筑施工、消防等重点行业领域安全生产检查情况。", months=(9, 12)),
        T(6, Genre.LIST, "市场监管、安全生产监管\\安全生产监管", "{y}年第{q}季度安全生产行政处罚信息公开", "公开{y}年第{q}季度对生产经营单位安全生产违法行为作出的行政处罚决定。"),
        T(12, Genre.REPORT, "综合政务\\应急管理", "{place}{py}年自然灾害情况及救助工作", "公布{py}年{place}自然灾害造成的损失和救灾资金、物资发放情况。", months=(1, 3)),
    ),
    "statistics": (
        T(4, Genre.STATISTICS, "国民经济管理、国有资产监管\\统计", "{place}{py}年国民经济和社会发展统计公报", "公布{py}年{place}地区生产总值、产业结构、居民收入、就业和社会事业发展主要统计数据。", months=(3, 4), channels=(W, G, PublishChannel.MEDIA)),
        T(4, Genre.STATISTICS, "国民经济管理、国有资产监管\\统计", "{y}年1—{m}月{place}主要经济指标", "公布{y}年1—{m}月{place}规模以上工业增加值、固定资产投资、社会消费品零售总额等指标。"),
        T(4, Genre.STATISTICS, "国民经济管理、国有资产监管\\统计", "{y}年第{q}季度{place}居民收支情况", "公布{y}年第{q}季度{place}城乡居民人均可支配收入和人均消费支出。"),
        T(4, Genre.STATISTICS, "国民经济管理、国有资产监管\\统计", "{y}年{m}月{place}居民消费价格指数", "公布{y}年{m}月{place}居民消费价格总水平及八大类价格同比、环比变动情况。"),
    ),
    "market": (
        T(13, Genre.BULLETIN, "市场监管、安全生产监管\\食品药品监管", "{y}年第{n}期食品安全监督抽检信息通告", "公布{place}食品安全监督抽检的合格和不合格产品信息及核查处置情况。", channels=(W, WX)),
        T(6, Genre.LIST, "市场监管、安全生产监管\\市场监管", "{y}年第{q}季度市场监管行政处罚决定公开", "公开{y}年第{q}季度对虚假宣传、价格违法、无照经营等违法行为作出的行政处罚决定。"),
        T(13, Genre.BULLETIN, "市场监管、安全生产监管\\市场监管", "{y}年{place}产品质量监督抽查结果", "公布{y}年{place}电动自行车、儿童用品、建材等产品质量监督抽查结果。", months=(6, 12)),
        T(5, Genre.OTHER, "市场监管、安全生产监管\\市场监管", "{place}企业开办“一件事”办理指南", "说明企业设立登记、印章刻制、发票申领和社保登记一次办结的条件和流程。", months=(1, 4)),
    ),
    "development": (
        T(3, Genre.REPORT, "国民经济管理、国有资产监管\\发展规划", "关于{place}{py}年国民经济和社会发展计划执行情况与{y}年计划草案的报告", "报告{py}年{place}经济社会发展主要指标完成情况和{y}年发展目标、重点任务。", months=(1, 2), channels=(W, G)),
        T(10, Genre.LIST, "国民经济管理、国有资产监管\\发展规划", "{place}{y}年重点建设项目计划", "公布{y}年{place}重点建设项目名称、建设内容、总投资和年度投资计划。", months=(2, 4)),
        T(10, Genre.REPLY, "国民经济管理、国有资产监管\\发展规划", "关于{road}改造工程可行性研究报告的批复", "批复{road}改造工程的建设规模、主要建设内容、总投资及资金来源。"),
        T(8, Genre.NOTICE, "国民经济管理、国有资产监管\\物价", "关于调整{place}城区管道天然气销售价格的通知", "调整{place}城区居民和非居民用管道天然气销售价格，实行居民阶梯气价。", kind=ND, channels=(W, G)),
    ),
    "transport": (
        T(10, Genre.OTHER, "工业、交通\\公路", "{road}改造提升工程建设进展情况", "公开{road}改造提升工程的批准情况、招标结果、施工进度和资金使用。"),
        T(21, Genre.PUBLIC_NOTICE, "工业、交通\\公路", "关于调整{place}部分公交线路的通告", "因{road}施工，调整途经的公交线路走向和站点设置。", channels=(W, WX, WB)),
        T(6, Genre.LIST, "工业、交通\\公路", "{y}年第{q}季度交通运输行政处罚信息", "公开{y}年第{q}季度对非法营运、超限运输等违法行为作出的行政处罚决定。"),
        T(1, Genre.MEASURES, "工业、交通\\公路", "{place}网络预约出租汽车经营服务管理实施细则", "规范网约车平台公司、车辆和驾驶员的许可条件和经营服务行为。", kind=ND, channels=(W, G)),
    ),
    "government": (
        T(4, Genre.STATISTICS, "国民经济管理、国有资产监管\\统计", "{place}{py}年国民经济和社会发展统计公报", "公布{py}年{place}地区生产总值、三次产业增加值、居民收入和社会事业发展主要数据。", months=(3, 4), channels=(W, G)),
        T(15, Genre.REPORT, "综合政务\\其他", "{y}年{place}人民政府工作报告", "回顾{py}年{place}经济社会发展情况，提出{y}年政府工作的总体要求和重点任务。", months=(1, 2), channels=(W, G, PublishChannel.MEDIA)),
        T(1, Genre.ORDER, "综合政务\\其他", "{place}城市绿化管理规定", "规范{place}城市绿地规划建设、保护管理和法律责任。", kind=REG, channels=(W, G)),
        T(1, Genre.OPINION, "综合政务\\其他", "{place}人民政府关于促进民营经济高质量发展的若干意见", "从市场准入、融资支持、要素保障和政务服务等方面提出支持民营经济发展的措施。", kind=ND, channels=(W, G)),
        T(1, Genre.NOTICE, "综合政务\\其他", "{place}人民政府关于印发{place}城市更新实施办法的通知", "明确城市更新的对象、方式、实施程序和支持政策。", kind=ND, channels=(W, G)),
        T(15, Genre.MINUTES, "综合政务\\政务督查", "{place}人民政府常务会议纪要（{y}年第{n}次）", "研究审议了有关规划、项目和政策文件，部署近期重点工作。", channels=(W,)),
        T(2, Genre.NOTICE, "劳动、人事、监察\\公务员", "{place}人民政府关于{name}等同志职务任免的通知", "公布{place}人民政府任免工作人员的决定。"),
        T(10, Genre.REPLY, "国民经济管理、国有资产监管\\发展规划", "{place}人民政府关于{district}{area}片区综合开发项目的批复", "同意实施{district}{area}片区综合开发项目，明确建设内容、投资规模和实施主体。"),
        T(3, Genre.PLAN, "国民经济管理、国有资产监管\\发展规划", "{place}国民经济和社会发展第十五个五年规划纲要（征求意见稿）", "就{place}“十五五”时期经济社会发展的主要目标、重大任务和重大工程征求社会公众意见。", months=(9, 11)),
        T(21, Genre.DECISION, "国土资源、能源\\土地", "{place}人民政府关于{district}{area}地块土地征收的决定", "决定征收{district}{area}地块集体土地，公布征收范围、面积、用途和补偿安置方案。", channels=(W, PublishChannel.READING_ROOM)),
        T(12, Genre.PLAN, "综合政务\\应急管理", "{place}突发事件总体应急预案", "规定{place}突发事件应急组织体系、运行机制、应急保障和监督管理。", channels=(W, G)),
    ),
    "office": (
        T(15, Genre.NOTICE, "综合政务\\政务公开", "{place}人民政府办公室关于印发{y}年政务公开工作要点的通知", "部署{y}年{place}政务公开重点任务，推进决策、执行、管理、服务、结果公开。", months=(3, 5), channels=(W, G)),
        T(15, Genre.BULLETIN, "综合政务\\政务督查", "关于{y}年政府网站与政务新媒体检查情况的通报", "通报{y}年{place}政府网站和政务新媒体检查结果及问题整改要求。", channels=(W,)),
        T(15, Genre.OTHER, "综合政务\\政务公开", "{y}年{place}人大代表建议和政协提案办理结果公开", "公开{y}年{place}人民政府系统承办的人大代表建议、政协提案办理复文摘要。", months=(9, 12)),
    ),
    "township": (
        T(21, Genre.ANNOUNCEMENT, "民政、扶贫、救灾\\社会福利", "{org}{y}年第{q}季度城乡低保、特困人员审核结果公示", "公示{org}{y}年第{q}季度新增、停发城乡低保和特困供养对象审核情况（已隐去个人身份信息）。"),
        T(21, Genre.OTHER, "民政、扶贫、救灾\\社区建设", "{org}{y}年为民办实事项目进展情况", "公开{org}{y}年村（社区）道路、路灯、养老服务站等为民办实事项目的实施进度。", months=(6, 12)),
        T(12, Genre.NOTICE, "综合政务\\应急管理", "{org}关于做好{y}年汛期地质灾害防范工作的通知", "部署汛期地质灾害隐患点巡查、监测预警和危险区域人员转移工作。", months=(4, 6), channels=(W, WX)),
        T(13, Genre.BULLETIN, "市场监管、安全生产监管\\安全生产监管", "{org}关于{y}年第{q}季度安全生产检查情况的通报", "通报辖区小作坊、出租房、人员密集场所安全生产检查发现的隐患和整改情况。"),
        T(11, Genre.OTHER, "民政、扶贫、救灾\\扶贫", "{org}{y}年惠民惠农财政补贴资金发放情况", "公开{y}年耕地地力保护补贴、高龄津贴等惠民惠农补贴资金的发放项目和金额。", months=(6, 12)),
    ),
    "enterprise": (
        T(15, Genre.ANNOUNCEMENT, "其他", "{org}关于{road}一带临时停止服务的公告", "因设施改造，{road}一带部分区域临时停止服务，公布影响范围和恢复时间。", channels=(W, WX)),
        T(15, Genre.OTHER, "其他", "{org}{y}年服务质量承诺及办理情况", "公开{org}的服务标准、收费依据、办事流程和{y}年服务质量指标完成情况。", months=(1, 4)),
        T(8, Genre.LIST, "其他", "{org}收费项目、标准及依据", "公布{org}现行收费项目、收费标准和价格主管部门的核定文件。"),
    ),
    "general": (
        T(15, Genre.NOTICE, "综合政务\\其他", "{org}关于印发{y}年{field}工作要点的通知", "部署{org}{y}年{field}重点任务、责任分工和完成时限。", months=(2, 4)),
        T(5, Genre.OTHER, "综合政务\\其他", "{org}{field}行政许可事项办事指南", "说明{org}办理的{field}行政许可事项的依据、条件、材料、程序和办理时限。"),
        T(13, Genre.BULLETIN, "综合政务\\其他", "{org}关于{y}年{field}领域专项检查情况的通报", "通报{y}年{field}领域专项检查发现的问题、处理结果和整改要求。", months=(6, 12)),
        T(6, Genre.LIST, "综合政务\\其他", "{org}{y}年第{q}季度行政处罚信息公开", "公开{org}{y}年第{q}季度在{field}领域作出的行政处罚决定。"),
        T(11, Genre.NOTICE, "综合政务\\其他", "{org}关于开展{y}年{field}惠民政策宣传月活动的通知", "集中宣传{field}领域惠民政策，公布政策咨询电话和办理渠道。", channels=(W, WX)),
        T(1, Genre.MEASURES, "综合政务\\其他", "{place}{field}专项资金管理办法", "规范{field}专项资金的申报、审核、拨付、使用和绩效评价。", kind=ND, channels=(W, G)),
    ),
}

# Agency name keyword -> (template family, 文号 character, field of work for the general templates).
PORTFOLIOS: tuple[tuple[str, str, str, str], ...] = (
    ("教育局", "education", "教", "教育"),
    ("公安局", "police", "公", "公安"),
    ("民政局", "civil", "民", "民政"),
    ("财政局", "finance", "财", "财政"),
    ("人力资源和社会保障局", "labour", "人社", "人力资源和社会保障"),
    ("医疗保障局", "medical_insurance", "医保", "医疗保障"),
    ("卫生健康", "health", "卫健", "卫生健康"),
    ("自然资源", "planning", "自然资源", "自然资源"),
    ("住房和城乡建设局", "housing", "建", "住房城乡建设"),
    ("生态环境局", "environment", "环", "生态环境"),
    ("应急管理局", "emergency", "应急", "应急管理"),
    ("统计局", "statistics", "统", "统计"),
    ("市场监督管理局", "market", "市监", "市场监管"),
    ("发展和改革", "development", "发改", "发展改革"),
    ("交通运输局", "transport", "交", "交通运输"),
    ("人民政府办公室", "office", "政办", "政务公开"),
    ("科学技术局", "general", "科", "科技创新"),
    ("工业和信息化局", "general", "工信", "工业和信息化"),
    ("司法局", "general", "司", "公共法律服务"),
    ("水利局", "general", "水", "水利工程"),
    ("农业农村局", "general", "农", "农业农村"),
    ("商务局", "general", "商", "商贸流通"),
    ("文化广电旅游局", "general", "文旅", "文化和旅游"),
    ("退役军人事务局", "general", "退役", "退役军人服务保障"),
    ("审计局", "general", "审", "审计监督"),
    ("城市管理局", "general", "城管", "城市管理"),
    ("林业局", "general", "林", "森林资源保护"),
    ("体育局", "general", "体", "全民健身"),
    ("信访局", "general", "信", "信访"),
    ("政务服务数据管理局", "general", "数据", "政务服务"),
    ("住房公积金管理中心", "general", "公积金", "住房公积金"),
    ("社会保险事业管理中心", "labour", "社保", "社会保险"),
)

ROADS = (
    "明湖大道",
    "文昌路",
    "学府路",
    "滨江路",
    "荷花路",
    "湖心路",
    "东湖大道",
    "枫林路",
    "南桥大道",
    "迎宾路",
)
AREAS = ("湖滨", "月湾", "柳岸", "枫林", "西关", "桥头", "南浦", "荷塘", "青石", "梅溪", "凤栖", "新港")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗"
GIVEN = "建华志明文军海涛丽芳秀英国强晓燕伟东春梅振宇"
# fmt: on
