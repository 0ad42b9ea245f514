from django.urls import path  # noqa: F401 - patterns are added as views are written

app_name = "congress"

urlpatterns: list = []  # type: ignore[type-arg]
