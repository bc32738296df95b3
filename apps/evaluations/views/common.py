"""What the evaluations screens share: the campaign year, the level check, access to assessments."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy

from apps.accounts.models import User
from apps.core import querying

from ..models import Assessment

current_year = querying.current_year  # one definition (apps/core/querying.py)


def require_level(user, levels, words):
    if not user.is_superuser and (user.kind != User.Kind.STAFF or not user.office_id
                                  or user.region.level not in levels):
        raise PermissionDenied(f"此功能由{words}使用。")


class AssessmentAccess(LoginRequiredMixin):
    """Sheets: office staff need the view permission and see their area; enterprise accounts see their
    own enterprise's sheets; agency accounts see the sheets granted to their agency."""

    model = Assessment
    breadcrumbs = (("评估表", reverse_lazy("evaluations:assessment_list")),)

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.kind == User.Kind.STAFF and not user.has_perm(
                "evaluations.view_assessment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def visible(self):
        return Assessment.objects.visible_to(self.request.user)

    def get_assessment(self, pk=None):
        pk = pk or self.kwargs["pk"]
        return get_object_or_404(self.visible().select_related(
            "subject__region", "indicator_set", "agency", "reviewed_by"), pk=pk)
