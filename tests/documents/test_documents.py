import subprocess

import pytest
from django.core import mail
from django.urls import reverse

from apps.documents.models import GeneratedDocument, Notification
from apps.documents.official import chinese_date, issuing_bodies
from apps.documents.pdf import FetchRefused, render_pdf
from apps.documents.services import notify
from apps.regions.models import Region
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def pdf_text(data, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_sample_notice_renders_every_chinese_glyph(tmp_path):
    import datetime

    context = {
        "issuers": issuing_bodies(Region.objects.get(code="42")),
        "doc_number": "鄂劳三方〔2026〕3号",
        "title": "关于开展2026年度和谐劳动关系创建示范企业复核工作的通知",
        "addressee": "各市、州、直管市、神农架林区人力资源和社会保障局、总工会",
        "paragraphs": ["根据《湖北省推进新时代和谐劳动关系创建活动工作方案》（鄂人社发〔2023〕21号），现就有关事项通知如下。"],
        "date_text": chinese_date(datetime.date(2026, 11, 25)),
    }
    text = pdf_text(render_pdf("documents/official_notice.html", context), tmp_path)
    flat = "".join(text.split())
    assert "湖北省人力资源和社会保障厅" in flat
    assert "湖北省企业联合会/企业家协会" in flat
    assert "文件" in flat
    assert "鄂劳三方〔2026〕3号" in flat
    assert "关于开展2026年度和谐劳动关系创建示范企业复核工作的通知" in flat
    assert "（鄂人社发〔2023〕21号）" in flat
    assert "2026年11月25日" in flat


def test_templates_may_not_fetch_files_or_remote_urls(tmp_path, settings):
    from apps.documents.pdf import document_fetcher

    with pytest.raises(FetchRefused):
        document_fetcher()("file:///etc/passwd")
    with pytest.raises(FetchRefused):
        document_fetcher()("http://example.com/x.png")
    # a template naming an outside image still gives its document, without the image and without reading the disk
    template = tmp_path / "outside.html"
    template.write_text('<p>正文</p><img src="file:///etc/passwd"><img src="http://127.0.0.1:9/x.png">'
                        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]
    pdf = render_pdf("outside.html", {})
    assert pdf.startswith(b"%PDF-") and "正文" in "".join(pdf_text(pdf, tmp_path).split())


def test_leader_issues_a_notice_and_downloads_the_pdf(client, media, tmp_path, django_capture_on_commit_callbacks):
    leader = make_staff("4201", roles=("leader",))
    client.force_login(leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:notice_add"), {
            "units": ["hrss", "union"], "doc_number": "武劳三方〔2026〕7号", "title": "关于做好年度总结评估的通知",
            "addressee": "各区人力资源和社会保障局、总工会", "body": "请于11月30日前报送。\n\n特此通知。",
            "issue_date": "2026-11-25"})
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.status == "done" and document.region.code == "4201"
    flat = "".join(pdf_text(client.get(reverse("documents:document_download", args=[document.pk])).getvalue(),
                            tmp_path).split())
    assert "武汉市人力资源和社会保障局" in flat and "武汉市总工会" in flat and "武汉市工商业联合会" not in flat
    assert "请于11月30日前报送。" in flat
    # the requester is told the document is ready
    assert Notification.objects.filter(recipient=leader, title__contains="关于做好年度总结评估的通知").exists()


def test_clerk_may_not_issue_notices(client):
    client.force_login(make_staff("4201", roles=("clerk",)))
    assert client.get(reverse("documents:notice_add")).status_code == 403


def test_notice_form_error_keeps_what_was_typed(client):
    client.force_login(make_staff("4201", roles=("leader",)))
    response = client.post(reverse("documents:notice_add"), {"title": "未填文号的通知", "body": "正文"})
    page = response.content.decode()
    assert response.status_code == 200 and "未填文号的通知" in page and "请修改以下问题" in page
    assert not GeneratedDocument.objects.exists()


def test_notifications_count_in_header_and_email(client, django_capture_on_commit_callbacks):
    user = make_staff("420102", email="clerk@example.org")
    other = make_staff("420502")
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], "重大劳动关系风险预警", body="某企业欠薪", url="/")
    notify([other], "别人的通知", email=False)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["clerk@example.org"]
    assert Notification.objects.get(recipient=user).emailed_at is not None
    client.force_login(user)
    page = client.get(reverse("home")).content.decode()
    assert 'data-testid="unread-count">1<' in page
    listing = client.get(reverse("documents:notification_list")).content.decode()
    assert "重大劳动关系风险预警" in listing and "别人的通知" not in listing
    note = Notification.objects.get(recipient=user)
    client.post(reverse("documents:notification_open", args=[note.pk]))
    assert 'data-testid="unread-count"' not in client.get(reverse("home")).content.decode()


def test_email_is_claimed_once(django_capture_on_commit_callbacks):
    from apps.documents.tasks import send_notification_emails

    user = make_staff("420102", email="a@example.org")
    [note] = notify([user], "一次", email=False)
    assert send_notification_emails([note.pk]) == 1
    assert send_notification_emails([note.pk]) == 0
    assert len(mail.outbox) == 1
