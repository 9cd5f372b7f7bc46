from django.urls import path

from banking import views

urlpatterns = [
    path("", views.connection_list, name="connection_list"),
]
