"""Figures read from sentences: each pattern, the words that look like figures but are not, what a
sentence about another year, scope or a cumulative count does to the rest of it, the zero stated in
words, the contradictions of the prose with itself, and the narrative sections."""

from __future__ import annotations

from decimal import Decimal

from gongkai.legacy_import import prose
from gongkai.legacy_import.normalise import normalise_lines
from gongkai.legacy_import.source import Source

CITY = "明湖市2015年政府信息公开工作年度报告\n本报告根据全市各级行政机关年度报告汇总编制。\n"
BUREAU = "明湖市交通运输局2015年政府信息公开工作年度报告\n本报告反映本机关政府信息公开工作情况。\n"


def _source(text: str) -> Source:
    return Source("t.txt", "text", normalise_lines(text))


def _read(text: str, fmt: str = "narrative") -> prose.ProseResult:
    return prose.extract(_source(text), fmt)


def _figures(text: str, head: str = CITY) -> dict[str, int | Decimal]:
    return {e.key: e.value for e in _read(head + text).extractions if e.certain}


def test_requests_with_their_channels() -> None:
    figures = _figures("全年共收到政府信息公开申请89件，其中当面申请63件、网上申请20件、信函申请6件。")
    assert figures == {
        "requests.new": 89,
        "requests.channel.in_person": 63,
        "requests.channel.online": 20,
        "requests.channel.letter": 6,
    }


def test_fax_together_with_other_channels_is_other() -> None:
    figures = _figures("全年共收到信息公开申请10件。其中，网上申请5件，传真等其他形式申请5件。")
    assert figures["requests.channel.other"] == 5
    assert "requests.channel.fax" not in figures


def test_number_before_the_noun() -> None:
    assert _figures("2015年共受理1件政府信息公开申请。")["requests.new"] == 1


def test_counts_in_chinese_numerals() -> None:
    assert _figures("全年共收到政府信息公开申请三件。")["requests.new"] == 3


def test_proactive_total_channels_and_normative_documents() -> None:
    figures = _figures(
        "全年主动公开政府信息233527条。其中，利用政府网站公开政府信息199823条，政府公报公开政府信息1996条，"
        "政务微博微信公开政府信息19170条，利用手机客户端、政务服务指南等其他方式公开政府信息12538条，"
        "主动公开规范性文件4143条。"
    )
    assert figures == {
        "proactive.total": 233527,
        "proactive.channel.website": 199823,
        "proactive.channel.gazette": 1996,
        "proactive.channel.weibo_wechat": 19170,
        "proactive.channel.other": 12538,
        "proactive.normative_documents": 4143,
    }


def test_proactive_by_category() -> None:
    figures = _figures(
        "2015年新增主动公开政府信息100条。其中，规范性文件类信息6条，规划计划类信息14条，机构职能类30条，其他信息累计50条。"
    )
    assert figures == {
        "proactive.total": 100,
        "proactive.category.normative_documents": 6,
        "proactive.category.plans": 14,
        "proactive.category.organization_functions": 30,
        "proactive.category.other": 50,
    }


def test_outcomes() -> None:
    figures = _figures(
        "全年共收到政府信息公开申请10件。申请答复10件，其中属于已主动公开范围的1件，同意公开答复的4件，同意部分公开的1件，"
        "不同意公开的2件，申请信息不存在的1件，其他原因数1件。"
    )
    assert figures == {
        "requests.new": 10,
        "outcomes.total": 10,
        "outcomes.already_public": 1,
        "outcomes.disclosed": 4,
        "outcomes.partially_disclosed": 1,
        "outcomes.refused": 2,
        "outcomes.not_exist": 1,
        "outcomes.other_reason": 1,
    }


