"""表彰名单: the approved commendations of a year, on screen and as the province's decision (PDF)."""

from django.utils import timezone

from apps.core.policy import can
from apps.core.workflow import WorkflowError
from apps.documents.official import chinese_date, issuing_bodies
from apps.documents.services import request_document

from .models import Commendation


def approved(user, year):
    rows = list(Commendation.objects.visible_to(user).approved().filter(year=year)
                .select_related("region").order_by("region_path", "name", "pk"))
    return ([r for r in rows if r.kind == Commendation.Kind.COLLECTIVE],
            [r for r in rows if r.kind == Commendation.Kind.INDIVIDUAL])


def context_for(year, doc_number, collectives, individuals, issued_on, issuers=None):
    """Everything the PDF shows, as plain data: the same list gives the same document."""
    def place(region):
        return region.full_name or region.name

    # the sentences follow the counts: a part with none is left out
    present = [(rows, label, unit, who) for rows, label, unit, who in (
        (collectives, "先进集体", "个", "集体"), (individuals, "先进个人", "名", "个人")) if rows]
    what = "和".join(label for _, label, _, _ in present)
    grants = "，".join(f"授予{len(rows)}{unit}{'集体' if who == '集体' else '同志'}“全省和谐劳动关系创建工作{label}”称号"
                       for rows, label, unit, who in present)
    headings = {label: f"{'一二'[i]}、{label}（{len(rows)}{unit}）" for i, (rows, label, unit, _) in enumerate(present)}
    honoured = "和".join(who for _, _, _, who in present)
    return {
        "issuers": issuers or issuing_bodies_province(),
        "doc_number": doc_number,
        "title": f"关于表彰{year}年度全省和谐劳动关系创建工作{what}的决定",
        "addressee": "各市、州、直管市、神农架林区协调劳动关系三方委员会办公室",
        "paragraphs": [
            "为深入贯彻落实《湖北省推进新时代和谐劳动关系创建活动工作方案》（鄂人社发〔2023〕21号），"
            "表彰先进、树立典型，经各地推荐、市（州）审核、湖北省协调劳动关系三方委员会审定，决定"
            + grants + "。",
            f"希望受到表彰的{honoured}珍惜荣誉、再接再厉，充分发挥示范引领作用。各地要广泛宣传先进典型，"
            "推动新时代和谐劳动关系创建活动走深走实。",
        ],
        "annex_titles": [f"{year}年度全省和谐劳动关系创建工作{what}名单"],
        "collective_heading": headings.get("先进集体", ""), "individual_heading": headings.get("先进个人", ""),
        "collectives": [{"name": c.name, "place": place(c.region)} for c in collectives],
        "individuals": [{"name": c.name, "workplace": c.workplace, "place": place(c.region)} for c in individuals],
        "year": year,
        "date_text": chinese_date(issued_on),
    }


def issuing_bodies_province():
    from apps.regions.models import Region

    return issuing_bodies(Region.objects.get(level=Region.Level.PROVINCE))


def request_pdf(user, year, doc_number):
    if not can(user, "issue", Commendation):
        raise WorkflowError("表彰名单由省级三方办负责人印发。")
    collectives, individuals = approved(user, year)
    if not collectives and not individuals:
        raise WorkflowError(f"{year}年度尚无经省级审定的表彰对象，不能生成表彰名单。")
    from apps.documents.numbering import claim

    context = context_for(year, doc_number.strip(), collectives, individuals, timezone.localdate())
    context["doc_number"] = claim(doc_number, kind="commendation_roster", title=context["title"],
                                  region=user.region, user=user)
    return request_document(title=context["title"], template_name="recognition/roster_pdf.html", context=context,
                            region=user.region, user=user, kind="commendation_roster",
                            doc_number=context["doc_number"])
