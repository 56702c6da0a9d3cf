from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("org/", views.organisation_list, name="list"),
    path("org/<slug:slug>/", views.organisation_detail, name="detail"),
    path("org/<slug:org_slug>/medlemmer/", views.members, name="members"),
    path("org/<slug:org_slug>/medlemmer/<int:item_pk>/", views.member_edit, name="member_edit"),
    path(
        "org/<slug:org_slug>/medlemmer/<int:item_pk>/fjern/",
        views.member_remove,
        name="member_remove",
    ),
]
