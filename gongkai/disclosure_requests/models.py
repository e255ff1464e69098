from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.core.storage import MediaSubdirStorage
from gongkai.disclosure_requests import outcomes
from gongkai.disclosure_requests.querysets import DisclosureRequestQuerySet
from gongkai.disclosure_requests.workflow import Status


class ApplicantType(models.TextChoices):
    # The columns of annual-report table 三 (申请人情况).
    NATURAL_PERSON = "natural_person", _("自然人")
    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICES = "legal_services", _("法律服务机构")
    OTHER_ORG = "other_org", _("其他")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("居民身份证")
    USCC = "uscc", _("统一社会信用代码")
    PASSPORT = "passport", _("护照")
    HK_MACAO = "hk_macao_permit", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan_permit", _("台湾居民来往大陆通行证")
    OTHER = "other", _("其他证件")


class Channel(models.TextChoices):
    ONLINE = "online", _("网上申请")
    IN_PERSON = "in_person", _("当面申请")
    LETTER = "letter", _("信函申请")
    FAX = "fax", _("传真申请")
    EMAIL = "email", _("电子邮件申请")
    OTHER = "other", _("其他")


class InfoForm(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子文档")
    OTHER = "other", _("其他")


class Delivery(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("网上获取")
    FAX = "fax", _("传真")


def private_storage() -> Storage:
    """Uploads live under MEDIA_ROOT/private with random names and are served only through views that
    check permissions, never by the web server. A callable so that migrations record a reference to it
    rather than this machine's MEDIA_ROOT (Django calls it once, when the model class is built)."""
    return MediaSubdirStorage("private")


class RequestCounter(models.Model):
    """Yearly serial behind request numbers, claimed under a row lock so numbers never repeat."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class DisclosureRequest(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("受理机关"), on_delete=models.PROTECT, related_name="requests"
    )
    number = models.CharField(_("申请编号"), max_length=20, unique=True)
    query_code_hash = models.CharField(max_length=64)
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)

    applicant_type = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=120)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType.choices)
    id_number = models.CharField(_("证件号码"), max_length=40)
    contact_person = models.CharField(_("联系人"), max_length=60, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=255, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)

    info_title = models.CharField(_("所需信息名称"), max_length=255)
    info_document_number = models.CharField(_("文号"), max_length=100, blank=True)
    description = models.TextField(_("所需信息的特征描述"), blank=True)
    form = models.CharField(_("信息的指定提供形式"), max_length=12, choices=InfoForm.choices)
    delivery = models.CharField(_("获取信息的方式"), max_length=12, choices=Delivery.choices)

    channel = models.CharField(_("申请渠道"), max_length=12, choices=Channel.choices)
    oral = models.BooleanField(_("口头申请，由工作人员代为填写"), default=False)
    received_on = models.DateField(_("收到申请之日"), db_index=True)
    submitted_at = models.DateTimeField(default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    intake_note = models.TextField(_("登记说明"), blank=True)

    status = models.CharField(_("状态"), max_length=24, choices=Status.choices, default=Status.RECEIVED)
    # The clock, stored and recomputed on every event (deadlines.compute); None while paused or unknown.
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    paused_remaining_days = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline_problem = models.CharField(_("期限计算问题"), max_length=255, blank=True)
    calendar_years = models.CharField(max_length=64, blank=True)  # which holiday schedules the due date used
    restarted_on = models.DateField(_("收到补正申请之日"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长工作日"), default=0)
    extended_on = models.DateField(_("延期日期"), null=True, blank=True)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    delayed_until = models.DateField(_("延迟答复期限"), null=True, blank=True)
    delay_reason = models.TextField(_("延迟答复理由"), blank=True)

    correction_requested_on = models.DateField(_("告知补正日期"), null=True, blank=True)
    correction_items = models.TextField(_("补正事项"), blank=True)
    correction_due_on = models.DateField(_("补正期限"), null=True, blank=True)

    outcome = models.CharField(_("办理结果"), max_length=12, choices=outcomes.choices(), blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    reply_text = models.TextField(_("答复内容"), blank=True)
    finalized_on = models.DateField(_("办结日期"), null=True, blank=True, db_index=True)
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    reminder_sent_on = models.DateField(null=True, blank=True)

    objects: ClassVar[DisclosureRequestQuerySet] = DisclosureRequestQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "due_on"], name="request_agency_status_due"),
            models.Index(fields=["agency", "received_on"], name="request_agency_received"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.info_title}"

    @property
    def is_open(self) -> bool:
        return self.status not in {Status.REPLIED, Status.WITHDRAWN, Status.ARCHIVED}

    @property
    def outcome_info(self) -> outcomes.Outcome | None:
        return outcomes.BY_KEY.get(self.outcome)

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL_PERSON


class RequestEvent(models.Model):
    """Append-only history of a request: the timeline on its page, and the source of supervision data."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    on = models.DateField(_("日期"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    action = models.CharField(_("事项"), max_length=32)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(default=True)  # shown to the applicant in the public lookup

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request.number} {self.action} {self.on}"


class Consultation(models.Model):
    class PartyKind(models.TextChoices):
        THIRD_PARTY = "third_party", _("第三方")
        ORGAN = "organ", _("其他行政机关")

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="consultations")
    party = models.CharField(_("征求意见对象"), max_length=200)
    party_kind = models.CharField(max_length=12, choices=PartyKind.choices, default=PartyKind.THIRD_PARTY)
    sent_on = models.DateField(_("发出征求意见日期"))
    reply_due_on = models.DateField(_("答复期限"), null=True, blank=True)
    received_on = models.DateField(_("收到意见日期"), null=True, blank=True)
    opinion = models.TextField(_("意见"), blank=True)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.party} {self.sent_on}"


class FeeNotice(models.Model):
    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="fees")
    mode = models.CharField(_("计收方式"), max_length=12)
    pages = models.PositiveIntegerField(null=True, blank=True)
    nth_in_month = models.PositiveIntegerField(null=True, blank=True)
    amount = models.PositiveIntegerField(_("金额（元）"))
    basis = models.TextField(_("计算依据"))
    sent_on = models.DateField(_("收费通知日期"))
    payment_due_on = models.DateField(_("缴费期限"), null=True, blank=True)
    paid_on = models.DateField(_("缴费日期"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["sent_on", "id"]

    def __str__(self) -> str:
        return f"{self.request.number} {self.amount}元"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IDENTITY = "identity", _("身份证明")
        APPLICATION = "application", _("申请材料")
        CORRECTION = "correction", _("补正材料")
        OTHER = "other", _("其他")

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(storage=private_storage, upload_to="requests/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.original_name


class Letter(models.Model):
    """A formal document (文书) of the request: drafted, editable, then issued and frozen."""

    class Kind(models.TextChoices):
        REPLY = "reply", _("政府信息公开申请答复书")
        CORRECTION = "correction", _("补正告知书")
        EXTENSION = "extension", _("延期答复告知书")
        CONSULTATION = "consultation", _("第三方意见征询函")
        FEE = "fee", _("收费通知")

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=120)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    body = models.TextField(_("正文"))
    legal_basis = models.CharField(_("依据"), max_length=255, blank=True)
    remedies = models.TextField(_("救济途径"), blank=True)
    issued_on = models.DateField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.request.number}"
