from django.urls import path

from daihoi.reports import views

app_name = "reports"

urlpatterns = [
    path("dai-hoi/<int:congress_pk>/nghi-quyet/", views.resolution, name="resolution"),
    path("dai-hoi/<int:congress_pk>/nghi-quyet.docx", views.resolution, {"fmt": "docx"},
         name="resolution_docx"),
    path("dai-hoi/<int:congress_pk>/nghi-quyet.pdf", views.resolution, {"fmt": "pdf"},
         name="resolution_pdf"),
    path("dai-hoi/<int:congress_pk>/so-van-ban-di/", views.register, name="register"),
    path("dai-hoi/<int:congress_pk>/so-van-ban-di/ban-hanh/", views.document_issue_view,
         name="document_issue"),
    path("dai-hoi/<int:congress_pk>/ho-so/", views.dossier, name="dossier"),
    path("dai-hoi/<int:congress_pk>/ho-so.zip", views.dossier_zip, name="dossier_zip"),
    path("dai-hoi/<int:congress_pk>/ho-so/<str:name>", views.dossier_file, name="dossier_file"),
]
