"""Emails to applicants. Called after commit, so a failed mail never undoes a recorded step, and a
rolled-back step never sends mail."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail

from gongkai.disclosure_requests.workflow import Action

logger = logging.getLogger(__name__)

STEP_MESSAGES: dict[str, str] = {
    Action.ACCEPT: "您的政府信息公开申请已登记受理，答复期限至{due}。",
    Action.REQUEST_CORRECTION: "您的申请需要补正，请于{correction_due}前补正以下事项：\n{items}",
    Action.RECEIVE_CORRECTION: "已收到您的补正申请，答复期限自收到补正之日起重新计算，至{due}。",
    Action.CLOSE_UNCORRECTED: "您未在补正期限内补正申请，视为放弃申请，本机关不再处理。",
    Action.START_CONSULTATION: "您的申请涉及第三方或其他机关，正在征求意见，征求意见时间不计入答复期限。",
    Action.END_CONSULTATION: "征求意见已结束，答复期限至{due}。",
    Action.EXTEND: "经政府信息公开工作机构负责人同意，答复期限延长至{due}。",
    Action.DELAY: "因申请数量、频次明显超过合理范围，本机关确定延迟答复，期限至{due}。",
    Action.QUOTE_FEE: "本机关向您发出信息处理费收费通知，请按通知缴费；缴费前答复期限暂停计算。",
    Action.RECORD_PAYMENT: "已收到您缴纳的信息处理费，答复期限至{due}。",
    Action.CLOSE_UNPAID: "您未在期限内缴纳信息处理费，视为放弃申请，本机关不再处理。",
    Action.REPLY: "本机关已对您的申请作出答复（{outcome}），请登录公开平台查询答复内容。",
    Action.WITHDRAW: "您的申请已撤回。",
}


def _send(to: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
    except Exception:  # a mail outage must not break the workflow; the lookup page shows the same
        logger.exception("could not email applicant %s", to)


def applicant_of_submission(request_pk: int, query_code: str) -> None:
    from gongkai.disclosure_requests.models import DisclosureRequest

    request = DisclosureRequest.objects.select_related("agency").get(pk=request_pk)
    if not request.email:
        return
    _send(
        request.email,
        f"【{request.agency.name}】已收到您的政府信息公开申请 {request.number}",
        f"{request.applicant_name}：\n\n{request.agency.name}已于{request.received_on:%Y年%m月%d日}收到您的政府信息公开申请。\n"
        f"申请编号：{request.number}\n查询码：{query_code}\n"
        f"答复期限：{request.due_on or '待定'}\n\n请妥善保管查询码，凭申请编号和查询码可随时在公开平台查询办理进度。",
    )


def applicant_of_step(request_pk: int, action: str) -> None:
    from gongkai.disclosure_requests.models import DisclosureRequest

    request = DisclosureRequest.objects.select_related("agency").get(pk=request_pk)
    template = STEP_MESSAGES.get(action)
    if not request.email or template is None:
        return
    info = request.outcome_info
    body = template.format(
        due=request.due_on or "待定",
        correction_due=request.correction_due_on or "",
        items=request.correction_items,
        outcome=info.full_label if info else "",
    )
    _send(
        request.email,
        f"【{request.agency.name}】政府信息公开申请 {request.number} 办理进展",
        f"{request.applicant_name}：\n\n{body}",
    )