def test_reconsideration_and_litigation_with_results() -> None:
    figures = _figures(
        "涉及政府信息公开的行政复议79件，其中维持具体行政行为36件，被依法纠错6件，驳回、终止等其他情形37件。"
        "涉及政府信息公开的行政诉讼案件47件，其中维持具体行政行为或者驳回原告诉讼请求数16件，被依法纠错2件，其他情形数29件。"
    )
    assert figures == {
        "reconsideration.total": 79,
        "reconsideration.upheld": 36,
        "reconsideration.corrected": 6,
        "reconsideration.other": 37,
        "litigation.total": 47,
        "litigation.upheld": 16,
        "litigation.corrected": 2,
        "litigation.other": 29,
    }


def test_responses() -> None:
    figures = _figures(
        "全年回应公众关注热点或重大舆情17162次，举办政府新闻发布会88次，政府网站在线访谈145次，"
        "政务微博微信回应事件数4264次，通过广播、电子信箱等其他方式回应事件11935次。"
    )
    assert figures == {
        "responses.total": 17162,
        "responses.press_conferences": 88,
        "responses.online_interviews": 145,
        "responses.social_media": 4264,
        "responses.other": 11935,
    }


def test_fees_in_10k_yuan_become_yuan() -> None:
    figures = _figures("六、依申请公开信息收取的费用\n全市因依申请公开政府信息收取的费用共计7．44万元。")
    assert figures["fees.yuan"] == 74400


def test_information_processing_fee() -> None:
    assert _figures("本年度共收取信息处理费380元。")["fees.yuan"] == 380


def test_administrative_fees_revenue_is_not_the_disclosure_fee() -> None:
    figures = _figures("全年收取行政事业性收费386.5万元。审批服务窗口收费总计为667.23万元。")
    assert "fees.yuan" not in figures


def test_website_visits_and_published_items_are_not_proactive_figures() -> None:
    figures = _figures(
        "门户网站全年访问量达156328人次，信息公开专栏点击量48211次。市政府网站作为信息公开第一平台，全年共发布信息10847条，"
        "其中政府规范性文件34个，重大舆情解读93条次，在线访谈8次。"
    )
    assert figures == {}


def test_information_items_are_not_requests() -> None:
    figures = _figures("全年共收到政府信息公开申请12件，涉及政府信息96条。")
    assert figures == {"requests.new": 12}


def test_cumulative_counts_are_left_alone() -> None:
    figures = _figures(
        "自2008年《条例》施行以来，累计主动公开政府信息12650条，其中政府网站公开政府信息11000条。历年累计受理政府信息公开申请215件。"
    )
    assert figures == {}


def test_accumulated_within_the_year_is_the_year_figure() -> None:
    # statistics-vocabulary.md §2 lists 累计主动公开政府信息…条 as proactive.total
    assert _figures("截止2015年12月31日，全市累计主动公开政府信息233527条。") == {"proactive.total": 233527}


def test_another_year_and_the_previous_year_are_left_alone() -> None:
    figures = _figures(
        "全年共收到政府信息公开申请42件，较上年的36件增加6件。2014年共收到政府信息公开申请36件，其中当面申请20件。"
    )
    assert figures == {"requests.new": 42}


def test_carried_in_is_not_the_previous_year() -> None:
    figures = _figures("全年共收到政府信息公开申请42件，上年结转申请3件。")
    assert figures == {"requests.new": 42, "requests.carried_in": 3}


def test_city_level_subset_in_a_city_wide_report() -> None:
    figures = _figures(
        "涉及政府信息公开的行政复议79件，其中维持36件。其中，市本级涉及政府信息公开的行政复议案件数为25件，其中维持2件，未办结12件。"
    )
    assert figures == {"reconsideration.total": 79, "reconsideration.upheld": 36}


def test_city_wide_figures_in_a_departments_report() -> None:
    figures = _figures(
        "本机关共受理政府信息公开申请42件。全市各级行政机关共受理政府信息公开申请1532件。", head=BUREAU
    )
    assert figures == {"requests.new": 42}


