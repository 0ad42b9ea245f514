from django.urls import path

from daihoi.congress import views

app_name = "congress"

urlpatterns = [
    path("", views.congress_list, name="list"),
    path("<int:congress_pk>/", views.overview, name="overview"),
    path("<int:congress_pk>/sua/", views.congress_edit, name="edit"),
    path("<int:congress_pk>/chuong-trinh/", views.programme, name="programme"),
    path("<int:congress_pk>/chuong-trinh.docx", views.programme_print, {"fmt": "docx"},
         name="programme_docx"),
    path("<int:congress_pk>/chuong-trinh.pdf", views.programme_print, {"fmt": "pdf"},
         name="programme_pdf"),
    path("<int:congress_pk>/dai-hoi-chi-bo/", views.cell_congresses, name="cell_congresses"),
    path("<int:congress_pk>/tieu-ban/", views.subcommittees, name="subcommittees"),
    path("<int:congress_pk>/tien-do/", views.preparation_timeline, name="timeline"),
    path("chi-bo/<int:congress_pk>/", views.cell_congress, name="cell_congress"),
    path("chi-bo/<int:congress_pk>/ket-qua/", views.cell_results, name="cell_results"),
    path("nhiem-vu/<int:task_pk>/", views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:task_pk>/tep/<int:attachment_pk>/", views.task_attachment,
         name="task_attachment"),
]
