from django.urls import path

from . import views

app_name = "documents"
_base = "org/<slug:org_slug>/import/"
urlpatterns = [
    path(_base, views.upload, name="upload"),
    path(_base + "<int:item_pk>/", views.job, name="job"),
    path(_base + "<int:item_pk>/godta/", views.accept, name="accept"),
]
