from django.urls import path

from . import views
from .parts import PARTS, STEPS

app_name = "strategies"

STRATEGY = "org/<slug:org_slug>/strategi/<int:pk>/"
EDIT = STRATEGY + "rediger/"

urlpatterns = [
    path(STRATEGY, views.strategy_overview, name="overview"),
    path("org/<slug:org_slug>/strategi/ny/", views.strategy_create, name="create"),
    path(STRATEGY + "ny-periode/", views.strategy_roll_over, name="roll_over"),
    path(EDIT, views.editor_start, name="edit"),
    path(EDIT + "om/", views.edit_details, name="edit_details"),
]

# One page per step: strategies:edit_why, edit_who, ... at rediger/hvorfor/, rediger/hvem/, ...
urlpatterns += [
    path(EDIT + f"{step.slug}/", views.edit_step, {"step": step.key}, name=f"edit_{step.key}")
    for step in STEPS
]

# Per kind of part: strategies:goal_add, goal_edit, goal_delete, goal_move, ...
for kind in PARTS:
    base = EDIT + f"{kind.slug}/"
    extra = {"kind": kind.key}
    urlpatterns += [
        path(base + "ny/", views.part_add, extra, name=f"{kind.key}_add"),
        path(base + "<int:item_pk>/", views.part_edit, extra, name=f"{kind.key}_edit"),
        path(base + "<int:item_pk>/slett/", views.part_delete, extra, name=f"{kind.key}_delete"),
        path(base + "<int:item_pk>/flytt/", views.part_move, extra, name=f"{kind.key}_move"),
    ]
