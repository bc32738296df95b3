"""An enterprise account's activation link goes to the enterprise's registered contact (e-mail, or the SMS gateway
to its phone); the county clerk sees only that it was sent and to which masked address, may resend, never read it."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.urls import reverse

from apps.accounts.models import User
from apps.enterprises.models import Enterprise, EnterpriseInvitation
from tests.enterprises.test_enterprises import make_enterprise

pytestmark = pytest.mark.django_db


def _invite(client, enterprise):
    return client.post(reverse("enterprises:invite", args=[enterprise.pk]),
                       {"username": enterprise.uscc, "full_name": "企业联系人"})


def test_the_link_goes_to_the_registered_email_and_the_clerk_sees_only_the_masked_address(client, county_user):
    e = make_enterprise(1)
    Enterprise.objects.filter(pk=e.pk).update(contact_email="hr@qiye.example.com")
    client.force_login(county_user)
    page = _invite(client, e).content.decode()
    assert "激活链接已发送到" in page and "h***@qiye.example.com" in page
    assert "/activate/" not in page and "hr@qiye.example.com" not in page
    assert mail.outbox[-1].to == ["hr@qiye.example.com"]
    first = re.search(r"/activate/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert client.get(reverse("enterprises:activate", args=[first])).status_code == 200
    # resend: a new link to the same contact, the old one stops working; the clerk again sees no link
    invitation = EnterpriseInvitation.objects.get()
    response = client.post(reverse("enterprises:invite_resend", args=[e.pk]), {"invitation": invitation.pk},
                           follow=True)
    body = response.content.decode()
    assert "新的激活链接已发送到 h***@qiye.example.com" in body and "/activate/" not in body
    second = re.search(r"/activate/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert second != first
    assert client.get(reverse("enterprises:activate", args=[first])).status_code == 410
    assert client.get(reverse("enterprises:activate", args=[second])).status_code == 200
    trail = client.get(reverse("enterprises:enterprise_detail", args=[e.pk])).content.decode()
    assert "重新发送激活链接" in trail


def test_without_a_registered_contact_no_account_is_opened(client, county_user):
    e = make_enterprise(1)
    client.force_login(county_user)
    response = _invite(client, e)
    assert response.status_code == 200 and "没有登记联系邮箱" in response.content.decode()
    assert not User.objects.filter(username=e.uscc).exists() and not mail.outbox


def test_the_sms_gateway_sends_the_link_to_the_registered_phone(client, county_user, settings):
    received = []

    class Gateway(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            received.append((self.headers.get("Authorization"),
                             json.loads(self.rfile.read(int(self.headers["Content-Length"])))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_GATEWAY_TOKEN = "gw-token"
    try:
        e = make_enterprise(1)
        e.contact_phone = "13912345678"
        e.save()
        client.force_login(county_user)
        page = _invite(client, e).content.decode()
    finally:
        server.shutdown()
    assert "激活链接已发送到" in page and "139****5678" in page and "/activate/" not in page
    (auth, sent), = received
    assert auth == "Bearer gw-token" and sent["phone"] == "13912345678" and "/activate/" in sent["message"]
