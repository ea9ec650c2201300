"""The role matrix: every admin and staff URL, for every role and an anonymous visitor."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from dxportal.roles import PERSONAL_DATA_MODELS
from headquarters.models import Appointment, Attendance, Directive, Meeting, Post
from plan.models import Comment, Section
from tests.conftest import make_appointment, make_person
from tests.consultations.factories import make_consultation
from tests.plan.factories import make_initiative, make_open_period

pytestmark = pytest.mark.django_db

PORTAL_APPS = {"headquarters", "plan", "consultations", "dxportal"}
CONCIERGE_MODELS = {
    ("consultations", "consultation"),
    ("consultations", "desk"),
    ("consultations", "supportitem"),
}


def make_one_of_everything() -> None:
    """At least one row of every model the admin lists, so object URLs can be walked too."""
    make_appointment(Post.objects.get(title="総務部長"), make_person("在任 一郎"))
    make_initiative("テスト施策")
    period = make_open_period()
    Comment.objects.create(
        period=period,
        section=Section.objects.first(),
        body="意見",
        consented_at=timezone.now(),
        submission_token="00000000-0000-0000-0000-0000000000aa",
    )
    make_consultation()
    meeting = Meeting.objects.get(pk=1)
    Attendance.objects.create(
        meeting=meeting, post=Post.objects.get(title="総務部長"), status="present"
    )
    Directive.objects.create(
        meeting=meeting, text="指示", department=Post.objects.get(title="総務部長").department
    )


def admin_urls() -> list[tuple[str, str, str, str]]:
    """(app_label, model, action, url) for every registered model's list, add and change page."""
    urls = []
    for model in admin.site._registry:
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        urls.append((meta.app_label, meta.model_name, "list", reverse(f"{prefix}_changelist")))
        urls.append((meta.app_label, meta.model_name, "add", reverse(f"{prefix}_add")))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(
                (
                    meta.app_label,
                    meta.model_name,
                    "change",
                    reverse(f"{prefix}_change", args=[first.pk]),
                )
            )
        for action in ("import", "export"):
            try:
                urls.append(
                    (meta.app_label, meta.model_name, action, reverse(f"{prefix}_{action}"))
                )
            except NoReverseMatch:
                pass
    return urls


# The libraries' models shown under the portal's app with a Japanese name (dxportal/library_admin.py).
SUPERUSER_ONLY = {
    ("dxportal", model)
    for model in (
        "twofactordevice",
        "signinlockout",
        "signinfailure",
        "signinrecord",
        "backgroundtask",
    )
}
# Records the libraries write (sign-ins, background work): nobody adds them by hand.
LIBRARY_RECORDS = SUPERUSER_ONLY - {("dxportal", "twofactordevice")}
NO_ADD = {
    ("headquarters", "schedulelisting"),  # a listing comes from a post and its amendment
    ("consultations", "consultation"),
    ("consultations", "accessrecord"),
    ("plan", "comment"),
    ("admin", "logentry"),
    ("dxportal", "accessibilitytestrun"),  # a run comes from record_accessibility_results
}


def expected(role: str, app: str, model: str, action: str) -> int:
    if role == "anonymous":
        return 302
    if role == "superuser":
        # axes and the task queue record what happened; nobody adds rows by hand.
        no_add = (app, model) in NO_ADD | LIBRARY_RECORDS
        return 403 if (action == "add" and no_add) else 200
    if role == "secretariat":
        if (app, model) in SUPERUSER_ONLY:
            return 403
        if app not in PORTAL_APPS and (app, model) != ("admin", "logentry"):
            return 403
        return 403 if (action == "add" and (app, model) in NO_ADD) else 200
    if role == "concierge":
        if (app, model) not in CONCIERGE_MODELS:
            return 403
        if action in ("add", "import"):
            return 403
        if action == "export":
            return 200 if model == "consultation" else 403
        return 200
    if role == "official":
        if (app, model) == ("dxportal", "notice"):
            return 403 if action in ("add", "import") else 200
        if app not in {"headquarters", "plan"} or (app, model) in PERSONAL_DATA_MODELS:
            return 403
        return 403 if action in ("add", "import") else 200
    raise AssertionError(role)


def test_every_admin_url_answers_each_role_as_it_should(
    client, seed, secretariat_editor, concierge, official
):
    make_one_of_everything()
    superuser = User.objects.create_superuser("root", "root@example.jp", "x" * 20)
    users = {
        "anonymous": None,
        "superuser": superuser,
        "secretariat": secretariat_editor,
        "concierge": concierge,
        "official": official,
    }
    urls = admin_urls()
    assert len(urls) > 60
    wrong = []
    for role, user in users.items():
        client.logout()
        if user:
            client.force_login(user)
        for app, model, action, url in urls:
            status = client.get(url).status_code
            if status != expected(role, app, model, action):
                wrong.append(
                    f"{role} {url}: {status}, expected {expected(role, app, model, action)}"
                )
    assert wrong == []


@pytest.mark.parametrize(
    "role,status", [("anonymous", 302), ("secretariat", 200), ("concierge", 200), ("official", 403)]
)
def test_the_statistics_page_follows_the_roles(client, seed, request, role, status):
    if role != "anonymous":
        client.force_login(
            request.getfixturevalue({"secretariat": "secretariat_editor"}.get(role, role))
        )
    assert client.get(reverse("consultations:statistics")).status_code == status


def test_an_official_cannot_change_anything(client, seed, official):
    client.force_login(official)
    post = Post.objects.get(title="総務部長")
    response = client.post(
        reverse("admin:headquarters_post_change", args=[post.pk]),
        {"title": "改ざん", "body": post.body_id, "role": post.role, "order": 1, "seats": 1},
    )
    assert response.status_code == 403
    assert Post.objects.get(pk=post.pk).title == "総務部長"
    assert not Appointment.objects.exists()
