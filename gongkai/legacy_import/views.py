"""The back office for past annual reports (/staff/history/): upload a report, see its source with every
extracted figure highlighted beside the figures, correct values, and save it as the history of an
agency and year (replacing an earlier import only after confirmation).

Between the review page and the save, the import travels signed inside the form (django.core.signing):
nothing is stored until the person saves, and what they save is exactly what they reviewed."""

from __future__ import annotations

import json
import zlib
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.annual_reports.document import ReportDocument
from gongkai.annual_reports.formats import FORMATS
from gongkai.annual_reports.history import IMPORT_PERMS, AlreadyImported, history_save
from gongkai.annual_reports.models import HistoricalReport
from gongkai.annual_reports.vocabulary import DECIMAL_KEYS, FLAT_KEYS, label
from gongkai.core.errors import DomainError
from gongkai.core.typing import AuthedRequest
from gongkai.legacy_import import forms
from gongkai.legacy_import.importer import _rule_issues, import_file
from gongkai.legacy_import.readers import UnreadableSource

NOT_FOUND = "页面不存在或您无权访问"
SALT = "gongkai.legacy_import.pending"
MAX_UPLOAD = 10 * 1024 * 1024


def _agencies(request: AuthedRequest) -> Any:
    condition = Q(pk__in=[])
    for perm in IMPORT_PERMS:
        condition |= Q(pk__in=permissions.agencies_with(request.user, perm).values("pk"))
    agencies = Agency.objects.filter(condition, active=True).order_by("path")
    if not agencies.exists():
        raise Http404(NOT_FOUND)
    return agencies


def _pack(payload: dict[str, Any]) -> str:
    raw = zlib.compress(json.dumps(payload, ensure_ascii=False).encode())
    return signing.dumps(raw.hex(), salt=SALT, compress=False)


def _unpack(token: str) -> dict[str, Any]:
    raw = bytes.fromhex(signing.loads(token, salt=SALT, max_age=6 * 3600))
    return dict(json.loads(zlib.decompress(raw)))


def _highlighted(lines: list[str], provenance: dict[str, Any]) -> list[tuple[int, SafeString, list[str]]]:
    """Each source line with the evidence of the figures read from it marked, and which keys those are."""
    by_line: dict[int, list[tuple[int, int, str]]] = {}
    for key, evidence in provenance.items():
        span = evidence.get("span") or [0, 0]
        by_line.setdefault(int(evidence.get("line", 0)), []).append((int(span[0]), int(span[1]), key))
    result = []
    for number, text in enumerate(lines, start=1):
        marks = sorted(by_line.get(number, []))
        html, cursor = "", 0
        for start, end, key in marks:
            if start < cursor or end <= start or end > len(text):
                continue
            review = " review" if provenance[key].get("review") else ""
            html += escape(text[cursor:start])
            html += f'<mark class="figure{review}" id="mark-{escape(key)}" title="{escape(label(key))}">{escape(text[start:end])}</mark>'
            cursor = end
        html += escape(text[cursor:])
        result.append((number, mark_safe(html), [key for _, _, key in marks]))  # noqa: S308  (every part escaped above)
    return result


def _rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    figures = document.get("figures") or {}
    provenance = document.get("provenance") or {}
    keys = sorted(set(figures) | set(provenance), key=lambda k: (k.split(".")[0], k))
    return [
        {
            "key": key,
            "label": label(key),
            "value": figures.get(key, ""),
            "evidence": provenance.get(key, {}),
            "review": bool(provenance.get(key, {}).get("review")),
            "field": f"figure__{key}",
        }
        for key in keys
    ]


def _render_review(
    request: AuthedRequest,
    payload: dict[str, Any],
    form: forms.SaveForm,
    *,
    status: int = 200,
    confirm: bool = False,
) -> HttpResponse:
    document = payload["document"]
    return render(
        request,
        "legacy_import/review.html",
        {
            "payload": _pack(payload),
            "document": document,
            "source_name": payload["source_name"],
            "lines": _highlighted(payload["lines"], document.get("provenance") or {}),
            "rows": _rows(document),
            "issues": document.get("issues") or [],
            "form": form,
            "confirm": confirm,
            "format_name": FORMATS[document["format"]].name if document.get("format") in FORMATS else "",
            "all_keys": sorted(FLAT_KEYS),
        },
        status=status,
    )


@login_required
def history_list(request: AuthedRequest) -> HttpResponse:
    agencies = _agencies(request)
    upload = forms.UploadForm(agencies=agencies)
    rows = (
        HistoricalReport.objects.filter(agency__in=agencies)
        .select_related("agency")
        .order_by("-year", "agency__path")[:200]
    )
    return render(request, "legacy_import/history_list.html", {"upload": upload, "rows": rows})


