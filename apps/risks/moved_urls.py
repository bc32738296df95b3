"""The risk pages lived under /coordinators/risks/ until they became their own app: every old address answers a
permanent redirect to the same page under /risks/ (apps/core/moved.py: query string kept, a posted form keeps its
method), so bookmarks and links in old notifications still lead there."""

from apps.core.moved import moved

app_name = "risks_moved"
urlpatterns = [
    moved("", "risks:risk_list"),
    moved("add/", "risks:risk_add"),
    moved("export/", "risks:risk_export"),
    moved("board/", "risks:risk_board"),
    moved("<int:pk>/", "risks:risk_detail"),
    moved("<int:pk>/transition/", "risks:risk_transition"),
]
