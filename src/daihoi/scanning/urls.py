from django.urls import path

from daihoi.scanning import views

app_name = "scanning"

urlpatterns = [
    path("lan/<int:round_pk>/", views.station, name="station"),
    path("lan/<int:round_pk>/ket-luan/", views.queue, name="queue"),
    path("dau/<int:mark_pk>.png", views.mark_image, name="mark_image"),
    path("trang/<int:page_pk>.png", views.page_image, name="page_image"),
]
