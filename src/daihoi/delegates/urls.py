from django.urls import path

from daihoi.delegates import views

app_name = "delegates"

urlpatterns = [
    path("dai-hoi/<int:congress_pk>/", views.delegate_list, name="delegate_list"),
    path("dai-hoi/<int:congress_pk>/tham-tra/", views.credentials, name="credentials"),
    path("dai-hoi/<int:congress_pk>/tham-tra.docx", views.credentials_print, {"fmt": "docx"},
         name="credentials_docx"),
    path("dai-hoi/<int:congress_pk>/tham-tra.pdf", views.credentials_print, {"fmt": "pdf"},
         name="credentials_pdf"),
    path("dai-hoi/<int:congress_pk>/the-dai-bieu.pdf", views.badges, name="badges"),
    path("dai-hoi/<int:congress_pk>/phien/", views.sessions, name="sessions"),
    path("dai-hoi/<int:congress_pk>/diem-danh/<int:session_pk>/", views.desk, name="desk"),
    path("dai-hoi/<int:congress_pk>/diem-danh/<int:session_pk>/tim/", views.desk_search,
         name="desk_search"),
    path("dai-hoi/<int:congress_pk>/diem-danh/<int:session_pk>/so-da-diem-danh/",
         views.desk_count, name="desk_count"),
    path("dai-hoi/<int:congress_pk>/hien-dien/<int:session_pk>/", views.presence_view,
         name="presence"),
    path("dai-hoi/<int:congress_pk>/co-so-tinh/", views.threshold_base, name="threshold_base"),
    path("dai-hoi/<int:congress_pk>/bieu-quyet/", views.votes, name="votes"),
    path("dai-bieu/<int:delegate_pk>/thay-the/", views.delegate_replace, name="replace"),
    path("dai-bieu/<int:delegate_pk>/hoan-tac-thay-the/", views.delegate_replace_undo,
         name="replace_undo"),
    path("dai-bieu/<int:delegate_pk>/khong-trieu-tap/", views.delegate_not_summoned,
         name="not_summoned"),
    path("dai-bieu/<int:delegate_pk>/vang-mat/", views.delegate_absence, {"approve": True},
         name="absence_approve"),
    path("dai-bieu/<int:delegate_pk>/huy-vang-mat/", views.delegate_absence, {"approve": False},
         name="absence_withdraw"),
]
