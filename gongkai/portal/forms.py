"""The public application form (条例 第二十九条) and the lookup form.

The forms catch what a browser can be told at once (missing fields, too many or wrong files, the
organisation's contact person); identity numbers and everything else are judged by
services.request_submit, whose InvalidInput field keys `apply_errors_to` puts back next to the fields."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from gongkai.core.errors import InvalidInput
from gongkai.disclosure_requests import services
from gongkai.disclosure_requests.models import ApplicantType, Delivery, IdType, InfoForm

ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png,application/ofd"
SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")

# InvalidInput.fields keys of services.request_submit -> form field names.
SERVICE_FIELDS: dict[str, str] = {
    "applicant.type": "applicant_type",
    "applicant.name": "name",
    "applicant.id_type": "id_type",
    "applicant.id_number": "id_number",
    "applicant.phone": "phone",
    "applicant.email": "email",
    "applicant.address": "address",
    "applicant.postcode": "postcode",
    "applicant.contact_person": "contact_person",
    "title": "info_title",
    "info.title": "info_title",
    "document_number": "info_document_number",
    "description": "description",
    "form": "info_form",
    "delivery": "delivery",
    "attachments": "attachments",
}


def new_submission_key() -> str:
    return secrets.token_urlsafe(32)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, "accept": ACCEPTED_FILES}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        return [f for f in (single(item, initial) for item in items) if f]


class ApplyForm(forms.Form):
    # autocomplete=off: Firefox would otherwise restore a used key into a form reached with the back button.
    submission_key = forms.CharField(widget=forms.HiddenInput(attrs={"autocomplete": "off"}), max_length=64)

    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=ApplicantType.choices,
        initial=ApplicantType.NATURAL_PERSON,
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("姓名或名称"), max_length=120)
    id_type = forms.ChoiceField(
        label=_("证件类型"),
        choices=IdType.choices,
        initial=IdType.RESIDENT_ID,
        help_text=_("自然人一般选择居民身份证；法人或其他组织请选择统一社会信用代码。"),
    )
    id_number = forms.CharField(label=_("证件号码"), max_length=40)
    contact_person = forms.CharField(
        label=_("联系人"), max_length=60, required=False, help_text=_("法人或其他组织必填。")
    )
    phone = forms.CharField(label=_("联系电话"), max_length=40)
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        max_length=254,
        help_text=_("填写后，申请编号、查询码和办理进展将发送到该邮箱。"),
    )
    address = forms.CharField(label=_("通信地址"), max_length=255, required=False)
    postcode = forms.CharField(label=_("邮政编码"), max_length=6, required=False)

    info_title = forms.CharField(label=_("所需政府信息的名称"), max_length=255)
    info_document_number = forms.CharField(label=_("文号"), max_length=100, required=False)
    description = forms.CharField(
        label=_("所需政府信息的特征描述"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("如信息的制作机关、时间、内容范围等便于查找的特征。"),
    )
    info_form = forms.ChoiceField(
        label=_("信息的指定提供形式"),
        choices=InfoForm.choices,
        initial=InfoForm.ELECTRONIC,
        widget=forms.RadioSelect,
    )
    delivery = forms.ChoiceField(
        label=_("获取信息的方式"), choices=Delivery.choices, initial=Delivery.EMAIL, widget=forms.RadioSelect
    )
    attachments = MultipleFileField(
        label=_("附件"),
        required=False,
        help_text=_(
            "身份证明（如居民身份证、营业执照）等材料；PDF、JPEG、PNG或OFD格式，最多5个，每个不超过10MB。"
        ),
    )
    consent = forms.BooleanField(label=_("本人承诺所填信息真实、准确，并愿意承担相应法律责任。"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Phones get the right keyboard; browsers fill the right values.
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        phone = self.fields["phone"].widget
        assert isinstance(phone, forms.TextInput)  # noqa: S101  (narrowing for input_type)
        phone.input_type = "tel"
        phone.attrs["autocomplete"] = "tel"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["postcode"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})
        self.fields["id_number"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    @property
    def is_organisation(self) -> bool:
        value = self["applicant_type"].value()
        return bool(value) and value != ApplicantType.NATURAL_PERSON

    def clean_submission_key(self) -> str:
        key: str = self.cleaned_data["submission_key"]
        if not SUBMISSION_KEY.fullmatch(key):
            raise forms.ValidationError(_("表单已失效，请重新提交。"))
        return key

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        if len(files) > services.MAX_UPLOADS:
            raise forms.ValidationError(_("附件不能超过%(max)d个。") % {"max": services.MAX_UPLOADS})
        problems = []
        for upload in files:
            try:
                services.check_upload(upload)
            except InvalidInput as exc:
                problems.append(exc.message)
        if problems:
            raise forms.ValidationError(problems)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # noqa: S101  (Form.clean returns cleaned_data)
        organisation = data.get("applicant_type") not in {None, ApplicantType.NATURAL_PERSON}
        if organisation and not data.get("contact_person"):
            self.add_error("contact_person", _("法人或其他组织请填写联系人。"))
        if data.get("delivery") == Delivery.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("选择通过电子邮件获取信息时，请填写电子邮箱。"))
        if data.get("delivery") == Delivery.POST and not data.get("address"):
            self.add_error("address", _("选择邮寄时，请填写通信地址。"))
        return data

    def applicant(self) -> services.Applicant:
        d = self.cleaned_data
        return services.Applicant(
            type=d["applicant_type"],
            name=d["name"],
            id_type=d["id_type"],
            id_number=d["id_number"],
            phone=d["phone"],
            email=d["email"],
            address=d["address"],
            postcode=d["postcode"],
            contact_person=d["contact_person"] if self.is_organisation else "",
        )

    def info(self) -> services.InfoRequested:
        d = self.cleaned_data
        return services.InfoRequested(
            title=d["info_title"],
            document_number=d["info_document_number"],
            description=d["description"],
            form=d["info_form"],
            delivery=d["delivery"],
        )

    def uploads(self) -> Sequence[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        return files

    def apply_errors_to(self, exc: InvalidInput) -> None:
        """Put a service's InvalidInput next to the fields it names; anything else goes on top."""
        placed = False
        for key, message in exc.fields.items():
            name = SERVICE_FIELDS.get(key)
            if name is not None and name in self.fields:
                self.add_error(name, message)
                placed = True
        if not placed or not exc.fields:
            self.add_error(None, exc.message)

    @property
    def had_files(self) -> bool:
        return bool(self.files and self.files.getlist("attachments"))


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("申请编号"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        help_text=_("提交申请时页面显示并发送到您邮箱的8位查询码。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )

    def clean_number(self) -> str:
        return str(self.cleaned_data["number"]).strip()

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()
