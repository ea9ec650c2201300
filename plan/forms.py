"""The public comment form, and the admin's form to publish a version."""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dxportal.lib.antispam import AntispamFormMixin
from dxportal.lib.fields import IdChoiceField
from dxportal.lib.japanese_dates import JapaneseDateField
from plan import services
from plan.models import Section, Version


class CommentForm(AntispamFormMixin, forms.Form):
    """A comment on one section of the published draft; name and e-mail are optional."""

    section = IdChoiceField(
        label=_("ご意見の対象となる項目"),
        queryset=Section.objects.none(),
        empty_label=_("選択してください"),
        error_messages={
            "required": _("ご意見の対象となる項目を選んでください。"),
            "invalid_choice": _("ご意見の対象となる項目は一覧から選んでください。"),
        },
    )
    body = forms.CharField(
        label=_("ご意見"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
        error_messages={
            "required": _("ご意見を入力してください。"),
            "max_length": _(
                "ご意見は%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。"
            ),
        },
    )
    name = forms.CharField(
        label=_("お名前（任意）"),
        max_length=100,
        required=False,
        error_messages={
            "max_length": _(
                "お名前は%(limit_value)d文字以内で入力してください（現在%(show_value)d文字）。"
            ),
        },
    )
    # 254 is what the column holds (and what an address can be): a longer one would be lost.
    email = forms.EmailField(
        label=_("メールアドレス（任意）"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("メールアドレスの形式が正しくありません。例: taro@example.jp"),
            "max_length": _(
                "メールアドレスは%(limit_value)d文字以内で入力してください"
                "（現在%(show_value)d文字）。"
            ),
        },
    )
    consent = forms.BooleanField(
        label=_("上記の「個人情報の取扱い」に同意します"),
        error_messages={"required": _("個人情報の取扱いに同意いただく必要があります。")},
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, sections=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = (
            sections if sections is not None else Section.objects.none()
        )
        self.fields["section"].label_from_instance = lambda section: str(section)

    def clean_body(self) -> str:
        return self.cleaned_data["body"].strip()


class PublishForm(forms.Form):
    """The 公開日 of a version about to be published; today unless staff backdate it."""

    published_on = JapaneseDateField(
        label=_("公開日"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "公開ページと会議資料は、この日からこの版を表示します。"
            "公開済みの最新の版の公開日より前、また未来の日付にはできません。"
        ),
        error_messages={
            "required": _("公開日を入力してください。"),
            "invalid": _("公開日は 2023-06-02 の形で入力してください。"),
        },
    )

    def __init__(self, *args, version: Version, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["published_on"].initial = timezone.localdate

    def clean_published_on(self) -> datetime.date:
        published_on = self.cleaned_data["published_on"]
        services.check_publication(self.version, published_on)
        return published_on
