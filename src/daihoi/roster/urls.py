from django.urls import path

from daihoi.roster import views, views_accounts, views_transfer

app_name = "roster"

urlpatterns = [
    path("to-chuc/<str:code>/", views.dashboard, name="dashboard"),
    path("to-chuc/<str:code>/dang-vien/", views.member_list, name="member_list"),
    path("to-chuc/<str:code>/dang-vien/them/", views.member_create, name="member_create"),
    path("to-chuc/<str:code>/co-quan/", views.agency_list, name="agency_list"),
    path("to-chuc/<str:code>/nhap/", views_transfer.roster_import, name="import"),
    path("to-chuc/<str:code>/nhap/<int:pk>/", views_transfer.import_job, name="import_job"),
    path("to-chuc/<str:code>/nhap/<int:pk>/gan-cot/", views_transfer.import_remap,
         name="import_remap"),
    path("to-chuc/<str:code>/nhap/<int:pk>/nhap/", views_transfer.import_confirm,
         name="import_confirm"),
    path("to-chuc/<str:code>/nhap/<int:pk>/tep-danh-dau-loi/", views_transfer.import_marked,
         name="import_marked"),
    path("to-chuc/<str:code>/xuat/", views_transfer.roster_export, name="export"),
    path("to-chuc/<str:code>/trich-ngang/", views_transfer.member_list_print,
         name="member_list_print"),
    path("to-chuc/<str:code>/tep-mau/", views_transfer.import_template, name="import_template"),
    path("to-chuc/<str:code>/tai-khoan/", views_accounts.user_list, name="user_list"),
    path("to-chuc/<str:code>/tai-khoan/<int:pk>/dat-lai-mat-khau/",
         views_accounts.user_password_reset, name="user_password_reset"),
    path("dang-vien/<int:pk>/", views.member_detail, name="member_detail"),
    path("dang-vien/<int:pk>/sua/", views.member_edit, name="member_edit"),
    path("dang-vien/<int:pk>/chuyen-chi-bo/", views.member_move, name="member_move"),
    path("dang-vien/<int:pk>/tinh-trang/", views.member_status, name="member_status"),
]
