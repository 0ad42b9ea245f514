from django.urls import path

from daihoi.personnel import views

app_name = "personnel"

urlpatterns = [
    path("dai-hoi/<int:congress_pk>/", views.plan_list, name="plan_list"),
    path("de-an/<int:plan_pk>/", views.plan_detail, name="plan_detail"),
    path("de-an/<int:plan_pk>/sua/", views.plan_edit, name="plan_edit"),
    path("de-an/<int:plan_pk>/ung-vien/<int:candidate_pk>/xoa/", views.candidate_remove,
         name="candidate_remove"),
    path("de-an/<int:plan_pk>/de-an.docx", views.plan_print, {"fmt": "docx"}, name="plan_docx"),
    path("de-an/<int:plan_pk>/de-an.pdf", views.plan_print, {"fmt": "pdf"}, name="plan_pdf"),
]
