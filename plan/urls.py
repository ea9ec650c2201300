from django.urls import path

import dxportal.lib.converters  # noqa: F401 (registers <num:…>)
from plan import views

app_name = "plan"

urlpatterns = [
    path("", views.current_plan, name="current"),
    path("<slug:slug>/", views.PlanDetailView.as_view(), name="plan-detail"),
    path("<slug:slug>/versions/", views.VersionListView.as_view(), name="version-list"),
    path(
        "<slug:slug>/versions/<num:number>/",
        views.VersionDetailView.as_view(),
        name="version-detail",
    ),
    path("<slug:slug>/compare/", views.VersionCompareView.as_view(), name="version-compare"),
    path("<slug:slug>/progress/", views.ProgressView.as_view(), name="progress"),
    path("<slug:slug>/schedules/<num:year>/", views.ScheduleView.as_view(), name="schedule-detail"),
    path("<slug:slug>/schedule.ics", views.schedule_ics, name="schedule-ics"),
    path("<slug:slug>/comments/<num:pk>/", views.comment_form, name="comment-form"),
    path("<slug:slug>/comments/<num:pk>/thanks/", views.comment_thanks, name="comment-thanks"),
    path("<slug:slug>/comments/<num:pk>/results/", views.comment_results, name="comment-results"),
]
