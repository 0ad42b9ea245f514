from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from daihoi.core import views as core_views
from daihoi.core.access import public, signed_in
from daihoi.site import accounts
from daihoi.site import views as site_views

urlpatterns = [
    path("", site_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "dang-nhap/",
        public(accounts.LoginView.as_view()),
        name="login",
    ),
    path("doi-mat-khau/", signed_in(accounts.PasswordChangeView.as_view()),
         name="password_change"),
    path("dang-xuat/", signed_in(auth_views.LogoutView.as_view()), name="logout"),
    path("ngon-ngu/", public(set_language), name="set_language"),
    path("", include("daihoi.roster.urls")),
    path("dai-hoi/", include("daihoi.congress.urls")),
    path("van-kien/", include("daihoi.documents.urls")),
    path("bau-cu/", include("daihoi.elections.urls")),
    path("quet-phieu/", include("daihoi.scanning.urls")),
    path("nhan-su/", include("daihoi.personnel.urls")),
    path("dai-bieu/", include("daihoi.delegates.urls")),
    path("van-ban/", include("daihoi.reports.urls")),
    path("nhat-ky/", include("daihoi.site.audit_urls")),
    path("viec-cua-toi/", include("daihoi.site.home_urls")),
]
