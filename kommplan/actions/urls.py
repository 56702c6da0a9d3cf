from django.urls import path

app_name = "actions"
urlpatterns: list = []
