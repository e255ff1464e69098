"""Back-office pages for bulk import (/staff/catalogue/import/): upload, the job with its progress bar
and per-row errors, 正式导入 after a clean dry run, the CSV template and the errors as CSV.

There is no background worker: the job page's script (static/catalogue/import-progress.js) asks the
server to process the next batch and shows the progress; without script, a button does the same.
Jobs of agencies the person may not import into answer 404."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import Perm
from gongkai.agencies.querysets import AgencyQuerySet
from gongkai.backoffice.current import current_agency
from gongkai.catalogue import bulk_import, import_service
from gongkai.catalogue.models import ImportJob
from gongkai.core.errors import DomainError, http_status
from gongkai.core.forms import add_domain_error
from gongkai.core.typing import AuthedRequest

RECENT_JOBS = 20
# Rows per request of the page's poller: the batch holds the job lock (and on SQLite the write lock),
# so keep each request around a second; the command line uses the larger service default.
STEP_BATCH = 50
ERRORS_ON_PAGE = 500

MODE_DRY_RUN = "dry_run"
MODE_IMPORT = "import"


class UploadForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("导入到"), empty_label=None)
    file = forms.FileField(
        label=_("CSV或XLSX文件"),
        help_text=_("第一行为列名，必填列：名称、生成日期、公开类别。建议先下载导入模板。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )
    mode = forms.ChoiceField(
        label=_("方式"),
        choices=[
            (MODE_DRY_RUN, _("试导入：逐行检查，不写入任何信息")),
            (MODE_IMPORT, _("正式导入")),
        ],
        initial=MODE_DRY_RUN,
        widget=forms.RadioSelect,
    )
    publish = forms.BooleanField(
        label=_("导入后直接发布（原系统中已公开的信息，保留原索引号和发布日期）"),
        help_text=_("含有个人信息的行将导入为草稿，须经保密审查后发布。不勾选则全部导入为草稿。"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, agencies: AgencyQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (narrowing for the type checker)
        field.queryset = agencies


def _job_or_404(request: AuthedRequest, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("agency", "created_by"), pk=pk)
    if not permissions.has_perm(request.user, Perm.HANDLE_REQUESTS, job.agency):
        raise Http404("页面不存在或您无权访问")
    return job


@login_required
def import_index(request: AuthedRequest) -> HttpResponse:
    agencies = permissions.agencies_with(request.user, Perm.HANDLE_REQUESTS).order_by("path")
    if not agencies.exists():
        raise Http404("页面不存在或您无权访问")
    current = current_agency(request)
    initial = {"agency": current.pk} if current is not None and current in agencies else {}
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        agencies=agencies,
        initial=initial,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            job = import_service.import_create(
                actor=request.user,
                agency=d["agency"],
                upload=d["file"],
                dry_run=d["mode"] == MODE_DRY_RUN,
                publish=d["publish"],
            )
        except DomainError as exc:
            add_domain_error(exc, form)
            status = http_status(exc)
        else:
            return redirect("catalogue_import:detail", pk=job.pk)
    elif request.method == "POST":
        status = 400
    jobs = ImportJob.objects.filter(agency__in=agencies).select_related("agency", "created_by")[:RECENT_JOBS]
    return render(request, "catalogue/import/index.html", {"form": form, "jobs": jobs}, status=status)


def _progress(job: ImportJob) -> dict[str, object]:
    done = job.state in (ImportJob.State.DONE, ImportJob.State.FAILED)
    verb = _t("可") if job.dry_run else ""
    text = _t(
        "已处理 %(processed)s / %(total)s 行：%(verb)s新增 %(created)s，%(verb)s更新 %(updated)s，%(errors)s 行有错误"
    ) % {
        "processed": job.processed,
        "total": job.total,
        "verb": verb,
        "created": job.created_count,
        "updated": job.updated_count,
        "errors": job.error_count,
    }
    return {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "processed": job.processed,
        "total": job.total,
        "percent": round(100 * job.processed / job.total) if job.total else 100,
        "created": job.created_count,
        "updated": job.updated_count,
        "errors": job.error_count,
        "done": done,
        "text": text,
    }


@login_required
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    errors = [e for e in job.errors if not e.get("warning")]
    warnings = [e for e in job.errors if e.get("warning")]
    return render(
        request,
        "catalogue/import/detail.html",
        {
            "job": job,
            "progress": _progress(job),
            "running": job.state in (ImportJob.State.PENDING, ImportJob.State.RUNNING),
            "errors": errors[:ERRORS_ON_PAGE],
            "warnings": warnings[:ERRORS_ON_PAGE],
            "more_errors": len(job.errors) > ERRORS_ON_PAGE or job.error_count > len(errors),
            "can_confirm": job.dry_run and job.state == ImportJob.State.DONE and job.error_count == 0,
            "messages_lines": [m for m in job.message.splitlines() if m],
            "limit": ERRORS_ON_PAGE,
        },
    )


@login_required
def import_progress(request: AuthedRequest, pk: int) -> JsonResponse:
    return JsonResponse(_progress(_job_or_404(request, pk)))


@login_required
@require_POST
def import_step(request: AuthedRequest, pk: int) -> HttpResponse:
    """Process the next batch (the page's poller, or the no-script button)."""
    job = import_service.import_step(job=_job_or_404(request, pk), batch=STEP_BATCH)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(_progress(job))
    return redirect("catalogue_import:detail", pk=job.pk)


@login_required
@require_POST
def import_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    try:
        real = import_service.import_confirm(actor=request.user, job=job)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("catalogue_import:detail", pk=job.pk)
    messages.success(request, _t("已开始正式导入"))
    return redirect("catalogue_import:detail", pk=real.pk)


def _download(data: bytes, filename: str, fallback: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    # RFC 6266: an ASCII name for old clients, the Chinese one as RFC 5987 filename*.
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


@login_required
def import_errors_csv(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job_or_404(request, pk)
    rows: list[list[object]] = [[_t("行号"), _t("列"), _t("类型"), _t("说明")]]
    rows += [
        [e["row"], e.get("field", ""), _t("提示") if e.get("warning") else _t("错误"), e["message"]]
        for e in job.errors
    ]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    # UTF-8 with BOM: Excel on Windows opens it with the Chinese intact.
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return _download(data, f"导入错误-{job.pk}.csv", f"import-errors-{job.pk}.csv")


@login_required
def import_template(request: AuthedRequest) -> HttpResponse:
    return _download(bulk_import.template_csv(), "主动公开信息导入模板.csv", "catalogue-import-template.csv")
