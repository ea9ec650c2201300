from django.urls import path

import dxportal.lib.converters  # noqa: F401 (registers <num:…>)
from headquarters import views
from headquarters.meetings import views as meeting_views

app_name = "headquarters"

urlpatterns = [
    path("", views.HeadquartersView.as_view(), name="overview"),
    path("bodies/<slug:slug>/", views.BodyDetailView.as_view(), name="body-detail"),
    path("charter/<num:pk>/", views.CharterDetailView.as_view(), name="charter-detail"),
    path("meetings/", meeting_views.meeting_list, name="meeting-list"),
    path("meetings.ics", meeting_views.meetings_ics, name="meetings-ics"),
    path("meetings/<num:pk>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("meetings/<num:pk>/packet.pdf", meeting_views.packet_pdf, name="meeting-packet-pdf"),
    path("meetings/<num:pk>/agenda.pdf", meeting_views.agenda_pdf, name="meeting-agenda-pdf"),
    path(
        "meetings/<num:pk>/members-packet.pdf",
        meeting_views.members_packet_pdf,
        name="meeting-members-packet-pdf",
    ),
    path(
        "meetings/<num:pk>/materials/<num:material_pk>/",
        meeting_views.material_detail,
        name="material-detail",
    ),
    path(
        "meetings/<num:pk>/materials/<num:material_pk>.pdf",
        meeting_views.material_pdf,
        name="material-pdf",
    ),
    path(
        "meetings/<num:pk>/editions/<num:number>/",
        meeting_views.edition_detail,
        name="edition-detail",
    ),
    path(
        "meetings/<num:pk>/editions/<num:number>/<num:file_pk>.pdf",
        meeting_views.edition_file_pdf,
        name="edition-file-pdf",
    ),
]
