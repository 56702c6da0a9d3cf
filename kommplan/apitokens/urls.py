from django.urls import path

from . import views

app_name = "apitokens"
urlpatterns = [
    path("konto/api-nokler/", views.tokens, name="list"),
    path("konto/api-nokler/trekk-tilbake/", views.revoke, name="revoke"),
]
