"""The statistics vocabulary (statistics-vocabulary.md §2–§3) as data, and a checker for report documents
in its JSON shape (§1). Every producer of documents — the compiler, the importer, the API — is tested
against this, so a figure cannot drift to a key nobody else reads. Pure: no Django imports."""

from __future__ import annotations

import re
from typing import Any

from gongkai.annual_reports.formats import APPEALS_TABLE, FORMAT_IDS, FORMATS, SCOPES

_RESULTS = ("upheld", "corrected", "other", "pending", "total")
_CHANNELS = ("in_person", "online", "letter", "fax", "email", "other")
_APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")

FLAT_KEYS: frozenset[str] = frozenset(
    {
        # proactive disclosure
        "proactive.total",
        *(
            f"proactive.channel.{c}"
            for c in ("website", "gazette", "weibo", "wechat", "weibo_wechat", "app", "other")
        ),
        "proactive.normative_documents",
        *(f"proactive.normative_documents.{c}" for c in ("issued", "repealed", "in_force", "new")),
        *(f"proactive.regulations.{c}" for c in ("issued", "repealed", "in_force", "new")),
        "proactive.licensing.decisions",
        "proactive.penalties.decisions",
        "proactive.enforcement.decisions",
        "proactive.admin_fees.amount_10k_yuan",
        "proactive.admin_fees.items",
        "proactive.procurement.items",
        # responses and interpretation
        "responses.total",
        "responses.press_conferences",
        "responses.online_interviews",
        "responses.online_interviews.by_leaders",
        "responses.policy_interpretations",
        "responses.social_media",
        "responses.other",
        # requests
        "requests.new",
        "requests.carried_in",
        "requests.carried_out",
        "requests.completed",
        "requests.completed_on_time",
        "requests.completed_extended",
        *(f"requests.channel.{c}" for c in _CHANNELS),
        *(f"requests.applicant.{c}" for c in _APPLICANTS),
        # outcomes
        "outcomes.total",
        "outcomes.disclosed",
        "outcomes.already_public",
        "outcomes.partially_disclosed",
        "outcomes.refused",
        *(
            f"outcomes.refused.{c}"
            for c in (
                "state_secret",
                "law_prohibited",
                "three_securities",
                "third_party",
                "internal_affairs",
                "process_info",
                "enforcement_file",
                "query_matter",
                "commercial_secret",
                "privacy",
                "not_gov_info",
                "other",
                "not_exist",
                # Sub-rows of 否决公开 in older local tables (长春 2012: 申请内容不明确, 涉密).
                "unclear",
                "secret",
            )
        ),
        "outcomes.unable",
        *(f"outcomes.unable.{c}" for c in ("not_held", "needs_creation", "unclear_after_correction")),
        "outcomes.not_processed",
        *(
            f"outcomes.not_processed.{c}"
            for c in ("petition_complaint", "repeated", "publication", "mass_repeated", "confirm_existing")
        ),
        "outcomes.other",
        *(f"outcomes.other.{c}" for c in ("no_correction", "no_fee_paid", "other")),
        "outcomes.not_exist",
        "outcomes.not_this_agency",
        "outcomes.correction_notice",
        "outcomes.other_route",
        "outcomes.other_reason",
        # reconsideration, litigation, complaints, fees, organisation
        *(f"reconsideration.{c}" for c in _RESULTS),
        *(f"litigation.{c}" for c in _RESULTS),
        *(f"litigation.direct.{c}" for c in _RESULTS),
        *(f"litigation.after_reconsideration.{c}" for c in _RESULTS),
        "complaints.total",
        "fees.yuan",
        "org.units",
        "reading_points",
        "staff.total",
        "staff.full_time",
        "staff.part_time",
        "funding.yuan",
        "meetings",
        "training.sessions",
        "training.trainees",
    }
)
# Free-named local breakdowns the vocabulary allows.
FLAT_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"proactive\.category\.[a-z0-9_]+"),
    re.compile(r"proactive\.level\.[a-z0-9_]+"),
)
DECIMAL_KEYS = frozenset({"proactive.admin_fees.amount_10k_yuan", "fees.yuan", "funding.yuan"})