def test_coordinated_requests_are_not_the_agencys() -> None:
    figures = _figures("全年收到信息公开申请1件，答复1件。协调办理市政府信息公开申请27件。", head=BUREAU)
    assert figures == {"requests.new": 1, "outcomes.total": 1}


def test_approximate_numbers_are_left_alone() -> None:
    assert _figures("全年主动公开政府信息约4700条，收到政府信息公开申请10余件。") == {}


def test_answers_to_complaints_are_not_outcomes() -> None:
    figures = _figures("全年处理政府信息公开投诉5件，办结5件；办理市长公开电话信息公开投诉5件，答复5件。")
    assert figures == {"complaints.total": 5}


def test_sub_items_only_under_their_subject() -> None:
    # 办结 under 审批服务办件 is not requests.completed.
    assert _figures("共受理审批服务办件42353件，办结42316件。") == {}


def test_zero_stated_in_words() -> None:
    figures = _figures(
        "三、依申请公开\n2015年，全市未收到政府信息公开申请。\n五、复议诉讼\n2015年未出现复议、诉讼和申诉情况。\n"
        "六、收费\n我市无政府信息公开收费，不存在减免情况。"
    )
    assert figures == {"requests.new": 0, "reconsideration.total": 0, "litigation.total": 0, "fees.yuan": 0}


def test_a_case_that_was_not_appealed_is_not_zero_appeals() -> None:
    assert _figures("有1件申请人对答复不服，但未提起行政复议。") == {}


def test_zero_lists_in_a_2019_report() -> None:
    head = "2019年政府信息公开工作年度报告\n明湖市水运管理局\n"
    figures = _figures(
        "局机关制定的行政规章为0,规范性文件为0。我局行政许可、其它管理服务事项、行政处罚、强制数为0。"
        "行政事业性收费、政府集中采购数为0。局机关全年涉及政府信息公开的行政复议、行政诉讼案件数为0。",
        head=head,
    )
    assert figures == {
        "proactive.regulations.new": 0,
        "proactive.normative_documents.new": 0,
        "proactive.licensing.decisions": 0,
        "proactive.penalties.decisions": 0,
        "proactive.enforcement.decisions": 0,
        "proactive.admin_fees.items": 0,
        "proactive.procurement.items": 0,
        "reconsideration.total": 0,
        "litigation.total": 0,
    }


def test_zero_list_before_2019_names_no_table_two_figures() -> None:
    assert _figures("行政许可、行政处罚数为0。") == {}


def test_provisional_no_charge_is_for_review() -> None:
    result = _read(CITY + "六、政府信息公开的收费和减免情况\n暂不收费。")
    (reading,) = result.extractions
    assert (reading.key, reading.value, reading.certain) == ("fees.yuan", 0, False)
    assert reading.note


def test_evidence_points_at_the_words_read() -> None:
    result = _read(CITY + "截至年底，全年共收到政府信息公开申请89件。")
    (reading,) = result.extractions
    source = _source(CITY + "截至年底，全年共收到政府信息公开申请89件。")
    line = source.line(reading.line)
    assert line[reading.span[0] : reading.span[1]] == "全年共收到政府信息公开申请89件"
    assert reading.text == "全年共收到政府信息公开申请89件"


def test_prose_contradicting_itself_is_a_finding_and_the_first_reading_stays() -> None:
    result = _read(
        CITY + "涉及政府信息公开的行政诉讼案件47件。全年各级政府机关涉及政府信息公开的行政诉讼案件0件。"
    )
    assert {e.key: e.value for e in result.extractions} == {"litigation.total": 47}
    (finding,) = result.findings
    assert (finding.rule, finding.where) == ("P", "litigation.total")
    assert "47" in finding.message
    assert "0" in finding.message


def test_parts_exceeding_their_total_are_a_finding() -> None:
    result = _read(CITY + "全年全区共收到政府信息公开申请50件，其中网上申请30件、当面申请25件。")
    assert [(f.rule, f.where) for f in result.findings] == [("P", "requests.new")]
    assert "55" in result.findings[0].message


