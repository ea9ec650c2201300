from django.urls import path

from headquarters import views

app_name = "headquarters"

urlpatterns = [
    path("", views.HeadquartersView.as_view(), name="overview"),
    path("bodies/<slug:slug>/", views.BodyDetailView.as_view(), name="body-detail"),
    path("charter/<int:pk>/", views.CharterDetailView.as_view(), name="charter-detail"),
]
