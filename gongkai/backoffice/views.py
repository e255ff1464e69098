"""The staff back office shell: login, home, agency switcher, agencies, audit log, holidays, staff."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies import permissions, services
from gongkai.agencies.models import Agency, Membership
from gongkai.agencies.permissions import Perm
from gongkai.backoffice import forms
from gongkai.backoffice.current import current_agency, set_current_agency
from gongkai.catalogue.models import Item
from gongkai.catalogue.workflow import Status as ItemStatus
from gongkai.core import calendar
from gongkai.core.errors import DomainError, NotAllowed
from gongkai.core.forms import add_domain_error
from gongkai.core.models import AuditEntry, HolidayDate, HolidaySchedule
from gongkai.core.typing import AuthedRequest
from gongkai.disclosure_requests.models import DisclosureRequest
from gongkai.disclosure_requests.workflow import OPEN, PAUSED, Status


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    authentication_form = forms.LoginForm
    redirect_authenticated_user = True


def _require(request: AuthedRequest, perm: Perm, agency: Agency | None = None) -> None:
    # Global perms (audit, staff, reference data) answer 404 to others, like other agencies' objects.
    if not permissions.has_perm(request.user, perm, agency):
        raise Http404("页面不存在或您无权访问")


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user).select_related("agency").order_by("agency__path")
    )
    agency = current_agency(request)
    workload = _workload(agency) if agency is not None else None
    catalogue = _catalogue_workload(agency) if agency is not None else None
    return render(
        request,
        "backoffice/home.html",
        {"memberships": memberships, "workload": workload, "catalogue": catalogue},
    )


def _catalogue_workload(agency: Agency) -> dict[str, int]:
    """Drafts, items awaiting the 第十七条 review, and this year's late publications (第二十六条)."""
    year_start = timezone.localdate().replace(month=1, day=1)
    counts: dict[str, int] = Item.objects.filter(agency=agency).aggregate(
        drafts=Count("pk", filter=Q(status=ItemStatus.DRAFT)),
        submitted=Count("pk", filter=Q(status=ItemStatus.SUBMITTED)),
        approved=Count("pk", filter=Q(status=ItemStatus.APPROVED)),
        late=Count("pk", filter=Q(publish_late=True, published_on__gte=year_start)),
        published=Count("pk", filter=Q(status=ItemStatus.PUBLISHED, published_on__gte=year_start)),
    )
    return counts


def _workload(agency: Agency) -> dict[str, int | None]:
    """The current agency's open requests at a glance, in one aggregate query."""
    today = timezone.localdate()
    try:
        soon: date | None = calendar.add_working_days(today, 3)
    except calendar.MissingScheduleError:
        soon = None
    running = Q(status__in=OPEN) & ~Q(status__in=PAUSED)
    counts: dict[str, int | None] = DisclosureRequest.objects.filter(agency=agency).aggregate(
        open=Count("pk", filter=Q(status__in=OPEN)),
        overdue=Count("pk", filter=running & Q(due_on__lt=today)),
        due_soon=Count("pk", filter=running & Q(due_on__gte=today, due_on__lte=soon or today)),
        awaiting_correction=Count("pk", filter=Q(status=Status.AWAITING_CORRECTION)),
        paused=Count("pk", filter=Q(status__in=PAUSED)),
        flagged=Count("pk", filter=Q(status__in=OPEN, deadline_problem__gt="")),
    )
    if soon is None:
        counts["due_soon"] = None
    return counts


@login_required
@require_POST
def switch_agency(request: AuthedRequest) -> HttpResponse:
    raw_id = request.POST.get("agency", "")
    agency = Agency.objects.filter(pk=int(raw_id)).first() if raw_id.isdigit() else None
    if agency is None or not set_current_agency(request, agency):
        messages.error(request, "无法切换到该机关：您在该机关没有岗位。")
    else:
        messages.success(request, f"当前机关：{agency.name}")
    target = request.POST.get("next") or reverse("backoffice:home")
    if not target.startswith("/staff/"):
        target = reverse("backoffice:home")
    return HttpResponseRedirect(target)


@login_required
def agency_list(request: AuthedRequest) -> HttpResponse:
    agencies = (
        permissions.visible_agencies(request.user)
        .select_related("parent")
        .annotate(member_count=Count("memberships"))
        .order_by("path")
    )
    query = request.GET.get("q", "").strip()
    if query:
        agencies = agencies.filter(Q(name__icontains=query) | Q(code__icontains=query))
    return render(
        request,
        "backoffice/agency_list.html",
        {
            "agencies": agencies,
            "query": query,
            "can_create": permissions.has_perm(request.user, Perm.MANAGE_REFERENCE_DATA),
        },
    )


@login_required
def agency_detail(request: AuthedRequest, code: str) -> HttpResponse:
    agency = permissions.get_agency_or_404(request.user, code)
    members = (
        Membership.objects.filter(agency=agency).select_related("user").order_by("role", "user__username")
    )
    children = Agency.objects.filter(parent=agency).order_by("sort_order", "path")
    history = (
        AuditEntry.objects.for_target(agency)[:20] if permissions.is_platform_admin(request.user) else []
    )
    return render(
        request,
        "backoffice/agency_detail.html",
        {
            "agency": agency,
            "members": members,
            "children": children,
            "history": history,
            "can_edit": permissions.has_perm(request.user, Perm.MANAGE_AGENCY, agency),
        },
    )


