"""Admin forms of the headquarters: a post's terms judged together, its 別表 listing amended."""

from __future__ import annotations

import unicodedata

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from dxportal.lib.fields import IdChoiceField
from dxportal.lib.japanese_dates import JapaneseDateField
from headquarters import services
from headquarters.models import (
    Appointment,
    Department,
    Enactment,
    Person,
    Post,
    seats_error,
)

LISTED_FIELDS = ("title", "schedule", "order")


class AppointmentForm(forms.ModelForm):
    """One term on its own: judged against the post's other saved terms."""

    class Meta:
        model = Appointment
        fields = ["post", "person", "kind", "start", "end", "note"]

    def clean(self):
        cleaned = super().clean()
        post = cleaned.get("post")
        if post and cleaned.get("start") and not self.errors:
            term = Appointment(
                post=post, start=cleaned["start"], end=cleaned.get("end"), kind=cleaned.get("kind")
            )
            others = list(post.appointments.exclude(pk=self.instance.pk))
            error = seats_error(post, [*others, term])
            if error:
                raise error
        return cleaned


class AppointmentInlineFormSet(BaseInlineFormSet):
    """All terms of a post as submitted: closing one term and opening the next is one change."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        terms = [
            form.instance
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form) and form.cleaned_data
        ]
        error = seats_error(self.instance, terms)
        if error:
            raise error


def as_submitted(form: forms.ModelForm) -> Post:
    """The post's 別表 fields as the form would save them, to compare with its listing."""
    post = Post(pk=form.instance.pk)
    for name in LISTED_FIELDS:
        setattr(post, name, form.cleaned_data.get(name, getattr(form.instance, name)))
    return post


class PostForm(forms.ModelForm):
    """A post; a change to its place in the 別表 names the amendment (一部改正) that makes it."""

    amendment = IdChoiceField(
        queryset=Enactment.objects.filter(kind=Enactment.Kind.AMENDMENT).select_related("charter"),
        required=False,
        label=_("改正（施行日）"),
        help_text=_(
            "別表に掲げる職の追加・削除や、その職名・別表・表示順の変更は設置要綱の改正です。"
            "その一部改正を選んでください（施行日からの別表に反映され、それより前の日の別表は"
            "変わりません）。一覧にない改正は「＋」から登録できます。"
        ),
    )

    class Meta:
        model = Post
        fields = ["body", "title", "role", "department", "schedule", "order"]
        fields += ["ex_officio", "basis", "seats"]

    def clean(self):
        cleaned = super().clean()
        if any(name in self.errors for name in LISTED_FIELDS):
            return cleaned
        post = as_submitted(self)
        if services.listing_changes(post):
            listing = services.open_listing(post)
            error = services.amendment_error(listing=listing, amendment=cleaned.get("amendment"))
            if error:
                self.add_error("amendment", error)
        return cleaned


class PostChangeListForm(forms.ModelForm):
    """A row of the post list: the order of a listed post changes only with an amendment."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.has_changed() and not self.errors:
            if services.listing_changes(as_submitted(self)):
                self.add_error(
                    "order",
                    _(
                        "別表に掲げる職の表示順の変更は設置要綱の改正です。"
                        "職の編集画面で改正を選んで変更してください。"
                    ),
                )
        return cleaned


def same_name(name: str) -> str:
    """A name as people would call it the same: width folded, spaces of any kind dropped."""
    return "".join(unicodedata.normalize("NFKC", name).split())


class PersonForm(forms.ModelForm):
    """A new person whose name is already on the list is saved only once staff say it is
    someone else: the same person entered twice would hold posts under two records."""

    different_person = forms.BooleanField(
        label=_("同じ氏名の別人として登録する"),
        required=False,
        help_text=_("同じ氏名の人物がすでに登録されているときだけ必要です。"),
    )

    class Meta:
        model = Person
        fields = ["name", "name_kana"]

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if not name or cleaned.get("different_person"):
            return cleaned
        others = Person.objects.exclude(pk=self.instance.pk)
        namesakes = [
            p for p in others.only("name", "name_kana") if same_name(p.name) == same_name(name)
        ]
        if namesakes:
            listed = "、".join(
                f"{p.name}（{p.name_kana}）" if p.name_kana else p.name for p in namesakes
            )
            raise forms.ValidationError(
                _(
                    "同じ氏名の人物がすでに登録されています（%(listed)s）。同じ人なら、その人物に"
                    "職を登録してください。別人なら「同じ氏名の別人として登録する」に"
                    "チェックを入れて保存してください。"
                ),
                code="namesake",
                params={"listed": listed},
            )
        return cleaned


class DepartmentForm(forms.ModelForm):
    """A rename keeps the old name for the pages of the past: the day the new name starts."""

    renamed_on = JapaneseDateField(
        label=_("改称日"),
        required=False,
        help_text=_(
            "名称を変えるときだけ入力します（新しい名称を使い始める日。空欄なら今日）。"
            "前の名称は前日までの旧名称として自動で記録され、それより前の日付のページには"
            "前の名称が表示されます。"
        ),
    )

    class Meta:
        model = Department
        fields = ["name", "parent", "order"]
