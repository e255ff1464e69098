"""Prefilled drafts of the narrative sections, stating the key figures of the compiled tables in the way
agencies write them. Staff edit the drafts; nothing here runs over their edits (see
services.refresh_untouched_overview). Pure: no Django imports."""

from __future__ import annotations

from decimal import Decimal

from gongkai.annual_reports.document import Number, ReportDocument


def _n(document: ReportDocument, key: str) -> int:
    value = document.figures.get(key)
    return int(value) if value is not None else 0


def _yuan(amount: Number) -> str:
    return f"{amount}元" if isinstance(amount, int) else f"{Decimal(amount).normalize():f}元"


def overview_draft(document: ReportDocument) -> str:
    name = document.agency_name
    whole = "全辖区" if document.scope == "aggregate" else ""

    def n(key: str) -> int:
        return _n(document, key)

    paragraphs = [
        f"{document.year}年，{name}{whole}认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "坚持以公开为常态、不公开为例外，全面推进主动公开，依法办理政府信息公开申请。现将有关情况报告如下。"
    ]
    proactive = (
        f"（一）主动公开。全年主动公开政府信息{n('proactive.total')}条，其中通过政府网站公开"
        f"{n('proactive.channel.website')}条"
    )
    if n("proactive.channel.gazette"):
        proactive += f"，通过政府公报公开{n('proactive.channel.gazette')}条"
    social = n("proactive.channel.weibo") + n("proactive.channel.wechat")
    if social:
        proactive += f"，通过政务新媒体公开{social}条"
    issued = n("proactive.regulations.issued") + n("proactive.normative_documents.issued")
    issued += n("proactive.regulations.new") + n("proactive.normative_documents.new")
    proactive += f"；制发规章和行政规范性文件{issued}件。"
    paragraphs.append(proactive)

    requests = (
        f"（二）依申请公开。全年新收政府信息公开申请{n('requests.new')}件，上年结转{n('requests.carried_in')}件；"
        f"办结{n('outcomes.total')}件，其中予以公开{n('outcomes.disclosed')}件，部分公开{n('outcomes.partially_disclosed')}件，"
        f"不予公开{n('outcomes.refused')}件，无法提供{n('outcomes.unable')}件，不予处理{n('outcomes.not_processed')}件，"
        f"其他处理{n('outcomes.other')}件；结转下年度继续办理{n('requests.carried_out')}件。"
    )
    online = n("requests.channel.online")
    if n("requests.new"):
        requests += f"网上申请{online}件，占新收申请的{round(online * 100 / n('requests.new'))}%。"
    paragraphs.append(requests)

    reconsideration = n("reconsideration.total")
    litigation = n("litigation.total")
    corrected = n("reconsideration.corrected") + n("litigation.corrected")
    appeals = (
        f"（三）行政复议和行政诉讼。全年因政府信息公开工作被申请行政复议{reconsideration}件、"
        f"被提起行政诉讼{litigation}件"
    )
    appeals += f"，其中结果纠正{corrected}件。" if reconsideration or litigation else "。"
    paragraphs.append(appeals)
    return "\n\n".join(paragraphs)


def other_draft(document: ReportDocument) -> str:
    """Section 六 must report the 信息处理费 collected (《政府信息公开信息处理费管理办法》)."""
    fees = document.figures.get("fees.yuan")
    if fees:
        return f"依据《政府信息公开信息处理费管理办法》，本年度共收取信息处理费{_yuan(fees)}。"
    return "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。"