def test_a_channel_larger_than_the_total_is_another_measure() -> None:
    result = _read(
        CITY + "2015年,累计主动公开政府各类信息6748条。2015年,通过政府门户网站公开政府信息达132408条。"
    )
    assert {e.key: e.value for e in result.extractions} == {"proactive.total": 6748}
    assert [(f.rule, f.where) for f in result.findings] == [("P", "proactive.channel.website")]


def test_requests_not_accounted_for() -> None:
    result = _read(
        CITY + "全年共收到信息公开申请10623件。截止2015年12月31日，已办结10566件，其余申请件跨年度办结。"
    )
    assert [(f.rule, f.where) for f in result.findings] == [("P", "requests.completed")]
    assert "57" in result.findings[0].message


def test_requests_accounted_for_by_carry_over() -> None:
    result = _read(CITY + "全年共收到政府信息公开申请10件，已办结8件，结转下年度继续办理2件。")
    assert result.findings == []


def test_prose_against_the_statistics_table_breakdown() -> None:
    text = (
        "榆树市2017年度政府信息公开工作报告\n二、主动公开政府信息情况\n"
        "全市累计主动公开政府信息26187条。其中，政务微博微信公开政府信息2562条。\n"
        "统计指标\n单位\n统计数\n3.政务微博公开政府信息数\n条\n561\n4.政务微信公开政府信息数\n条\n2011\n"
    )
    result = prose.extract(_source(text), "2008")
    assert "proactive.channel.weibo_wechat" not in {e.key for e in result.extractions}
    (finding,) = result.findings
    assert (finding.rule, finding.where) == ("P", "proactive.channel.weibo_wechat")
    assert "2572" in finding.message


def test_sections_by_their_headings() -> None:
    source = _source(
        "2019年政府信息公开工作年度报告\n一、总体情况\n全年工作稳步推进。\n二、主动公开政府信息情况\n表格\n"
        "五、存在的主要问题及改进情况\n公开质量有待提高。\n六、其他需要报告的事项\n无。\n明湖市水运管理局\n2020年1月20日\n"
    )
    assert prose.sections(source) == {
        "overview": "全年工作稳步推进。",
        "problems": "公开质量有待提高。",
        "other": "无。",
    }


def test_sections_of_an_older_report_stop_at_the_appended_table() -> None:
    source = _source(
        "一、概述\n概述正文。\n七、其他需要报告的事项\n暂无。\n八、主要问题和改进措施\n问题正文。\n改进正文。\n"
        "附：明湖市2017年度政府信息公开情况统计表\n统计指标\n"
    )
    assert prose.sections(source) == {
        "overview": "概述正文。",
        "problems": "问题正文。\n改进正文。",
        "other": "暂无。",
    }


def test_missing_sections_are_empty() -> None:
    assert prose.sections(_source("没有标题的正文。")) == {"overview": "", "problems": "", "other": ""}


def test_since_the_start_of_this_year_is_this_year() -> None:
    assert _figures("2015年以来，共收到政府信息公开申请两件。") == {"requests.new": 2}


def test_a_count_with_a_negation_is_not_zero() -> None:
    figures = _figures("全年共收到政府信息公开申请8件，其中未受理的申请3件。")
    assert figures == {"requests.new": 8}


def test_a_heading_line_with_a_figure_is_read() -> None:
    assert _figures("六、收费情况：依申请公开收取费用0元") == {"fees.yuan": 0}


def test_disclosure_training_but_not_staff_training_or_plans() -> None:
    figures = _figures(
        "全年组织政府信息公开业务培训2次，参训人员86人次。全年开展专题培训4次，培训科级干部487人次。"
        "下一步计划全年举办政府信息公开业务培训班3期。召开政府信息公开工作会议3次。"
    )
    assert figures == {"training.sessions": 2, "training.trainees": 86, "meetings": 3}
