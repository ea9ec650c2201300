from django.urls import path

from consultations import staff_views, views

app_name = "consultations"

urlpatterns = [
    path("", views.current_desk, name="current"),
    path("staff/statistics/", staff_views.statistics, name="statistics"),
    path("<slug:slug>/", views.DeskDetailView.as_view(), name="desk-detail"),
    path("<slug:slug>/consult/", views.consultation_form, name="consultation-form"),
    path("<slug:slug>/consult/received/<str:token>/", views.receipt, name="receipt"),
]
