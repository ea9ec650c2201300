"""The staff roles, as Django groups: who may see and change what.

- 事務局（編集） the secretariat: everything in the portal's apps, nothing of users and groups.
- コンシェルジュ the desk's concierges: consultations only.
- 職員（閲覧） officials: read the headquarters and the plan in the admin, change nothing; never
  personal data (consultations, public comments).
Superusers (system administrators) are Django superusers and need no group.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q, QuerySet

SECRETARIAT = "事務局（編集）"
CONCIERGE = "コンシェルジュ"
OFFICIAL = "職員（閲覧）"

# dxportal: the site's notices, page contacts and accessibility test runs.
PORTAL_APPS = ["headquarters", "plan", "consultations", "dxportal"]
# The libraries' records shown under dxportal (dxportal/library_models.py): two-factor devices,
# sign-ins and background work are the superuser's, not the secretariat's.
SUPERUSER_ONLY_MODELS = [
    "twofactordevice",
    "signinlockout",
    "signinfailure",
    "signinrecord",
    "backgroundtask",
]
PERSONAL_DATA_MODELS = [
    ("consultations", "consultation"),
    ("consultations", "followup"),
    ("plan", "comment"),
]


def secretariat_permissions() -> QuerySet[Permission]:
    return Permission.objects.filter(
        Q(content_type__app_label__in=PORTAL_APPS)
        | Q(content_type__app_label="admin", codename="view_logentry")
    ).exclude(content_type__app_label="dxportal", content_type__model__in=SUPERUSER_ONLY_MODELS)


def concierge_permissions() -> QuerySet[Permission]:
    return Permission.objects.filter(
        Q(
            content_type__app_label="consultations",
            content_type__model__in=["consultation", "followup"],
        )
        & ~Q(codename__startswith="delete_")
        | Q(content_type__app_label="consultations", codename__in=["view_desk", "view_supportitem"])
    ).exclude(codename="add_consultation")


def official_permissions() -> QuerySet[Permission]:
    personal = Q()
    for app_label, model in PERSONAL_DATA_MODELS:
        personal |= Q(content_type__app_label=app_label, content_type__model=model)
    return Permission.objects.filter(
        Q(content_type__app_label__in=["headquarters", "plan"], codename__startswith="view_")
        | Q(content_type__app_label="dxportal", codename="view_notice")
    ).exclude(personal)


ROLES = {
    SECRETARIAT: secretariat_permissions,
    CONCIERGE: concierge_permissions,
    OFFICIAL: official_permissions,
}


def setup_roles() -> dict[str, int]:
    """Create or update every role group to hold exactly its permissions; return their counts."""
    counts = {}
    for name, permissions in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions())
        counts[name] = group.permissions.count()
    return counts


def staff_display_name(last_name: str, first_name: str, username: str) -> str:
    """A staff member as people name them: family name first, the sign-in name if none."""
    return f"{last_name} {first_name}".strip() or username
