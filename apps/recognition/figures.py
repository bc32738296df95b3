"""Figures of typical cases and commendations (统计指标; see apps/core/figures.py): the cases the province
published in a year, and the collectives and individuals it approved for that year's commendation."""

from django.db.models import Count, Q

from apps.core.figures import Figure, Source, register

from .models import Case, Commendation

CASES = Source("recognition.cases",
               lambda area, year: Case.objects.visible_to(area).published().filter(published_at__year=year),
               {"published": Count("pk")}, watch=("recognition.Case",))
COMMENDED = Source("recognition.commended",
                   lambda area, year: Commendation.objects.visible_to(area).approved().filter(year=year),
                   {"collectives": Count("pk", filter=Q(kind=Commendation.Kind.COLLECTIVE)),
                    "individuals": Count("pk", filter=Q(kind=Commendation.Kind.INDIVIDUAL))},
                   watch=("recognition.Commendation",))

register(
    Figure("recognition.cases_published", "发布的典型案例", "个", "示范创建", value=CASES["published"], order=70,
           description="当年由省级发布、在公开页可读的典型案例"),
    Figure("recognition.commended_collectives", "表彰的先进集体", "个", "示范创建", value=COMMENDED["collectives"],
           order=75, description="当年度经省级审定列入表彰名单的集体"),
    Figure("recognition.commended_individuals", "表彰的先进个人", "名", "示范创建", value=COMMENDED["individuals"],
           order=76, description="当年度经省级审定列入表彰名单的个人"),
)
