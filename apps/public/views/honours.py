"""Pages anyone may read without logging in: the named units of every round, and the current 公示 with its
objection form. Revoked titles leave the list the moment they are revoked."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views import generic

from apps.core.workflow import WorkflowError
from apps.honours import services
from apps.honours.models import DemonstrationTitle, SelectionRound
from apps.regions.models import Region

from ..forms import ObjectionForm


class NamedUnitsView(generic.TemplateView):
    template_name = "public/named_units.html"

    def get_context_data(self, **kwargs):
        get = self.request.GET
        q = get.get("q", "").replace("\x00", "").strip()[:50]
        city_code = get.get("city", "")[:12]
        city = Region.objects.filter(level=Region.Level.CITY, code=city_code).first() if city_code.isdigit() else None
        year = get.get("year", "")[:4]
        titles = (DemonstrationTitle.objects.valid().select_related("subject", "city", "naming")
                  .order_by("-valid_from", "city__code", "certificate_number"))
        if q:
            titles = titles.filter(subject__name__icontains=q)
        if city:
            titles = titles.filter(city=city)
        if year.isdigit() and len(year) == 4:
            titles = titles.filter(valid_from__year=int(year))
        page = Paginator(titles, 50).get_page(get.get("page", "")[:6])
        return {**super().get_context_data(**kwargs), "page": page, "q": q, "city": city, "year": year,
                "cities": Region.objects.cities().order_by("code"),
                "years": sorted({d.year for d in DemonstrationTitle.objects.valid().dates("valid_from", "year")},
                                reverse=True),
                "publicities": list(services.current_publicities())}


class PublicityView(generic.FormView):
    template_name = "public/publicity.html"

    def dispatch(self, request, *args, **kwargs):
        self.rounds = list(services.current_publicities())
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return ObjectionForm(self.rounds, **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        rounds = [{"round": r, "groups": services.candidates_by_city(r),
                   "notice": services.current_publicity_notice(r)} for r in self.rounds]
        return {**super().get_context_data(**kwargs), "rounds": rounds,
                "recent": SelectionRound.objects.filter(stage=SelectionRound.Stage.NAMED).order_by("-year")[:3]}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.lodge_objection(data["application"].pk, name=data["name"], contact=data["contact"],
                                     text=data["text"], attachment=data.get("attachment"))
        except WorkflowError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, "您的异议已受理，我们将依法核查并在命名前办结。感谢您的监督。")
        return redirect("public:publicity")

