from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gongkai.agencies.models import Agency, Kind, Level
from gongkai.core.errors import InvalidInput
from gongkai.disclosure_requests import letters, letters_service, services
from gongkai.disclosure_requests.models import DisclosureRequest, Letter
from gongkai.disclosure_requests.workflow import PAUSED, Action, Status
from gongkai.portal import selectors, throttle
from gongkai.portal.forms import ApplyForm, LookupForm, new_submission_key


def agency_directory(request: HttpRequest) -> HttpResponse:
    root = selectors.site_root()
    tree = selectors.public_tree(root) if root is not None else None
    return render(request, "portal/agency_directory.html", {"root": root, "tree": tree, "Kind": Kind})


# --- 依申请公开: choosing the agency --------------------------------------------------------------


def accepts_applications(agency: Agency) -> bool:
    """条例 第二十七条: applications go to 地方各级人民政府 and to county-level-or-higher departments acting in
    their own name (including the 派出机构 of 第十条第二款); 第五十四条 adds organisations authorised by law.
    公共企事业单位 answer under their own rules (第五十五条), not by application under the 条例."""
    if agency.kind in {Kind.GOVERNMENT, Kind.DISPATCHED, Kind.AUTHORISED}:
        return True
    return agency.kind == Kind.DEPARTMENT and agency.level != Level.TOWNSHIP


@dataclass
class AgencyGroup:
    heading: str
    agencies: list[Agency] = field(default_factory=list)


def _application_groups(query: str) -> list[AgencyGroup]:
    """Active agencies that take applications, grouped under the nearest government (one query)."""
    rows = list(Agency.objects.active().order_by("path"))
    governments = {a.path: a for a in rows if a.kind == Kind.GOVERNMENT}
    groups: dict[str, AgencyGroup] = {}
    needle = query.strip().casefold()
    for agency in rows:
        if not accepts_applications(agency):
            continue
        if needle and needle not in agency.name.casefold() and needle not in agency.short_name.casefold():
            continue
        owner = next(
            (governments[p] for p in reversed(agency.ancestor_paths(include_self=True)) if p in governments),
            None,
        )
        key = owner.path if owner is not None else ""
        if key not in groups:
            groups[key] = AgencyGroup(owner.name if owner is not None else _("其他机关"))
        groups[key].agencies.append(agency)
    for group in groups.values():
        group.agencies.sort(key=lambda a: (a.kind != Kind.GOVERNMENT, a.sort_order, a.path))
    return [groups[k] for k in sorted(groups, key=lambda k: (k == "", k))]


AGENCY_CODE = re.compile(r"[0-9A-Za-z-]{1,20}")


