from django.urls import path

from claims import views

app_name = "review"

urlpatterns = [
    path("language/", views.reviewer_language, name="language"),
]
