from django.urls import path

from daihoi.elections import views

app_name = "elections"

urlpatterns = [
    path("cua-toi/", views.mine, name="mine"),
    path("dai-hoi/<int:congress_pk>/", views.congress_elections, name="congress"),
    path("<int:election_pk>/", views.election_detail, name="election"),
    path("<int:election_pk>/tim-dang-vien/", views.member_search, name="member_search"),
    path("lan/<int:round_pk>/", views.round_detail, name="round"),
    path("lan/<int:round_pk>/buoc/", views.round_step, name="round_step"),
    path("lan/<int:round_pk>/phieu-bau.pdf", views.ballots_pdf, name="ballots_pdf"),
    path("lan/<int:round_pk>/nhap-phieu/", views.desk, name="desk"),
    path("lan/<int:round_pk>/doi-chieu/", views.reconcile, name="reconcile"),
    path("lan/<int:round_pk>/kiem-tra-doi-chieu/", views.comparison_audit, name="comparison_audit"),
    path("lan/<int:round_pk>/ket-qua/", views.results, name="results"),
    path("lan/<int:round_pk>/trinh-chieu/", views.projector, name="projector"),
    path("dai-hoi/<int:congress_pk>/trinh-chieu/", views.programme_projector,
         name="programme_projector"),
    path("lan/<int:round_pk>/bien-ban.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("lan/<int:round_pk>/bien-ban.docx", views.minutes_docx, name="minutes_docx"),
    path("lan/<int:round_pk>/phieu.json", views.export_json, name="export_json"),
    path("lan/<int:round_pk>/phieu.csv", views.export_csv, name="export_csv"),
]
