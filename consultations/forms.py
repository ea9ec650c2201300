"""The public consultation form: Japanese input normalised, errors next to their fields.

The form goes 入力 → 確認 → 完了 (consultations/views.py): this module also says what the error
summary links to, what the confirmation page shows and what it carries back in hidden inputs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from consultations.choices import MUNICIPALITY_CHOICES, CompanySize, ContactMethod, Industry
from consultations.models import SupportItem
from dxportal.lib import japanese_input
from dxportal.lib.antispam import AntispamFormMixin
from dxportal.lib.fields import FixedChoiceField


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


PROVISIONAL_NOTE = _("（内容は確認中です）")
# Labels where the form's own would read oddly out of context (the summary, the confirmation).
SHORT_LABELS = {
    "corporate_number": _("法人番号"),
    "postal_code": _("郵便番号"),
    "support_items": _("希望する支援内容"),
    "consent": _("個人情報の取扱い"),
}
NOT_ENTERED = _("（入力なし）")
CONSENTED = _("同意します")
# The bot checks' own fields do not travel between the steps: every page issues its own
# `started`, and people leave the honeypot empty.
NOT_CARRIED = ("website", "started")


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: the message, and the field it leads to ("" for none)."""

    href: str
    text: str


class SupportItemsField(forms.MultipleChoiceField):
    """The 支援内容 as checkboxes, chosen among the items the form is given (the desk's active
    ones, consultations/offer.py), so checking a choice asks the database nothing. Cleaned to
    the items themselves. An item staff have not confirmed yet says so."""

    def __init__(self, **kwargs) -> None:
        super().__init__(choices=(), **kwargs)
        self.items: dict[str, SupportItem] = {}

    def offer(self, items: Iterable[SupportItem]) -> None:
        self.items = {str(item.pk): item for item in items}
        self.choices = [(pk, self.label_from_instance(item)) for pk, item in self.items.items()]

    def label_from_instance(self, obj: SupportItem) -> str:
        return f"{obj.title}{PROVISIONAL_NOTE}" if obj.is_provisional else obj.title

    def clean(self, value) -> list[SupportItem]:
        return [self.items[pk] for pk in super().clean(value)]


class ConsultationForm(AntispamFormMixin, forms.Form):
    """What a business tells the desk; everything typed survives a mistake anywhere."""

    company_name = forms.CharField(
        label=_("事業者名"),
        max_length=200,
        error_messages=required("事業者名"),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    corporate_number = forms.CharField(
        label=_("法人番号（任意）"),
        required=False,
        max_length=30,
        # No autocomplete token names a 法人番号; the number pad is what people need here.
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("13桁の数字。個人事業主の方は空欄のままで構いません。"),
    )
    industry = FixedChoiceField(
        label=_("業種"),
        choices=[("", _("選択してください")), *Industry.choices],
        error_messages=chosen("業種"),
    )
    municipality = FixedChoiceField(
        label=_("所在市町村"),
        choices=[("", _("選択してください")), *MUNICIPALITY_CHOICES],
        error_messages=chosen("所在市町村"),
        widget=forms.Select(attrs={"autocomplete": "address-level2"}),
    )
    size = FixedChoiceField(
        label=_("従業員数"),
        choices=[("", _("選択してください")), *CompanySize.choices],
        error_messages=chosen("従業員数"),
    )
    postal_code = forms.CharField(
        label=_("郵便番号（任意）"),
        required=False,
        max_length=20,
        help_text=_("例: 030-0801"),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    contact_name = forms.CharField(
        label=_("ご担当者名"),
        max_length=100,
        error_messages=required("ご担当者名"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
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
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    phone = forms.CharField(
        label=_("電話番号"),
        max_length=30,
        error_messages=required("電話番号"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("例: 017-734-9418（全角数字やハイフンなしでも入力できます）"),
    )
    preferred_contact = FixedChoiceField(
        label=_("希望する連絡方法"),
        choices=ContactMethod.choices,
        initial=ContactMethod.EITHER,
        widget=forms.RadioSelect,
        error_messages=chosen("希望する連絡方法"),
    )
    support_items = SupportItemsField(
        label=_("希望する支援内容（複数選択可）"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("希望する支援内容を1つ以上選んでください。"),
            "invalid_choice": _("支援内容は一覧から選んでください。"),
            "invalid_list": _("支援内容は一覧から選んでください。"),
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

    # Radio and checkbox groups: their boxes are id_<name>_0, _1 …; the template wraps each group
    # in an element with id_<name>, so the error summary's link has somewhere to go.
    grouped_fields = ("preferred_contact", "support_items")

    def __init__(self, *args, desk, items: Iterable[SupportItem] | None = None, **kwargs) -> None:
        """`items`: the desk's active 支援内容 when the caller has them (consultations/offer.py)."""
        super().__init__(*args, **kwargs)
        if items is None:
            items = desk.support_items.active()
        self.fields["support_items"].offer(items)
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

    # --- the error summary and the confirmation page ------------------------------------------

    def error_links(self) -> list[ErrorLink]:
        """Every field in error, in the form's order, each linking to its field."""
        links = []
        for field in self:
            for error in field.errors:
                # A hidden field (a tampered submission_token) has nothing to go to.
                href = "" if field.is_hidden else f"#{field.auto_id}"
                links.append(ErrorLink(href=href, text=f"{short_label(field)}：{error}"))
        return links

    def confirmation_rows(self) -> list[tuple[str, list[str]]]:
        """(label, lines) of each field as it will be saved: normalised, choices by their names,
        one line per line of the details and per 支援内容."""
        return [
            (short_label(field), self.shown_lines(field.name))
            for field in self.visible_fields()
            if field.name not in NOT_CARRIED
        ]

    def shown_lines(self, name: str) -> list[str]:
        value = self.cleaned_data.get(name)
        field = self.fields[name]
        if name == "support_items":
            return [field.label_from_instance(item) for item in value]
        if name == "consent":
            return [str(CONSENTED)]
        if isinstance(field, forms.ChoiceField):
            return [str(dict(field.choices).get(value, value))]
        return value.splitlines() if value else [str(NOT_ENTERED)]

    def hidden_inputs(self) -> list[tuple[str, str]]:
        """What the confirmation page sends back: everything as typed (修正する shows it as it
        was typed), and the `started` of this page (the final submission is judged by it)."""
        pairs = []
        for name, value in typed_values(self.data).items():
            for item in value if isinstance(value, list) else [value]:
                if item is True:  # a ticked checkbox
                    pairs.append((name, "on"))
                elif item:
                    pairs.append((name, str(item)))
        pairs.append(("started", self.data["started"]))
        return pairs


def short_label(field: forms.BoundField) -> str:
    return str(SHORT_LABELS.get(field.name, field.label))


def typed_values(data: QueryDict) -> dict:
    """What the visitor sent, as typed (not normalised, not checked), by field name: to fill the
    form again (修正する) and to carry it through the confirmation page."""
    return {
        name: field.widget.value_from_datadict(data, {}, name)
        for name, field in ConsultationForm.base_fields.items()
        if name not in NOT_CARRIED
    }
