from django.urls import path

from accounts import views

urlpatterns = [
    path("settings/", views.preferences, name="preferences"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:notification_id>/open", views.notification_open, name="notification_open"),
    path("notifications/read-all", views.notifications_read_all, name="notifications_read_all"),
]