@login_required
def agency_edit(request: AuthedRequest, code: str) -> HttpResponse:
    agency = permissions.get_agency_or_404(request.user, code, Perm.MANAGE_AGENCY)
    form = forms.AgencyContactForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_update(
                actor=request.user, agency=agency, **{k: form.cleaned_data[k] for k in form.Meta.fields}
            )
        except DomainError as exc:
            add_domain_error(exc, form)
        else:
            messages.success(request, "机关信息已保存。")
            return redirect("backoffice:agency_detail", code=agency.code)
    return render(request, "backoffice/agency_edit.html", {"agency": agency, "form": form})


@login_required
def agency_create(request: AuthedRequest) -> HttpResponse:
    _require(request, Perm.MANAGE_REFERENCE_DATA)
    form = forms.AgencyCreateForm(request.POST or None, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(exc, form)
        else:
            messages.success(request, f"已新增机关“{agency.name}”。")
            return redirect("backoffice:agency_detail", code=agency.code)
    return render(request, "backoffice/agency_create.html", {"form": form})


@login_required
def staff_create(request: AuthedRequest) -> HttpResponse:
    _require(request, Perm.MANAGE_STAFF)
    form = forms.StaffCreateForm(request.POST or None, initial={"agency": request.GET.get("agency")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            user, password = services.staff_create(
                actor=request.user,
                username=data["username"],
                agency=data["agency"],
                role=data["role"],
                password=data["password"] or None,
                full_name=data["full_name"],
                email=data["email"],
            )
        except DomainError as exc:
            add_domain_error(exc, form)
        else:
            note = f"，初始密码：{password}（只显示这一次）" if not data["password"] else ""
            messages.success(request, f"已新增人员 {user.username}{note}")
            return redirect("backoffice:agency_detail", code=data["agency"].code)
    return render(request, "backoffice/staff_create.html", {"form": form})


@login_required
@require_POST
def membership_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    _require(request, Perm.MANAGE_STAFF)
    membership = Membership.objects.select_related("agency", "user").filter(pk=pk).first()
    if membership is None:
        raise Http404("岗位不存在")
    try:
        services.membership_revoke(actor=request.user, membership=membership)
    except (NotAllowed, DomainError) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已撤销该岗位。")
    return redirect("backoffice:agency_detail", code=membership.agency.code)


@login_required
def audit_log(request: AuthedRequest) -> HttpResponse:
    _require(request, Perm.VIEW_AUDIT)
    actions = sorted(AuditEntry.objects.order_by().values_list("action", flat=True).distinct())
    form = forms.AuditSearchForm(request.GET or None, actions=actions)
    entries = AuditEntry.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        entries = entries.search(
            text=data["q"],
            action=data["action"],
            actor=data["actor"],
            since=data["since"],
            until=data["until"],
        )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "backoffice/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@login_required
def holidays(request: AuthedRequest) -> HttpResponse:
    _require(request, Perm.VIEW_AGENCY)
    schedules = HolidaySchedule.objects.annotate(
        off_count=Count("dates", filter=Q(dates__kind=HolidayDate.Kind.OFF)),
        work_count=Count("dates", filter=Q(dates__kind=HolidayDate.Kind.WORK)),
    ).order_by("-year")
    can_edit = permissions.has_perm(request.user, Perm.MANAGE_REFERENCE_DATA)
    import_form = forms.HolidayImportForm()
    if request.method == "POST":
        if not can_edit:
            raise Http404("页面不存在或您无权访问")
        import_form = forms.HolidayImportForm(request.POST, request.FILES)
        if import_form.is_valid():
            schedule = import_form.cleaned_data["file"]
            calendar.holiday_schedule_save(actor=request.user, schedule=schedule)
            messages.success(request, f"已导入{schedule.year}年节假日安排。")
            return redirect("backoffice:holidays")
    return render(
        request,
        "backoffice/holidays.html",
        {
            "schedules": schedules,
            "can_edit": can_edit,
            "import_form": import_form,
            "next_year": timezone.localdate().year + 1,
        },
    )


@login_required
def holiday_edit(request: AuthedRequest, year: int) -> HttpResponse:
    _require(request, Perm.MANAGE_REFERENCE_DATA)
    existing = HolidaySchedule.objects.filter(year=year).first()
    initial: dict[str, Any] = {"year": year}
    if existing is not None:
        initial["source"] = existing.source
        dates = list(existing.dates.order_by("day").values_list("day", "kind"))
        initial["off"] = "\n".join(d.isoformat() for d, k in dates if k == HolidayDate.Kind.OFF)
        initial["work"] = "\n".join(d.isoformat() for d, k in dates if k == HolidayDate.Kind.WORK)
    form = forms.HolidayScheduleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        schedule = form.cleaned_data["schedule"]
        if schedule.year != year:
            form.add_error("year", "年度与页面不一致")
        else:
            calendar.holiday_schedule_save(actor=request.user, schedule=schedule)
            messages.success(request, f"已保存{year}年节假日安排。")
            return redirect("backoffice:holidays")
    return render(request, "backoffice/holiday_edit.html", {"form": form, "year": year, "existing": existing})
