"""Back-office forms for requests: the list filters, counter intake, one small form per workflow action
(their field names are the service's keyword arguments), and the letter editor."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.agencies.querysets import AgencyQuerySet
from gongkai.disclosure_requests import deadlines, fees, outcomes, services
from gongkai.disclosure_requests.models import (
    ApplicantType,
    Channel,
    Consultation,
    Delivery,
    IdType,
    InfoForm,
)
from gongkai.disclosure_requests.workflow import Action, Status

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

ALL: list[tuple[str, StrOrPromise]] = [("", _("全部"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(label: StrOrPromise, *, help_text: StrOrPromise = "", required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), help_text=help_text, required=required)


# --- list --------------------------------------------------------------------------------------------


class RequestFilterForm(forms.Form):
    DUE_CHOICES = [("", _("全部")), ("soon", _("即将到期（3个工作日内）")), ("overdue", _("已超期"))]

    agency = forms.ModelChoiceField(
        label=_("机关"), queryset=Agency.objects.none(), required=False, empty_label=_("全部")
    )
    status = forms.ChoiceField(label=_("状态"), choices=[*ALL, *Status.choices], required=False)
    due = forms.ChoiceField(label=_("期限"), choices=DUE_CHOICES, required=False)
    outcome = forms.ChoiceField(label=_("办理结果"), choices=[*ALL, *outcomes.choices()], required=False)
    channel = forms.ChoiceField(label=_("申请渠道"), choices=[*ALL, *Channel.choices], required=False)
    year = forms.IntegerField(label=_("年度"), min_value=2008, max_value=2100, required=False)
    q = forms.CharField(label=_("编号、申请人或信息名称"), max_length=100, required=False)

    def __init__(self, *args: Any, agencies: AgencyQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (narrowing for mypy)
        field.queryset = agencies.order_by("path")


# --- counter intake ----------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


# The order clerks meet them at the counter; 网上 is normally entered by the applicant.
INTAKE_CHANNELS = [
    (c.value, c.label)
    for c in (Channel.IN_PERSON, Channel.LETTER, Channel.FAX, Channel.EMAIL, Channel.ONLINE, Channel.OTHER)
]
RECEIPT_RULE = _(
    "条例第三十一条：当面提交的，以提交之日为收到申请之日；以邮寄方式提交的，以行政机关签收之日为收到申请之日；"
    "通过互联网渠道或者传真提交的，以双方确认之日为收到申请之日。"
)

# Services name applicant fields "applicant.x"; the form flattens them.
SERVICE_FIELDS = {
    "applicant.type": "applicant_type",
    "applicant.name": "applicant_name",
    "applicant.id_type": "id_type",
    "applicant.id_number": "id_number",
    "applicant.phone": "phone",
    "applicant.email": "email",
    "applicant.postcode": "postcode",
    "description": "info_title",
}


class IntakeForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("受理机关"), queryset=Agency.objects.none())
    channel = forms.ChoiceField(label=_("申请渠道"), choices=INTAKE_CHANNELS, initial=Channel.IN_PERSON)
    received_on = _date(_("收到申请之日"), help_text=RECEIPT_RULE)
    oral = forms.BooleanField(
        label=_("口头申请，由工作人员代为填写"),
        required=False,
        help_text=_("条例第二十九条：申请人书写确有困难的，可以口头提出，由受理机关代为填写；仅限当面申请。"),
    )
    applicant_type = forms.ChoiceField(label=_("申请人类型"), choices=ApplicantType.choices)
    applicant_name = forms.CharField(label=_("申请人姓名或名称"), max_length=120)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=IdType.choices)
    id_number = forms.CharField(label=_("证件号码"), max_length=40)
    contact_person = forms.CharField(label=_("联系人"), max_length=60, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=40)
    email = forms.CharField(label=_("电子邮箱"), max_length=254, required=False)
    address = forms.CharField(label=_("通信地址"), max_length=255, required=False)
    postcode = forms.CharField(label=_("邮政编码"), max_length=6, required=False)
    info_title = forms.CharField(label=_("所需信息名称"), max_length=255)
    info_document_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    description = forms.CharField(
        label=_("所需信息的特征描述"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    form = forms.ChoiceField(label=_("信息的指定提供形式"), choices=InfoForm.choices, initial=InfoForm.PAPER)
    delivery = forms.ChoiceField(label=_("获取信息的方式"), choices=Delivery.choices, initial=Delivery.POST)
    intake_note = forms.CharField(
        label=_("登记说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("如：信函的邮件编号、签收人，传真的确认方式。"),
    )
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_("身份证明、申请材料的扫描件；PDF、JPEG、PNG或OFD，每个不超过10MB，最多5个。"),
    )

    def __init__(self, *args: Any, agencies: AgencyQuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  (narrowing for mypy)
        field.queryset = agencies.order_by("path")
        self.fields["received_on"].initial = timezone.localdate

    FIELDSETS = (
        (_("受理"), ("agency", "channel", "received_on", "oral", "intake_note")),
        (
            _("申请人"),
            ("applicant_type", "applicant_name", "id_type", "id_number", "contact_person", "phone", "email",
             "address", "postcode"),
        ),
        (_("所需政府信息"), ("info_title", "info_document_number", "description", "form", "delivery")),
        (_("附件"), ("attachments",)),
    )  # fmt: skip

    def fieldsets(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(legend), [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def applicant(self) -> services.Applicant:
        d = self.cleaned_data
        return services.Applicant(
            type=d["applicant_type"], name=d["applicant_name"], id_type=d["id_type"], id_number=d["id_number"],
            phone=d["phone"], email=d["email"], address=d["address"], postcode=d["postcode"],
            contact_person=d["contact_person"],
        )  # fmt: skip

    def info(self) -> services.InfoRequested:
        d = self.cleaned_data
        return services.InfoRequested(
            title=d["info_title"], document_number=d["info_document_number"], description=d["description"],
            form=d["form"], delivery=d["delivery"],
        )  # fmt: skip


# --- workflow actions --------------------------------------------------------------------------------


class ActionForm(forms.Form):
    """One workflow step. Field names are the service's keyword arguments, so the view passes
    cleaned_data straight through; ids are prefixed with the action so fifteen forms share a page."""

    action: ClassVar[Action]
    submit_label: ClassVar[str] = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.action}_%s")
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        for field in self.fields.values():
            if isinstance(field, forms.DateField) and field.initial is None and field.required:
                field.initial = today

    def arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class AcceptForm(ActionForm):
    action = Action.ACCEPT
    on = _date(_("受理日期"))


class RequestCorrectionForm(ActionForm):
    action = Action.REQUEST_CORRECTION
    items = forms.CharField(
        label=_("需要补正的事项"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("条例第三十条：应一次性告知需要补正的事项，在收到申请之日起7个工作日内发出。"),
    )
    sent_on = _date(_("告知日期"))
    period_days = forms.IntegerField(label=_("补正期限（工作日）"), min_value=1, max_value=60, initial=15)


class ReceiveCorrectionForm(ActionForm):
    action = Action.RECEIVE_CORRECTION
    received_on = _date(_("收到补正之日"), help_text=_("答复期限自收到补正申请之日起重新计算。"))


class CloseUncorrectedForm(ActionForm):
    action = Action.CLOSE_UNCORRECTED
    on = _date(_("终止处理日期"))


class StartConsultationForm(ActionForm):
    action = Action.START_CONSULTATION
    party = forms.CharField(label=_("征求意见对象"), max_length=200)
    party_kind = forms.ChoiceField(
        label=_("对象类型"),
        choices=Consultation.PartyKind.choices,
        initial=Consultation.PartyKind.THIRD_PARTY,
    )
    sent_on = _date(
        _("发出征求意见日期"),
        help_text=_("第三方自收到征求意见书之日起15个工作日内提出意见；征求意见所需时间不计入答复期限。"),
    )


class EndConsultationForm(ActionForm):
    action = Action.END_CONSULTATION
    received_on = _date(_("收到意见日期"))
    opinion = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ExtendForm(ActionForm):
    action = Action.EXTEND
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))
    on = _date(
        _("批准日期"),
        help_text=_("条例第三十三条：经政府信息公开工作机构负责人同意，可延长一次，最长20个工作日。"),
    )
    days = forms.IntegerField(
        label=_("延长工作日"), min_value=1, max_value=deadlines.EXTENSION_MAX_WORKING_DAYS,
        initial=deadlines.EXTENSION_MAX_WORKING_DAYS,
    )  # fmt: skip


class DelayForm(ActionForm):
    action = Action.DELAY
    until = forms.DateField(label=_("延迟答复至"), widget=DateInput())
    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "条例第三十五条：申请公开政府信息的数量、频次明显超过合理范围的，可以确定延迟答复的合理期限。"
        ),
    )
    on = _date(_("决定日期"))


FEE_MODES = [(fees.FeeMode.PER_REQUEST.value, _("按件计收")), (fees.FeeMode.PER_PAGE.value, _("按量计收"))]


class QuoteFeeForm(ActionForm):
    action = Action.QUOTE_FEE
    mode = forms.ChoiceField(label=_("计收方式"), choices=FEE_MODES, initial=fees.FeeMode.PER_REQUEST.value)
    pages = forms.IntegerField(label=_("页数（按量计收）"), min_value=1, required=False)
    sent_on = _date(_("收费通知日期"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == fees.FeeMode.PER_PAGE and not data.get("pages"):
            self.add_error("pages", _("按量计收须填写页数"))
        if data.get("mode") == fees.FeeMode.PER_REQUEST:
            data["pages"] = None
        return data


class RecordPaymentForm(ActionForm):
    action = Action.RECORD_PAYMENT
    paid_on = _date(_("缴费日期"))


class CloseUnpaidForm(ActionForm):
    action = Action.CLOSE_UNPAID
    on = _date(_("终止处理日期"))


def outcome_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The reply outcomes grouped as table 三 groups them, each labelled with its 条例 basis."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for key in outcomes.REPLY_CHOICES:
        o = outcomes.BY_KEY[key]
        label = f"{o.label or o.group}（{o.basis.replace('《中华人民共和国政府信息公开条例》', '条例')}）"
        groups.setdefault(o.group, []).append((key, label))
    return list(groups.items())


class ReplyForm(ActionForm):
    action = Action.REPLY
    outcome = forms.ChoiceField(label=_("办理结果"), choices=outcome_choices)
    replied_on = _date(_("答复日期"))
    text = forms.CharField(
        label=_("答复内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("已按所选结果填入答复要点，请据实修改；留空则使用答复要点。"),
    )

    def __init__(self, *args: Any, outcome: str = "r1_open", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = outcome if outcome in outcomes.REPLY_CHOICES else "r1_open"
        self.fields["outcome"].initial = chosen
        self.fields["text"].initial = outcomes.BY_KEY[chosen].reply_hint


class WithdrawForm(ActionForm):
    action = Action.WITHDRAW
    on = _date(_("撤回日期"))
    reason = forms.CharField(label=_("说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ArchiveForm(ActionForm):
    action = Action.ARCHIVE


ACTION_FORMS: dict[Action, type[ActionForm]] = {
    form.action: form
    for form in (
        AcceptForm, RequestCorrectionForm, ReceiveCorrectionForm, CloseUncorrectedForm, StartConsultationForm,
        EndConsultationForm, ExtendForm, DelayForm, QuoteFeeForm, RecordPaymentForm, CloseUnpaidForm, ReplyForm,
        WithdrawForm, ArchiveForm,
    )
}  # fmt: skip


# --- letters -----------------------------------------------------------------------------------------


class LetterForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=120)
    document_number = forms.CharField(
        label=_("文号"),
        max_length=100,
        required=False,
        help_text=_("如：明教公开〔2026〕12号；不编号的可留空。"),
    )
    body = forms.CharField(
        label=_("正文"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("每行一段，印制时自动首行缩进两字。"),
    )
    legal_basis = forms.CharField(label=_("依据"), max_length=255, required=False)
    remedies = forms.CharField(label=_("救济途径"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class LetterIssueForm(forms.Form):
    issued_on = forms.DateField(label=_("印发日期"), widget=DateInput(), initial=timezone.localdate)
