from django.urls import path

from banking import views

urlpatterns = [
    path("", views.connection_list, name="connection_list"),
    path("demo/link", views.demo_link, name="demo_link"),
    path("plaid/link-token", views.plaid_link_token, name="plaid_link_token"),
    path("plaid/link-complete", views.plaid_link_complete, name="plaid_link_complete"),
    path("<int:connection_id>/", views.connection_detail, name="connection_detail"),
    path("<int:connection_id>/progress", views.connection_progress, name="connection_progress"),
    path("<int:connection_id>/sync", views.connection_sync_now, name="connection_sync_now"),
    path("<int:connection_id>/relink", views.connection_relink, name="connection_relink"),
    path("<int:connection_id>/disconnect", views.connection_disconnect, name="connection_disconnect"),
    path("<int:connection_id>/restore", views.connection_restore, name="connection_restore"),
]
