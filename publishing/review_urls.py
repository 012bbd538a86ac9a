from django.urls import path

from publishing import review_views as views
from publishing import withheld_views

app_name = "review"

urlpatterns = [
    path("<int:pk>/", views.review_page, name="page"),
    path("<int:pk>/open/", views.round_open, name="open"),
    path("<int:pk>/return/", views.return_to_draft, name="return"),
    path("<int:pk>/comments/", views.comment_new, name="comment"),
    path("comments/<int:pk>/resolve/", views.resolve, name="resolve"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/ask-to-confirm/", views.ask_to_confirm, name="ask_to_confirm"),
    path("<int:pk>/suggestions/", views.suggest, name="suggest"),
    path(
        "suggestions/<int:pk>/accept/",
        views.suggestion_take,
        {"outcome": "accept"},
        name="suggestion_accept",
    ),
    path(
        "suggestions/<int:pk>/decline/",
        views.suggestion_take,
        {"outcome": "decline"},
        name="suggestion_decline",
    ),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/<int:version>/", views.withdraw, name="withdraw"),
    path("<int:pk>/changes/", views.changes, name="changes"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/flags/", withheld_views.flags, name="flags"),
    path("<int:pk>/flags/<slug:key>/public/", withheld_views.flag_public, name="flag_public"),
    path("<int:pk>/flags/<slug:key>/mark/", withheld_views.flag_mark_view, name="flag_mark"),
    path("<int:pk>/release/", withheld_views.release, name="release"),
    path("group/<slug:slug>/withheld/", withheld_views.register, name="withheld"),
    path("group/<slug:slug>/withheld.csv", withheld_views.register_csv, name="withheld_csv"),
]
