from django.urls import path

from daihoi.site import audit_log as views

app_name = "audit"

urlpatterns = [
    path("<str:code>/", views.audit_log, name="log"),
]
