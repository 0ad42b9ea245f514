from django.urls import path

from daihoi.site import home_views as views

app_name = "homes"

urlpatterns = [
    path("", views.home, name="home"),
    path("y-kien-cho-tra-loi/", views.opinion_queue, name="opinion_queue"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/da-doc/", views.notifications_read, name="notifications_read"),
]
