"""In the browser: the clerk who opens an enterprise account is told where the link went, never shown it."""

import pytest

from apps.enterprises.models import Enterprise
from tests.conftest import browser_login, make_staff
from tests.enterprises.test_enterprises import make_enterprise

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_clerk_sees_where_the_link_went_and_not_the_link(page, live_server):
    from django.core import mail

    e = make_enterprise(3)
    Enterprise.objects.filter(pk=e.pk).update(contact_email="renshi@qiye.example.com")
    make_staff("420102", username="invite-clerk")
    browser_login(page, live_server, "invite-clerk")
    page.goto(f"{live_server.url}/enterprises/{e.pk}/invite/")
    page.fill("#id_full_name", "人事部联系人")
    page.click("text=创建账号并发送激活链接")
    text = page.inner_text("main")
    assert "激活链接已发送到 r***@qiye.example.com" in text
    assert "/activate/" not in page.content()
    assert "/activate/" in mail.outbox[-1].body
    page.click("text=返回企业")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=重新发送激活链接")
    assert "新的激活链接已发送到 r***@qiye.example.com" in page.inner_text("main")
    assert "/activate/" not in page.content()
