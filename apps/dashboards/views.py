"""创建目标看板 for the user's area (or an area inside it), its Excel downloads."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.views import generic

from apps.core import figures, spreadsheets
from apps.core.querying import campaign_year
from apps.regions.areas import area, own_area

from . import board as boards
from . import excel


class BoardMixin(LoginRequiredMixin):
    """Office staff (and superusers) only; the area comes from ?area=<code> and must lie inside theirs."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (user.is_superuser or (user.office_id and user.scope_path)):
            raise PermissionDenied("统计看板仅对三方办工作人员开放")
        return super().dispatch(request, *args, **kwargs)

    def board(self):
        return boards.build(area(self.request), campaign_year(self.request, years=figures.CAMPAIGN_YEARS),
                            self.request.GET.get("figure", boards.DEFAULT_FIGURE))


class BoardView(BoardMixin, generic.TemplateView):
    template_name = "dashboards/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        board = self.board()
        user_area = own_area(self.request.user)
        # the way back up from a drilled-into area to the user's own (each a link)
        ancestors = []
        region = board.area
        while region is not None and region.pk != user_area.pk and region.parent_id:
            region = region.parent
            ancestors.insert(0, region)
        context.update(title="创建目标看板", board=board, ancestors=ancestors, years=figures.CAMPAIGN_YEARS,
                       all_figures=figures.all_figures(), map_data=board.map_data(), trend_data=board.trend_data(),
                       areas_data=board.areas_data())
        return context


class BoardExportView(BoardMixin, generic.View):
    """One chart's table as Excel: ?chart=targets (指标与目标), trend (年度趋势) or areas (分区对比)."""

    def get(self, request):
        board = self.board()
        chart = request.GET.get("chart", "targets")
        if chart not in excel.CHARTS:
            raise Http404("没有这个图表")
        content, filename = excel.workbook(board, chart)
        return spreadsheets.download(content, filename)
