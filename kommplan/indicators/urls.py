from django.urls import path

from . import views

app_name = "indicators"
_base = "org/<slug:org_slug>/strategi/<int:pk>/indikatorer/"
urlpatterns = [
    path(_base, views.indicator_list, name="list"),
    path(_base + "ny/", views.indicator_create, name="create"),
    path(_base + "<int:item_pk>/", views.indicator_detail, name="detail"),
    path(_base + "<int:item_pk>/endre/", views.indicator_edit, name="edit"),
    path(_base + "<int:item_pk>/slett/", views.indicator_delete, name="delete"),
    path(_base + "<int:item_pk>/maling/", views.measurement_create, name="measurement_create"),
    path(
        _base + "<int:item_pk>/maling/<int:measurement_pk>/slett/",
        views.measurement_delete,
        name="measurement_delete",
    ),
]
