"""Shared test apparatus: the seed, named personas and small make_* helpers."""

from __future__ import annotations

import datetime
import os

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from hypothesis import settings as hypothesis_settings

from dxportal.lib import ratelimit
from dxportal.roles import CONCIERGE, OFFICIAL, SECRETARIAT, setup_roles
from headquarters.meetings import editions
from headquarters.models import Appointment, Body, Edition, Meeting, Person, Post
from tests import partial_seed

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run next to
# one unless told that this thread does nothing asynchronous itself.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple-42"

# A fixed instant (2027-01-15 08:05 UTC), five minutes into a ten-minute window.
RATE_LIMIT_CLOCK = 1_800_000_300.0

# Property tests draw the same examples on every run and every machine, so a newcomer's
# `make test` and CI pass or fail together; a failure found is kept as an explicit @example.
# HYPOTHESIS_PROFILE=explore draws anew each run, to look for new failures locally.
hypothesis_settings.register_profile(
    "deterministic", derandomize=True, database=None, deadline=None, print_blob=True
)
hypothesis_settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))


@pytest.fixture(autouse=True)
def one_rate_limit_window(monkeypatch) -> None:
    """Rate-limit windows are fixed in wall-clock time: a test that ran across a window's end
    would count from one again and let one more submission through. In a test the clock the
    limit reads stands still in the middle of a ten-minute window."""
    monkeypatch.setattr(ratelimit, "clock", lambda: RATE_LIMIT_CLOCK)


@pytest.fixture
def seed(db) -> None:
    """The seed content of fixtures/, as `make run` loads it (its meeting not yet published)."""
    call_command("load_seed", verbosity=0, stdout=open(os.devnull, "w"))


@pytest.fixture
def desk(db) -> None:
    """Only the seed's 総合窓口 (desk, support menu, its body): for tests of the desk alone."""
    partial_seed.load_desk()


@pytest.fixture
def published_seed(seed) -> Edition:
    """The seed with its meeting published, as `make run` has it (the first edition)."""
    return publish(Meeting.objects.get(pk=1))


def publish(meeting: Meeting, reason: str = "") -> Edition:
    """Publish an edition of the meeting at once, as the task worker would."""
    edition = editions.publish_now(meeting=meeting, reason=reason)
    assert edition.status == Edition.Status.PUBLISHED, edition.error
    return edition


def make_user(username: str, *, staff: bool = True, perms: list[str] | None = None) -> User:
    """A user with the given permissions ('app_label.codename' or 'app_label.*')."""
    user = User.objects.create_user(username, f"{username}@example.jp", PASSWORD, is_staff=staff)
    for perm in perms or []:
        app_label, codename = perm.split(".")
        permissions = Permission.objects.filter(content_type__app_label=app_label)
        if codename != "*":
            permissions = permissions.filter(codename=codename)
        user.user_permissions.add(*permissions)
    return user


def make_staff(username: str, role: str) -> User:
    """A staff user in one of the portal's role groups (dxportal/roles.py)."""
    setup_roles()
    user = User.objects.create_user(username, f"{username}@example.jp", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def secretariat_editor(db) -> User:
    """企画政策部DX推進課の職員: keeps rosters, charter, plan and meetings; reads consultations."""
    return make_staff("secretariat", SECRETARIAT)


@pytest.fixture
def official(db) -> User:
    """本部員・幹事: reads the headquarters and the plan in the admin, changes nothing."""
    return make_staff("official", OFFICIAL)


@pytest.fixture
def concierge(db) -> User:
    """総合窓口のコンシェルジュ: consultations only, nothing of the headquarters or the plan."""
    return make_staff("concierge", CONCIERGE)


@pytest.fixture
def superuser_client(client, db):
    """A system administrator (Django superuser), signed in."""
    client.force_login(User.objects.create_superuser("root", "root@example.jp", PASSWORD))
    return client


@pytest.fixture
def editor_client(client, secretariat_editor):
    client.force_login(secretariat_editor)
    return client


def make_person(name: str = "青森 太郎", kana: str = "あおもり たろう") -> Person:
    return Person.objects.create(name=name, name_kana=kana)


def make_post(body: Body, title: str, *, order: int = 0, **fields) -> Post:
    fields.setdefault("role", Post.Role.MEMBER)
    return Post.objects.create(body=body, title=title, order=order, **fields)


def make_appointment(
    post: Post,
    person: Person | None = None,
    *,
    start: datetime.date = datetime.date(2023, 4, 1),
    end: datetime.date | None = None,
    kind: str = Appointment.Kind.REGULAR,
) -> Appointment:
    return Appointment.objects.create(
        post=post, person=person or make_person(), start=start, end=end, kind=kind
    )
