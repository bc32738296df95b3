from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("notifications/<int:pk>/open/", views.NotificationOpenView.as_view(), name="notification_open"),
    path("notifications/read-all/", views.NotificationReadAllView.as_view(), name="notification_read_all"),
    path("documents/", views.DocumentListView.as_view(), name="document_list"),
    path("documents/notice/", views.NoticeCreateView.as_view(), name="notice_add"),
    path("documents/<int:pk>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("documents/<int:pk>/status/", views.DocumentStatusView.as_view(), name="document_status"),
    path("documents/<int:pk>/download/", views.DocumentDownloadView.as_view(), name="document_download"),
]
