from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

import dxportal.lib.converters  # noqa: F401 (registers <num:…>)
from dxportal import views
from dxportal.accounts import require_totp
from dxportal.admin_index import add_task_index
from dxportal.feeds import NewsFeed
from dxportal.pagecache import cached_public_page
from dxportal.sitemaps import SITEMAPS
from headquarters.meetings import views as meeting_views

if settings.REQUIRE_STAFF_2FA:
    # The admin then lets in only staff verified by a TOTP device (see add_totp_device), who
    # sign in with their password and 確認コード on one page.
    require_totp(admin.site)
# Its index lists the models by task, under plain names (dxportal/admin_index.py).
add_task_index(admin.site)

admin.site.site_header = "青森県DX推進本部 ポータル管理"
admin.site.site_title = "DXポータル管理"
admin.site.index_title = "管理メニュー"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.NewsListView.as_view(), name="news"),
    path("news/feed.atom", cached_public_page(NewsFeed()), name="news-feed"),
    path("news/<num:pk>/", views.NoticeDetailView.as_view(), name="notice-detail"),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path("accessibility/", views.AccessibilityView.as_view(), name="accessibility"),
    path("sitemap/", views.SitemapPageView.as_view(), name="sitemap-page"),
    path("headquarters/", include("headquarters.urls")),
    path("plan/", include("plan.urls")),
    path("desk/", include("consultations.urls")),
    path("admin/", admin.site.urls),
    path(
        "sitemap.xml",
        cached_public_page(sitemap, params=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    # Uploaded originals, as the admin links them: staff and officials only, never public.
    path(
        f"{settings.MEDIA_URL.lstrip('/')}materials/<path:name>",
        meeting_views.uploaded_material,
        name="uploaded-material",
    ),
]
