"""Results of the year by region."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.views import generic

from apps.enterprises.models import CAMPAIGN_YEARS
from apps.regions.models import Region

from ..models import Assessment
from .common import current_year


class ResultsView(LoginRequiredMixin, generic.TemplateView):
    """Results of the year by the next level down (province → cities, city → counties …)."""

    template_name = "evaluations/results.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm("evaluations.view_assessment"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from django.db.models import CharField, Func, Value

        context = super().get_context_data(**kwargs)
        user = self.request.user
        try:
            year = int(self.request.GET.get("year") or current_year())
        except ValueError:
            year = current_year()
        kind = self.request.GET.get("kind") or Assessment.Kind.SELF
        if kind not in Assessment.Kind.values:
            kind = Assessment.Kind.SELF
        base = user.region if user.region else Region.objects.get(code="42")
        depth = base.path.count("/") + 1  # the path segment of the next level down
        segment = Func(F("region__path"), Value("/"), Value(depth), function="split_part",
                       output_field=CharField())
        S = Assessment.Status
        rows = (Assessment.objects.visible_to(user).filter(year=year, kind=kind).annotate(unit=segment)
                .values("unit").annotate(
                    total=Count("id"), draft=Count("id", filter=Q(status__in=Assessment.EDITABLE)),
                    submitted=Count("id", filter=Q(status=S.SUBMITTED)),
                    passed=Count("id", filter=Q(status=S.PASSED)),
                    not_passed=Count("id", filter=Q(status=S.NOT_PASSED)),
                    vetoed=Count("id", filter=Q(status=S.VETOED))).order_by("unit"))
        keys = ("total", "draft", "submitted", "passed", "not_passed", "vetoed")
        counted = {row["unit"]: row for row in rows}
        # every unit of the next level is listed, with zeros where nothing was assessed yet
        rows = [counted.pop(code, {"unit": code, **dict.fromkeys(keys, 0)}) | {"name": name}
                for code, name in Region.objects.filter(parent=base).order_by("code").values_list("code", "name")]
        rows += [row | {"name": base.name + "（本级）"} for row in counted.values()]
        totals = dict.fromkeys(keys, 0)
        for row in rows:
            concluded = row["passed"] + row["not_passed"] + row["vetoed"]
            row["pass_rate"] = f"{row['passed'] * 100 / concluded:.1f}%" if concluded else "—"
            for k in totals:
                totals[k] += row[k]
        concluded = totals["passed"] + totals["not_passed"] + totals["vetoed"]
        totals["pass_rate"] = f"{totals['passed'] * 100 / concluded:.1f}%" if concluded else "—"
        context.update(title="评估结果统计", rows=rows, totals=totals, year=year, kind=kind, base=base,
                       years=CAMPAIGN_YEARS, kinds=Assessment.Kind.choices)
        return context

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("format") != "xlsx":
            return super().render_to_response(context, **kwargs)
        from apps.core.spreadsheets import xlsx_response

        heading = f"{context['base'].full_name}{context['year']}年度{Assessment.Kind(context['kind']).label}结果（份）"
        columns = ["区划", "评估表", "填报中", "待审核", "达标", "未达标", "一票否决", "达标率"]
        rows = [[row["name"], row["total"], row["draft"], row["submitted"], row["passed"], row["not_passed"],
                 row["vetoed"], row["pass_rate"]] for row in [*context["rows"], {**context["totals"], "name": "合计"}]]
        return xlsx_response(f"results-{context['year']}.xlsx", [("评估结果统计", [heading], [columns, *rows])])
