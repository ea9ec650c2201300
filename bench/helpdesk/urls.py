"""django-helpdesk at the site root, as its installation docs show; the public form is /tickets/submit/."""

from django.urls import include, path

urlpatterns = [
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
