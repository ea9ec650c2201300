"""The public consultation form: Japanese input normalised, errors next to their fields."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.choices import MUNICIPALITY_CHOICES, CompanySize, ContactMethod, Industry
from consultations.models import SupportItem
from dxportal.lib import japanese_input
from dxportal.lib.antispam import AntispamFormMixin
from dxportal.lib.fields import IdMultipleChoiceField


def normalised(value: str, normalise: Callable[[str], str], max_length: int = 100) -> str:
    """The canonical form of what was typed; empty stays empty (required fields check that).

    The length is checked again afterwards: normalising may lengthen text (㌀ becomes アパート).
    """
    if not value.strip():
        return ""
    try:
        result = normalise(value)
    except ValueError as error:
        raise forms.ValidationError(str(error)) from None
    if len(result) > max_length:
        raise forms.ValidationError(
            f"{max_length}文字以内で入力してください（現在{len(result)}文字）。"
        )
    return result


UNREACHABLE_DOMAIN = _(
    "メールアドレスの形式が正しくありません。"
    "IPアドレスや「localhost」ではなく、taro@example.jp のようにドメイン名で入力してください。"
)


def is_public_domain(domain: str) -> bool:
    """A domain name on the internet: not an IP literal, not localhost, not a name without a dot.

    The receipt mail goes from the portal's address to whatever is typed here; an address on the
    portal's own network or a bare host name is never a requester's mailbox.
    """
    domain = domain.lower().rstrip(".")
    if domain.startswith("[") or "." not in domain:
        return False
    labels = domain.split(".")
    if labels[-1].isdigit():  # 127.0.0.1, 10.0.0.5: a top-level domain is never a number
        return False
    return labels[-1] != "localhost"


def required(label: str) -> dict:
    return {"required": _("%(label)sを入力してください。") % {"label": label}}


def chosen(label: str) -> dict:
    return {
        "required": _("%(label)sを選んでください。") % {"label": label},
        "invalid_choice": _("%(label)sは一覧から選んでください。") % {"label": label},
    }


class ConsultationForm(AntispamFormMixin, forms.Form):
    """What a business tells the desk; everything typed survives a mistake anywhere."""

    company_name = forms.CharField(
        label=_("事業者名"), max_length=200, error_messages=required("事業者名")
    )
    corporate_number = forms.CharField(
        label=_("法人番号（任意）"),
        required=False,
        max_length=30,
        help_text=_("13桁の数字。個人事業主の方は空欄のままで構いません。"),
    )
    industry = forms.ChoiceField(
        label=_("業種"),
        choices=[("", _("選択してください")), *Industry.choices],
        error_messages=chosen("業種"),
    )
    municipality = forms.ChoiceField(
        label=_("所在市町村"),
        choices=[("", _("選択してください")), *MUNICIPALITY_CHOICES],
        error_messages=chosen("所在市町村"),
    )
    size = forms.ChoiceField(
        label=_("従業員数"),
        choices=[("", _("選択してください")), *CompanySize.choices],
        error_messages=chosen("従業員数"),
    )
    postal_code = forms.CharField(
        label=_("郵便番号（任意）"), required=False, max_length=20, help_text=_("例: 030-0801")
    )
    contact_name = forms.CharField(
        label=_("ご担当者名"), max_length=100, error_messages=required("ご担当者名")
    )
    contact_kana = forms.CharField(
        label=_("ご担当者名（フリガナ）"),
        max_length=100,
        error_messages=required("フリガナ"),
        help_text=_("カタカナで入力してください。ひらがなで入力した場合はカタカナに直します。"),
    )
    email = forms.EmailField(
        label=_("メールアドレス"),
        max_length=254,
        error_messages={
            **required("メールアドレス"),
            "invalid": _("メールアドレスの形式が正しくありません。例: taro@example.jp"),
            "max_length": _("メールアドレスは%(limit_value)d文字以内で入力してください。"),
        },
    )
    phone = forms.CharField(
        label=_("電話番号"),
        max_length=30,
        error_messages=required("電話番号"),
        help_text=_("例: 017-734-9418（全角数字やハイフンなしでも入力できます）"),
    )
    preferred_contact = forms.ChoiceField(
        label=_("希望する連絡方法"),
        choices=ContactMethod.choices,
        initial=ContactMethod.EITHER,
        widget=forms.RadioSelect,
        error_messages=chosen("希望する連絡方法"),
    )
    support_items = IdMultipleChoiceField(
        label=_("希望する支援内容（複数選択可）"),
        queryset=SupportItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("希望する支援内容を1つ以上選んでください。"),
            "invalid_choice": _("支援内容は一覧から選んでください。"),
            "invalid_pk_value": _("支援内容は一覧から選んでください。"),
        },
    )
    subject = forms.CharField(
        label=_("相談の件名"), max_length=200, error_messages=required("件名")
    )
    details = forms.CharField(
        label=_("相談内容"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            **required("相談内容"),
            "max_length": _(
                "相談内容は%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。"
            ),
        },
    )
    consent = forms.BooleanField(
        label=_("上記の「個人情報の取扱い」に同意します"),
        error_messages={"required": _("個人情報の取扱いに同意いただく必要があります。")},
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, desk, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["support_items"].queryset = desk.support_items.active()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if not is_public_domain(email.rpartition("@")[2]):
            raise forms.ValidationError(UNREACHABLE_DOMAIN, code="unreachable_domain")
        return email

    def clean_corporate_number(self) -> str:
        return normalised(
            self.cleaned_data["corporate_number"], japanese_input.normalise_corporate_number
        )

    def clean_postal_code(self) -> str:
        return normalised(self.cleaned_data["postal_code"], japanese_input.normalise_postal_code)

    def clean_phone(self) -> str:
        return normalised(self.cleaned_data["phone"], japanese_input.normalise_phone, max_length=20)

    def clean_contact_kana(self) -> str:
        return normalised(self.cleaned_data["contact_kana"], japanese_input.normalise_katakana)
