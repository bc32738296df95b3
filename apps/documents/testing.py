from apps.core.testing import SWEEP_MARK

ISSUERS = ["湖北省人力资源和社会保障厅", "湖北省总工会", "湖北省企业联合会/企业家协会", "湖北省工商业联合会"]
PARAGRAPH = ("根据《湖北省推进新时代和谐劳动关系创建活动工作方案》（鄂人社发〔2023〕21号），经单位申报、县级推荐、"
             "市级审核、专家评审和湖北省协调劳动关系三方委员会审定，现将有关事项通知如下，请各地认真组织实施，"
             "并于规定时间内报送工作情况。")
PLAIN = ("各地要把和谐劳动关系创建活动作为构建和谐劳动关系的重要抓手，加强组织领导，健全工作机制，细化工作措施，"
         "强化督促检查，推动创建工作覆盖更多企业和工业园区，切实维护职工合法权益，促进企业健康发展。")
UNIT = "武汉市江岸区长江智能装备制造股份有限公司"


def build_sweep_world(world):
    from django.core.files.base import ContentFile

    from .models import GeneratedDocument, Notification

    document = GeneratedDocument(
        title=f"{SWEEP_MARK}通知", template_name="documents/official_notice.html", context={},
        region=world.region_a, created_by=world.user_a, status=GeneratedDocument.Status.DONE)
    document.file.save("sweep.pdf", ContentFile(b"%PDF-1.4 sweep"), save=True)
    world.add(document)
    world.add(Notification.objects.create(recipient=world.user_a, title=f"{SWEEP_MARK}提醒"))


def notice_sample():
    """A two-page joint notice: a full page of body text is measured line by line."""
    return {"issuers": ISSUERS, "doc_number": "鄂劳三方〔2026〕3号",
            "title": "关于开展2026年度和谐劳动关系创建示范企业复核工作的通知",
            "addressee": "各市、州、直管市、神农架林区人力资源和社会保障局、总工会、企业联合会/企业家协会、工商业联合会",
            "paragraphs": [PARAGRAPH] * 12, "date_text": "2026年11月25日", "contact": "省三方办 027-87654321"}


def unit_rows(count):
    cities = ["武汉市", "黄石市", "十堰市", "宜昌市", "襄阳市", "鄂州市", "荆门市", "孝感市", "荆州市", "黄冈市"]
    return [(f"{cities[i * 10 // count]}第{i + 1}号{UNIT[3:]}", cities[i * 10 // count]) for i in range(count)]
