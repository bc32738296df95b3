"""典型案例 for everyone: published cases only, searched by words, city and category; phone-sized."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.views import generic

from apps.recognition.models import Case

from ..forms import CaseSearchForm


class CaseListView(generic.TemplateView):
    template_name = "public/case_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CaseSearchForm(self.request.GET)
        rows = form.filter(Case.objects.published().select_related("region")
                           .only("id", "title", "summary", "unit_name", "category", "year", "published_at",
                                 "region__full_name", "region__name")
                           .order_by("-published_at", "-pk"))
        page = Paginator(rows, 10).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(title="和谐劳动关系创建典型案例", form=form, page=page, query=query.urlencode())
        return context


class CaseDetailView(generic.TemplateView):
    template_name = "public/case_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        case = get_object_or_404(Case.objects.published().select_related("region"), pk=self.kwargs["case_no"])
        context.update(title=case.title, case=case)
        return context
