"""The back office for 主动公开 (/staff/catalogue/): the list with late publications flagged, drafting,
the confidentiality review with personal data highlighted, publishing, withdrawal and the 指南.

Every write goes through a service; a DomainError shows the page again with the message and nothing
changed. Items of agencies the person may not view answer 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies import permissions
from gongkai.agencies.permissions import Perm
from gongkai.backoffice.current import current_agency
from gongkai.catalogue import forms, services
from gongkai.catalogue.models import Attachment, Item
from gongkai.catalogue.timeliness import LIMIT_WORKING_DAYS
from gongkai.catalogue.workflow import TRANSITIONS, Action, Status, allowed_in
from gongkai.core.downloads import stored_file_response
from gongkai.core.errors import DomainError, http_status
from gongkai.core.forms import add_domain_error
from gongkai.core.typing import AuthedRequest

PAGE_SIZE = 50


def _get_item_or_404(user: Any, pk: int) -> Item:
    item = (
        Item.objects.select_related("agency", "topic__parent", "reviewed_by", "created_by")
        .filter(pk=pk)
        .first()
    )
    if item is None or not permissions.has_perm(user, Perm.VIEW_AGENCY, item.agency):
        raise Http404("没有找到该信息，或您无权访问")
    return item


def offered_actions(user: Any, item: Item) -> list[Action]:
    return [
        action
        for action in Action
        if allowed_in(item.status, action)
        and any(permissions.has_perm(user, p, item.agency) for p in TRANSITIONS[action].perms)
    ]


@login_required
def item_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    visible = permissions.visible_agencies(user)
    data = request.GET.copy()
    current = current_agency(request)
    if "agency" not in data and current is not None and permissions.has_perm(user, Perm.VIEW_AGENCY, current):
        data["agency"] = str(current.pk)
    form = forms.ItemFilterForm(data, agencies=visible)
    items = Item.objects.filter(agency__in=visible).select_related("agency").order_by("-updated_at", "-pk")
    if form.is_valid():
        d = form.cleaned_data
        if d["agency"] is not None:
            items = items.filter(agency=d["agency"])
        if d["status"]:
            items = items.filter(status=d["status"])
        if d["category"] is not None:
            items = items.filter(category=d["category"])
        if d["late"]:
            items = items.late()
        if d["q"].strip():
            q = d["q"].strip()
            items = items.filter(Q(title__icontains=q) | Q(document_number__icontains=q) | Q(index_number=q))
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    reviewable = Item.objects.filter(
        agency__in=permissions.agencies_with(user, Perm.REVIEW)
    ).awaiting_review()
    return render(
        request,
        "catalogue/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": permissions.has_perm(user, Perm.HANDLE_REQUESTS),
            "awaiting_review": reviewable.count(),
            "limit": LIMIT_WORKING_DAYS,
        },
    )


@login_required
def item_new(request: AuthedRequest) -> HttpResponse:
    agencies = permissions.agencies_with(request.user, Perm.HANDLE_REQUESTS)
    if not agencies.exists():
        raise Http404("页面不存在或您无权访问")
    current = current_agency(request)
    post = request.method == "POST"
    form = forms.ItemForm(
        request.POST if post else None,
        request.FILES if post else None,
        agencies=agencies,
        initial={"agency": current.pk if current is not None else None},
    )
    status = 200
    if post:
        if form.is_valid():
            try:
                item = services.item_create(
                    actor=request.user,
                    agency=form.cleaned_data["agency"],
                    data=form.item_input(),
                    attachments=form.cleaned_data["attachments"],
                )
            except DomainError as exc:
                add_domain_error(exc, form, forms.SERVICE_FIELDS)
                messages.error(request, exc.message)
                status = http_status(exc)
            else:
                messages.success(request, "草稿已保存。核对无误后请提交审核。")
                return redirect("catalogue:detail", pk=item.pk)
        else:
            status = 400
    return render(request, "catalogue/edit.html", {"form": form, "item": None}, status=status)


@login_required
def item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _get_item_or_404(request.user, pk)
    if Action.EDIT not in offered_actions(request.user, item):
        messages.error(request, "只有草稿可以修改；已提交的信息请由审核人员退回后修改。")
        return redirect("catalogue:detail", pk=item.pk)
    post = request.method == "POST"
    form = forms.ItemForm(
        request.POST if post else None,
        agencies=permissions.agencies_with(request.user, Perm.HANDLE_REQUESTS),
        editing=True,
        initial=forms.ItemForm.initial_for(item),
    )
    status = 200
    if post:
        if form.is_valid():
            try:
                services.item_update(actor=request.user, item=item, data=form.item_input())
            except DomainError as exc:
                add_domain_error(exc, form, forms.SERVICE_FIELDS)
                messages.error(request, exc.message)
                status = http_status(exc)
            else:
                messages.success(request, "已保存。")
                return redirect("catalogue:detail", pk=item.pk)
        else:
            status = 400
    return render(request, "catalogue/edit.html", {"form": form, "item": item}, status=status)


def _render_detail(
    request: AuthedRequest, item: Item, *, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    actions = offered_actions(user, item)
    bound = bound or {}
    findings = services.pii_findings(item) if item.status in (Status.DRAFT, Status.SUBMITTED) else []
    exempt = {e.get("fingerprint") for e in item.pii_exemptions}
    return render(
        request,
        "catalogue/detail.html",
        {
            "item": item,
            "actions": actions,
            "findings": findings,
            "unresolved": [h for f in findings for h in f.hits if h.fingerprint not in exempt],
            "approve_form": bound.get("approve") or forms.ApproveForm(),
            "return_form": bound.get("return") or forms.ReturnForm(),
            "publish_form": bound.get("publish") or forms.PublishForm(),
            "withdraw_form": bound.get("withdraw") or forms.WithdrawForm(),
            "validity_form": bound.get("set_validity")
            or forms.ValidityForm(initial={"validity": item.validity}),
            "events": item.events.select_related("actor"),
            "attachments": list(item.attachments.all()),
            "answers": list(item.answers.all()),
            "limit": LIMIT_WORKING_DAYS,
            "can_redact": Action.REDACT in actions,
        },
        status=status,
    )


@login_required
def item_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_item_or_404(request.user, pk))


@login_required
@require_POST
def item_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:  # noqa: PLR0911, PLR0912
    item = _get_item_or_404(request.user, pk)
    try:
        step = Action(action)
    except ValueError as exc:
        raise Http404("没有该操作") from exc
    form: Any = None
    try:
        if step == Action.SUBMIT:
            services.item_submit(actor=request.user, item=item)
        elif step == Action.REDACT:
            services.item_redact(actor=request.user, item=item)
        elif step == Action.RETURN:
            form = forms.ReturnForm(request.POST)
            if not form.is_valid():
                return _invalid(request, item, step, form)
            services.item_return(actor=request.user, item=item, comment=form.cleaned_data["comment"])
        elif step == Action.APPROVE:
            form = forms.ApproveForm(request.POST)
            if not form.is_valid():
                return _invalid(request, item, step, form)
            exemptions = {
                key.removeprefix("keep_"): str(request.POST.get(key, ""))
                for key in request.POST
                if key.startswith("keep_")
            }
            services.item_approve(
                actor=request.user,
                item=item,
                checklist=form.checklist(),
                exemptions=exemptions,
                comment=form.cleaned_data["comment"],
            )
        elif step == Action.PUBLISH:
            form = forms.PublishForm(request.POST)
            if not form.is_valid():
                return _invalid(request, item, step, form)
            services.item_publish(
                actor=request.user, item=item, published_on=form.cleaned_data["published_on"]
            )
        elif step == Action.WITHDRAW:
            form = forms.WithdrawForm(request.POST)
            if not form.is_valid():
                return _invalid(request, item, step, form)
            services.item_withdraw(actor=request.user, item=item, reason=form.cleaned_data["reason"])
        elif step == Action.SET_VALIDITY:
            form = forms.ValidityForm(request.POST)
            if not form.is_valid():
                return _invalid(request, item, step, form)
            services.item_set_validity(actor=request.user, item=item, **form.cleaned_data)
        else:
            raise Http404("没有该操作")
    except DomainError as exc:
        if form is not None:
            add_domain_error(exc, form)
        messages.error(request, exc.message)
        item.refresh_from_db()
        return _render_detail(
            request, item, bound={str(step): form} if form is not None else None, status=http_status(exc)
        )
    messages.success(request, f"已完成：{step.label}。")
    return redirect("catalogue:detail", pk=item.pk)


def _invalid(request: AuthedRequest, item: Item, step: Action, form: Any) -> HttpResponse:
    messages.error(request, f"“{step.label}”未完成：请检查填写的内容。")
    return _render_detail(request, item, bound={str(step): form}, status=400)


@login_required
@require_POST
def attachment_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _get_item_or_404(request.user, pk)
    uploads = request.FILES.getlist("attachments")
    if not uploads:
        messages.error(request, "请选择要上传的附件。")
        return redirect("catalogue:detail", pk=item.pk)
    try:
        for upload in uploads:
            services.attachment_add(actor=request.user, item=item, upload=upload)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已上传{len(uploads)}个附件。")
    return redirect("catalogue:detail", pk=item.pk)


@login_required
@require_POST
def attachment_delete(request: AuthedRequest, pk: int, attachment_pk: int) -> HttpResponse:
    item = _get_item_or_404(request.user, pk)
    attachment = get_object_or_404(Attachment, item=item, pk=attachment_pk)
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已删除附件“{attachment.original_name}”。")
    return redirect("catalogue:detail", pk=item.pk)


@login_required
def attachment_download(request: AuthedRequest, pk: int, attachment_pk: int) -> FileResponse:
    item = _get_item_or_404(request.user, pk)
    attachment = get_object_or_404(Attachment, item=item, pk=attachment_pk)
    return stored_file_response(
        attachment.file,
        filename=attachment.original_name,
        content_type=attachment.content_type,
        fallback_stem=f"attachment-{item.pk}-{attachment.pk}",
    )


@login_required
@require_POST
def from_request(request: AuthedRequest, number: str) -> HttpResponse:
    """依申请转主动 (第四十四条): the button on a replied request's page."""
    from gongkai.disclosure_requests import selectors as request_selectors

    obj = request_selectors.get_request_or_404(request.user, number)
    try:
        item = services.draft_from_request(actor=request.user, request_id=obj.pk)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("requests:detail", number=obj.number)
    messages.success(request, "已根据该申请生成主动公开草稿，请补充正文和附件后提交审核。")
    return redirect("catalogue:detail", pk=item.pk)


@login_required
def guide_edit(request: AuthedRequest, code: str) -> HttpResponse:
    agency = permissions.get_agency_or_404(request.user, code, Perm.MANAGE_AGENCY)
    guide = getattr(agency, "guide", None)
    form = forms.GuideForm(
        request.POST if request.method == "POST" else None, initial={"body": guide.body if guide else ""}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.guide_save(actor=request.user, agency=agency, body=form.cleaned_data["body"])
            except DomainError as exc:
                add_domain_error(exc, form)
                messages.error(request, exc.message)
                status = http_status(exc)
            else:
                messages.success(request, "政府信息公开指南已保存并在门户公布。")
                return redirect("catalogue:guide", code=agency.code)
        else:
            status = 400
    return render(
        request, "catalogue/guide_edit.html", {"form": form, "agency": agency, "guide": guide}, status=status
    )