def apply_choose(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("agency", "").strip()
    if AGENCY_CODE.fullmatch(chosen):
        return redirect("portal:apply_form", code=chosen)
    query = request.GET.get("q", "")[:60]
    groups = _application_groups(query)
    everything = _application_groups("") if query else groups
    return render(
        request,
        "portal/apply_choose.html",
        {
            "groups": groups,
            "all_groups": everything,
            "query": query,
            "count": sum(len(g.agencies) for g in groups),
        },
    )


# --- 依申请公开: the application form -------------------------------------------------------------

APPLIED_SESSION_KEY = "portal.applied"
APPLY_SCOPE = "apply"


def _applicable_agency_or_404(code: str) -> Agency:
    agency = Agency.objects.active().filter(code=code).first()
    if agency is None or not accepts_applications(agency):
        raise Http404("没有找到受理政府信息公开申请的该机关")
    return agency


def _refusal_message(limit: throttle.Limit) -> str:
    if limit.seconds >= throttle.DAY:
        return _(
            "提交过于频繁，今日提交的申请已达上限，请于明天再试。如有需要，也可以通过信函、传真或当面方式提出申请。"
        )
    return _("提交过于频繁，请于1小时后再试。如有需要，也可以通过信函、传真或当面方式提出申请。")


def _render_form(
    request: HttpRequest, agency: Agency, form: ApplyForm, *, status: int = 200, refusal: str = ""
) -> HttpResponse:
    return render(
        request,
        "portal/apply_form.html",
        {
            "agency": agency,
            "form": form,
            "refusal": refusal,
            # Browsers never send files back: after any error the person must choose them again.
            "files_dropped": form.is_bound and form.had_files,
        },
        status=status,
    )


def _remember_submission(request: HttpRequest, submitted: services.Submitted) -> HttpResponseRedirect:
    number = submitted.request.number
    code = submitted.query_code
    pending = request.session.get(APPLIED_SESSION_KEY) or {}
    if code is None and pending.get("number") == number:
        # A double click: the first POST stored the code but its redirect was dropped by the browser.
        code = pending.get("code")
    request.session[APPLIED_SESSION_KEY] = {"number": number, "code": code}
    return redirect("portal:apply_done")


# no-store: a cached or back-button copy of the form would carry a used submission_key, and a second,
# different application sent with it would silently come back as the first one.
@never_cache
def apply_form(request: HttpRequest, code: str) -> HttpResponse:
    """条例 第二十九条 application, received on the day it is submitted (第三十一条第三项)."""
    agency = _applicable_agency_or_404(code)
    if request.method != "POST":
        return _render_form(request, agency, ApplyForm(initial={"submission_key": new_submission_key()}))

    form = ApplyForm(request.POST, request.FILES)
    key = request.POST.get("submission_key", "")
    existing = DisclosureRequest.objects.filter(submission_key=key).first() if key else None
    if existing is not None:
        # A resubmitted form is the same application: never counted, never refused.
        return _remember_submission(request, services.Submitted(existing, None, False))

    address = throttle.address_of(request)
    limits = throttle.apply_limits()
    full = throttle.full_window(APPLY_SCOPE, address, limits)
    if full is None and form.is_valid():
        full = throttle.try_acquire(APPLY_SCOPE, address, limits)
        if full is None:
            submitted = _submit(form, agency)
            if submitted is None or not submitted.created:
                throttle.release(APPLY_SCOPE, address, limits)
            if submitted is not None:
                return _remember_submission(request, submitted)
    if full is not None:
        form.is_valid()  # show what was typed, with its own errors, under the refusal
        return _render_form(request, agency, form, status=429, refusal=_refusal_message(full))
    return _render_form(request, agency, form)


def _submit(form: ApplyForm, agency: Agency) -> services.Submitted | None:
    """The service call; None (with the service's errors put on the form) when it refused the input."""
    try:
        return services.request_submit(
            actor=None,
            agency=agency,
            applicant=form.applicant(),
            info=form.info(),
            submission_key=form.cleaned_data["submission_key"],
            uploads=form.uploads(),
        )
    except InvalidInput as exc:
        form.apply_errors_to(exc)
        return None


@never_cache
def apply_done(request: HttpRequest) -> HttpResponse:
    pending = request.session.get(APPLIED_SESSION_KEY)
    if not pending:
        return redirect("portal:apply")
    disclosure = (
        DisclosureRequest.objects.select_related("agency").filter(number=pending.get("number", "")).first()
    )
    if disclosure is None:
        request.session.pop(APPLIED_SESSION_KEY, None)
        return redirect("portal:apply")
    query_code = pending.get("code")
    if query_code:
        # Shown once: a reload, the back button or a later visitor on this browser sees no code.
        request.session[APPLIED_SESSION_KEY] = {"number": disclosure.number, "code": None}
    return render(
        request,
        "portal/apply_done.html",
        {
            "disclosure": disclosure,
            "query_code": query_code,
            "has_email": bool(disclosure.email),
            "lookup_url": reverse("portal:lookup") + "?" + urlencode({"number": disclosure.number}),
        },
    )


# --- 申请查询 -----------------------------------------------------------------------------------------

VERIFIED_SESSION_KEY = "portal.verified"
LOOKUP_SCOPE = "lookup-failed"
VERIFIED_MAX = 10
# Letters addressed to the applicant; a 第三方意见征询函 goes to the third party and is not theirs to fetch.
APPLICANT_LETTER_KINDS = (Letter.Kind.REPLY, Letter.Kind.CORRECTION, Letter.Kind.EXTENSION, Letter.Kind.FEE)
# Consultation notes name the third party consulted (possibly a private person): the applicant sees the step only.
NOTE_HIDDEN_ACTIONS = {Action.START_CONSULTATION, Action.END_CONSULTATION}


def _verified(request: HttpRequest) -> list[str]:
    value = request.session.get(VERIFIED_SESSION_KEY) or []
    return [str(n) for n in value]


def _mark_verified(request: HttpRequest, number: str) -> None:
    numbers = [n for n in _verified(request) if n != number]
    request.session[VERIFIED_SESSION_KEY] = [*numbers, number][-VERIFIED_MAX:]


def _lookup_redirect(number: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("portal:lookup") + "?" + urlencode({"number": number}))


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """Find a request by 申请编号 + 查询码. A wrong pair and an unknown number get the same answer and the
    same 404, so numbers cannot be probed; failed tries are limited per address."""
    if request.method != "POST":
        form = LookupForm(initial={"number": request.GET.get("number", "")[:20]})
        return render(request, "portal/lookup.html", {"form": form})
    form = LookupForm(request.POST)
    address = throttle.address_of(request)
    limits = throttle.lookup_limits()
    if throttle.full_window(LOOKUP_SCOPE, address, limits) is not None:
        refusal = _("查询失败次数过多，请于1小时后再试。")
        return render(request, "portal/lookup.html", {"form": form, "refusal": refusal}, status=429)
    if not form.is_valid():
        return render(request, "portal/lookup.html", {"form": form})
    number, code = form.cleaned_data["number"], form.cleaned_data["code"]
    disclosure = DisclosureRequest.objects.filter(number=number).first()
    if disclosure is not None and services.check_query_code(disclosure, code):
        _mark_verified(request, disclosure.number)
        return redirect("portal:lookup_detail", number=disclosure.number)
    throttle.record(LOOKUP_SCOPE, address, limits)
    form.add_error(None, _("申请编号或查询码不正确，请核对后重新输入。"))
    return render(request, "portal/lookup.html", {"form": form}, status=404)


@dataclass(frozen=True)
class PublicEvent:
    on: Any
    label: str
    note: str


def _event_label(action: str) -> str:
    if action == "submit":
        return _("提交申请")
    try:
        return str(Action(action).label)
    except ValueError:
        return action


@never_cache
def lookup_detail(request: HttpRequest, number: str) -> HttpResponse:
    if number not in _verified(request):
        return _lookup_redirect(number)
    disclosure = DisclosureRequest.objects.select_related("agency").filter(number=number).first()
    if disclosure is None:
        raise Http404("没有找到该申请")
    events = [
        PublicEvent(e.on, _event_label(e.action), "" if e.action in NOTE_HIDDEN_ACTIONS else e.note)
        for e in disclosure.events.filter(public=True).order_by("at", "id")
    ]
    issued = disclosure.letters.filter(issued_on__isnull=False, kind__in=APPLICANT_LETTER_KINDS).order_by(
        "issued_on", "id"
    )
    unpaid_fee = (
        disclosure.fees.filter(paid_on__isnull=True).order_by("-sent_on").first()
        if disclosure.status == Status.AWAITING_PAYMENT
        else None
    )
    return render(
        request,
        "portal/lookup_detail.html",
        {
            "disclosure": disclosure,
            "events": events,
            "letters": issued,
            "paused": disclosure.status in PAUSED,
            "is_open": disclosure.is_open,
            "outcome": disclosure.outcome_info if disclosure.replied_on else None,
            "awaiting_correction": disclosure.status == Status.AWAITING_CORRECTION,
            "unpaid_fee": unpaid_fee,
        },
    )


FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@never_cache
def lookup_letter(request: HttpRequest, number: str, letter_id: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    if number not in _verified(request):
        return _lookup_redirect(number)
    letter = (
        Letter.objects.select_related("request__agency")
        .filter(
            pk=letter_id,
            request__number=number,
            issued_on__isnull=False,
            kind__in=APPLICANT_LETTER_KINDS,
        )
        .first()
    )
    if letter is None:
        raise Http404("没有找到该文书")
    data = letters_service.letter_data(letter)
    content = letters.render_docx(data) if fmt == "docx" else letters.render_pdf(data)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    disposition = content_disposition_header(
        as_attachment=True, filename=f"{number}-{letter.get_kind_display()}.{fmt}"
    )
    if disposition:
        response["Content-Disposition"] = disposition
    return response