def known(key: str) -> bool:
    return key in FLAT_KEYS or any(pattern.fullmatch(key) for pattern in FLAT_PATTERNS)


def _number(value: Any, *, decimal: bool) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (decimal and isinstance(value, float))


def check_document(data: dict[str, Any]) -> list[str]:
    """Where a JSON report document departs from statistics-vocabulary.md; empty when it conforms."""
    problems: list[str] = []
    for key in ("agency", "year", "scope", "format", "figures", "tables", "sections", "issues"):
        if key not in data:
            problems.append(f"missing {key}")
    if problems:
        return problems
    agency = data["agency"]
    if not isinstance(agency, dict) or set(agency) < {"code", "name"}:
        problems.append("agency must have code and name")
    if not isinstance(data["year"], int) or isinstance(data["year"], bool):
        problems.append("year must be an integer")
    if data["scope"] not in SCOPES:
        problems.append(f"scope {data['scope']!r} is not agency or aggregate")
    if data["format"] not in FORMAT_IDS:
        problems.append(f"format {data['format']!r} is not one of {FORMAT_IDS}")
    problems += _check_content(data)
    problems += _check_tables(data["format"], data["tables"] or {})
    return problems


def _check_content(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for key, value in (data["figures"] or {}).items():
        if not known(key):
            problems.append(f"figures: {key} is not in the vocabulary")
        elif not _number(value, decimal=key in DECIMAL_KEYS):
            problems.append(f"figures: {key} = {value!r} is not a number")
    for key, value in (data["sections"] or {}).items():
        if key not in ("overview", "problems", "other") or not isinstance(value, str):
            problems.append(f"sections: {key} is not a narrative section")
    for issue in data["issues"]:
        if set(issue) != {"rule", "severity", "where", "message"} or issue["severity"] not in (
            "error",
            "warning",
        ):
            problems.append(f"issues: {issue!r} is not {{rule, severity, where, message}}")
    return problems


def _check_tables(format_id: str, tables: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    fmt = FORMATS.get(format_id)
    if fmt is None:
        return problems
    requests = tables.get("requests")
    if requests is not None and fmt.requests is not None:
        if requests.get("columns") != list(fmt.requests.column_keys):
            problems.append(f"tables.requests.columns must be {list(fmt.requests.column_keys)}")
        rows = requests.get("rows") or {}
        if set(rows) != set(fmt.requests.row_keys):
            problems.append(f"tables.requests.rows must be exactly {list(fmt.requests.row_keys)}")
        for key, values in rows.items():
            if (
                not isinstance(values, list)
                or len(values) != 7
                or not all(_number(v, decimal=False) for v in values)
            ):
                problems.append(f"tables.requests.rows.{key} must be 7 integers")
    appeals = tables.get("appeals")
    if appeals is not None:
        groups = [group.key for group in APPEALS_TABLE.groups]
        if set(appeals) != set(groups):
            problems.append(f"tables.appeals must have {groups}")
        for group, cells in appeals.items():
            if not isinstance(cells, dict) or set(cells) != set(_RESULTS):
                problems.append(f"tables.appeals.{group} must have {list(_RESULTS)}")
            elif not all(_number(v, decimal=False) for v in cells.values()):
                problems.append(f"tables.appeals.{group} must hold integers")
    proactive = tables.get("proactive")
    if proactive is not None and (not isinstance(proactive, dict) or "rows" not in proactive):
        problems.append("tables.proactive must have format and rows")
    return problems


def _labels() -> dict[str, str]:
    """A Chinese label for each key, for pages that list figures: the printed labels of the formats where
    a key is printed, short descriptions otherwise."""
    from gongkai.annual_reports.formats import STATISTICS_ROWS

    labels: dict[str, str] = {}
    for stat in STATISTICS_ROWS:
        if stat.figure:
            text = re.sub(
                r"^(?:（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+\.|其中：)+", "", stat.label
            )
            labels[stat.figure] = text.split("（")[0]
    requests = FORMATS["2021"].requests
    if requests is not None:
        flat = {
            "new": "requests.new",
            "carried_in": "requests.carried_in",
            "carried_out": "requests.carried_out",
            "r7_total": "outcomes.total",
        }
        for row in requests.rows:
            if row.key in flat:
                labels[flat[row.key]] = (row.level2 or row.level1).split("、", 1)[-1]
    from gongkai.disclosure_requests.statistics import OUTCOME_FIGURES, OUTCOME_GROUP_FIGURES

    if requests is not None:
        for row_key, key in OUTCOME_FIGURES.items():
            outcome = requests.row(row_key)
            labels[key] = f"{outcome.level2}{outcome.level3}"
        for prefix, key in OUTCOME_GROUP_FIGURES.items():
            group = next(row for row in requests.rows if row.key.startswith(prefix))
            labels[key] = group.level2
    for applicant in (
        "natural_person",
        "commercial",
        "research",
        "public_interest",
        "legal_services",
        "other_org",
    ):
        labels[f"requests.applicant.{applicant}"] = (
            f"新收申请·{FORMATS['2021'].requests.column(applicant).label}"  # type: ignore[union-attr]
        )
    names = {
        "upheld": "结果维持",
        "corrected": "结果纠正",
        "other": "其他结果",
        "pending": "尚未审结",
        "total": "总计",
    }
    for prefix, group_name in (
        ("reconsideration", "行政复议"),
        ("litigation", "行政诉讼"),
        ("litigation.direct", "未经复议直接起诉"),
        ("litigation.after_reconsideration", "复议后起诉"),
    ):
        for column, name in names.items():
            labels[f"{prefix}.{column}"] = f"{group_name}·{name}"
    labels.update(
        {
            "requests.channel.email": "电子邮件申请数",
            "requests.channel.other": "其他形式申请数",
            "proactive.channel.weibo_wechat": "政务微博微信公开政府信息数",
            "proactive.channel.app": "手机客户端公开政府信息数",
            "proactive.admin_fees.amount_10k_yuan": "行政事业性收费金额（万元）",
            "fees.yuan": "依申请公开收取的费用（元）",
            "funding.yuan": "政府信息公开专项经费（元）",
            "outcomes.other_reason": "其他原因",
            "outcomes.refused.not_exist": "不同意公开·信息不存在",
            "outcomes.refused.unclear": "不同意公开·申请内容不明确",
            "outcomes.refused.secret": "不同意公开·涉密",
            "proactive.admin_fees.items": "行政事业性收费项目数",
            "proactive.procurement.items": "政府集中采购项目数",
            "proactive.licensing.decisions": "行政许可处理决定数",
            "proactive.penalties.decisions": "行政处罚处理决定数",
            "proactive.enforcement.decisions": "行政强制处理决定数",
            "proactive.regulations.issued": "规章·本年制发件数",
            "proactive.regulations.repealed": "规章·本年废止件数",
            "proactive.regulations.in_force": "规章·现行有效件数",
            "proactive.regulations.new": "规章·本年新制作数量",
            "proactive.normative_documents.repealed": "行政规范性文件·本年废止件数",
            "proactive.normative_documents.in_force": "行政规范性文件·现行有效件数",
            "proactive.normative_documents.new": "规范性文件·本年新制作数量",
        }
    )
    return labels


_LABELS: dict[str, str] | None = None


def label(key: str) -> str:
    """The key's Chinese label (the key itself when it has none)."""
    global _LABELS  # noqa: PLW0603  (built once, lazily: formats and statistics import nothing back)
    if _LABELS is None:
        _LABELS = _labels()
    return _LABELS.get(key, key)
