from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("mine/", views.my_actions, name="mine"),
    path("meeting/<int:pk>/add/", views.action_add_view, name="add"),
    path("<int:pk>/", views.action_save, name="action"),
    path("<int:pk>/delete/", views.action_delete_view, name="delete"),
    path("<int:pk>/at/<int:meeting_pk>/", views.carried_record_view, name="carried"),
    path("recorded/<int:pk>/", views.carried_save, name="recorded"),
    path("recorded/<int:pk>/remove/", views.carried_remove_view, name="recorded_remove"),
    path("group/<slug:slug>/", views.tracker, name="tracker"),
    path("group/<slug:slug>/actions.csv", views.tracker_csv, name="export"),
    path("group/<slug:slug>/members/", views.members, name="members"),
    path("group/<slug:slug>/members/<int:pk>/", views.term_save, name="term"),
]
