from django.urls import path

from daihoi.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.my_drafts, name="my_drafts"),
    path("dai-hoi/<int:congress_pk>/", views.congress_documents, name="congress_documents"),
    path("dai-hoi/<int:congress_pk>/gop-y-cap-tren.docx", views.upper_report, {"fmt": "docx"},
         name="upper_docx"),
    path("dai-hoi/<int:congress_pk>/gop-y-cap-tren.pdf", views.upper_report, {"fmt": "pdf"},
         name="upper_pdf"),
    path("<int:document_pk>/", views.document_detail, name="detail"),
    path("<int:document_pk>/nhap-docx/", views.version_import, name="import"),
    path("<int:document_pk>/nhap-docx/<int:pk>/", views.version_import_job, name="import_job"),
    path("<int:document_pk>/gui-lay-y-kien/", views.document_send, name="send"),
    path("<int:document_pk>/hoan-thien/", views.document_finalize, name="finalize"),
    path("<int:document_pk>/so-sanh/", views.version_diff, name="diff"),
    path("<int:document_pk>/tong-hop/", views.summary, name="summary"),
    path("<int:document_pk>/tong-hop.docx", views.summary, {"fmt": "docx"}, name="summary_docx"),
    path("<int:document_pk>/tong-hop.pdf", views.summary, {"fmt": "pdf"}, name="summary_pdf"),
    path("phan/<int:section_pk>/", views.section_detail, name="section"),
    path("y-kien/<int:opinion_pk>/tra-loi/", views.opinion_answer, name="answer"),
]