@login_required
def history_upload(request: AuthedRequest) -> HttpResponse:
    agencies = _agencies(request)
    if request.method != "POST":
        return redirect("legacy_import:list")
    upload = forms.UploadForm(request.POST, request.FILES, agencies=agencies)
    if not upload.is_valid():
        rows = HistoricalReport.objects.filter(agency__in=agencies).select_related("agency")[:200]
        return render(
            request, "legacy_import/history_list.html", {"upload": upload, "rows": rows}, status=400
        )
    file = upload.cleaned_data["file"]
    agency: Agency = upload.cleaned_data["agency"]
    try:
        source, document = import_file(
            file.read(),
            file.name,
            agency=agency.name,
            year=upload.cleaned_data.get("year"),
            scope=upload.cleaned_data.get("scope") or None,
        )
    except UnreadableSource as exc:
        upload.add_error("file", str(exc))
        rows = HistoricalReport.objects.filter(agency__in=agencies).select_related("agency")[:200]
        return render(
            request, "legacy_import/history_list.html", {"upload": upload, "rows": rows}, status=400
        )
    document.agency_code = agency.code
    payload = {
        "agency": agency.pk,
        "source_name": file.name,
        "lines": source.lines,
        "document": document.to_json(),
    }
    form = forms.SaveForm(initial={"year": document.year or None, "scope": document.scope})
    return _render_review(request, payload, form)


def _corrected(payload: dict[str, Any], post: Any) -> tuple[ReportDocument, dict[str, str]]:
    """The reviewed document with the person's corrections: a changed value is marked as corrected in
    its provenance, a cleared value is dropped, a confirmed uncertain reading becomes a figure."""
    document = ReportDocument.from_json(payload["document"])
    errors: dict[str, str] = {}
    keys = set(document.figures) | set(document.provenance)
    added = post.get("add_key", "").strip()
    if added:
        if added not in FLAT_KEYS:
            errors["add_key"] = f"“{added}”不是统计口径中的指标"
        keys.add(added)
    for key in sorted(keys):
        field = f"figure__{key}" if key != added else "add_value"
        raw = (post.get(field) or "").strip().replace(",", "").replace("，", "")
        before = document.figures.get(key)
        if raw == "":
            document.figures.pop(key, None)
            if before is not None:
                document.provenance.setdefault(key, {})["removed_by_staff"] = True
            continue
        try:
            number = Decimal(raw)
        except InvalidOperation:
            errors[field] = f"“{label(key)}”应为数字"
            continue
        if number < 0 or (key not in DECIMAL_KEYS and number != number.to_integral_value()):
            errors[field] = f"“{label(key)}”应为不小于0的{'数' if key in DECIMAL_KEYS else '整数'}"
            continue
        value: int | Decimal = int(number) if number == number.to_integral_value() else number
        if value != before:
            evidence = document.provenance.setdefault(key, {})
            evidence["corrected_by_staff"] = {
                "from": None if before is None else float(before),
                "to": float(value),
            }
            evidence.pop("review", None)
        elif document.provenance.get(key, {}).get("review"):
            document.provenance[key].pop("review", None)
        document.figures[key] = value
    return document, errors


@login_required
def history_save_view(request: AuthedRequest) -> HttpResponse:
    agencies = _agencies(request)
    if request.method != "POST":
        return redirect("legacy_import:list")
    try:
        payload = _unpack(request.POST.get("payload", ""))
    except (signing.BadSignature, ValueError, zlib.error):
        messages.error(request, "导入内容已失效或被改动，请重新上传报告。")
        return redirect("legacy_import:list")
    agency = agencies.filter(pk=payload.get("agency")).first()
    if agency is None:
        raise Http404(NOT_FOUND)
    form = forms.SaveForm(request.POST)
    document, errors = _corrected(payload, request.POST)
    if not form.is_valid() or errors:
        for message in errors.values():
            form.add_error(None, message)
        return _render_review(request, payload, form, status=400)
    document.year = form.cleaned_data["year"]
    document.scope = form.cleaned_data["scope"]
    # The source's own contradictions stay as found; the arithmetic rules are checked again on the
    # corrected figures.
    kept = [i for i in document.issues if not i.rule.startswith("V") and i.rule != "T2"]
    seen = {(i.rule, i.where) for i in kept}
    document.issues = kept + [i for i in _rule_issues(document) if (i.rule, i.where) not in seen]
    try:
        row = history_save(
            actor=request.user,
            agency=agency,
            document=document,
            source_name=payload["source_name"],
            source_text="\n".join(payload["lines"]),
            replace=form.cleaned_data["replace"],
        )
    except AlreadyImported as exc:
        form.add_error("replace", exc.message)
        payload["document"] = document.to_json()
        return _render_review(request, payload, form, status=409, confirm=True)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return _render_review(request, payload, form, status=400)
    messages.success(request, f"已保存{row}的历史年度报告：{len(document.figures)}项数据。")
    return redirect("legacy_import:detail", pk=row.pk)


@login_required
def history_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    agencies = _agencies(request)
    row = (
        HistoricalReport.objects.filter(pk=pk, agency__in=agencies)
        .select_related("agency", "imported_by")
        .first()
    )
    if row is None:
        raise Http404(NOT_FOUND)
    document = row.document
    return render(
        request,
        "legacy_import/history_detail.html",
        {
            "row": row,
            "document": document,
            "rows": _rows(document),
            "issues": document.get("issues") or [],
            "lines": _highlighted(
                row.source_text.split("\n") if row.source_text else [], document.get("provenance") or {}
            ),
        },
    )
