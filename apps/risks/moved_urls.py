"""The risk pages lived under /coordinators/risks/ until they became their own app: every old address answers a
permanent redirect to the same page under /risks/ (apps/core/moved.py: query string kept, a posted form keeps its
method), so bookmarks and links in old notifications still lead there."""

from apps.core.moved import moved_below

app_name = "risks_moved"
urlpatterns = moved_below("", "risks:risk_list")
