"""Domain operations of the enterprise registry, shared by views and Celery tasks."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from apps.core.masking import mask_email, mask_phone

from . import exporting, importing
from .models import CreationRecord, EnterpriseInvitation

IMPORT_KIND = importing.EnterpriseImporter.job_kind
EXPORT_KIND = exporting.EnterpriseExporter.job_kind
SAMPLE = 200                        # rows of creates/updates shown on the preview page


# ---------------------------------------------------------------- bulk status change

def change_status(enterprises, year, status, user, reason=""):
    """Set the creation status of these enterprises for `year` (records created where missing); a year at
    达标/未达标/示范 keeps it (CreationRecord.DERIVED_FROM), and so does every year for a derived `status`."""
    if status in CreationRecord.DERIVED_FROM:
        raise ValueError(CreationRecord.DERIVED_FROM[status])
    changed = 0
    reason = reason or f"批量修改{year}年创建状态"
    with transaction.atomic():
        subject_ids = [e.subject_id for e in enterprises]
        records = {r.subject_id: r for r in CreationRecord.objects.select_for_update()
                   .filter(subject_id__in=subject_ids, year=year)}
        for enterprise in enterprises:
            record = records.get(enterprise.subject_id) or CreationRecord(subject_id=enterprise.subject_id, year=year)
            if record.pk and (record.status == status or record.is_derived):
                continue
            record.status = status
            record.updated_by = user
            if status != CreationRecord.Status.NOT_STARTED and record.started_on is None:
                record.started_on = timezone.localdate()
            record._change_reason = reason
            record._history_user = user
            record.save()
            changed += 1
    return changed


# ---------------------------------------------------------------- import preview

def _display(attr, value, regions):
    if attr == "region":
        return regions.get(value, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if attr == "contact_phone":
        from apps.core.masking import mask_phone

        return mask_phone(value or "")
    return "" if value is None else value


PREVIEW_HEADERS = ["企业名称", "统一社会信用代码", "所在区划", "所在园区", "职工人数", "创建台账", "变化"]


def plan_preview(plan):
    """What the preview page lists of a checked file (the engine's preview rows): the first rows to add and
    to change, each change as 列：原值 → 新值."""
    from apps.regions.models import Region

    rows = sorted([(row, None, values) for row, values in plan.creates]
                  + [(row, changes, values) for row, _pk, changes, values in plan.updates], key=lambda r: r[0])[:SAMPLE]
    region_ids = set()
    for _, changes, _ in rows:
        if changes and "region" in changes:
            region_ids.update(changes["region"])
    regions = dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "full_name"))
    preview = []
    for row, changes, v in rows:
        year, status = v.get("record", (None, None))
        record = f"{year}年 {CreationRecord.Status(status).label}" if year else ""
        if changes is None:
            cells = [v["name"], v["uscc"], v["region"].full_name, getattr(v.get("park"), "name", ""),
                     v.get("employee_count", 0), record, ""]
        else:
            labels = {c.name: c.header for c in importing.EnterpriseImporter.declared()}
            items = [f"{labels[a]}：{_display(a, old, regions)} → {_display(a, new, regions)}"
                     for a, (old, new) in changes.items()]
            if year:
                items.append(f"{year}年创建状态 → {CreationRecord.Status(status).label}")
            cells = [v.get("name", ""), v["uscc"], "", "", "", record, "；".join(items)]
        preview.append([row, [str(c) for c in cells], changes is not None])
    return {"preview_headers": PREVIEW_HEADERS, "preview": preview}


# ---------------------------------------------------------------- invitations

INVITATION_DAYS = 7


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class DeliveryError(Exception):
    """The activation link could not be sent (no registered contact, or the mail/SMS gateway failed)."""


def contact_channel(enterprise):
    """Where the activation link goes: the ledger's 联系邮箱, else the 联系电话 by the SMS gateway (when one is
    configured), as ("email" | "sms", address); None when the enterprise has neither."""
    if enterprise.contact_email:
        return "email", enterprise.contact_email
    if getattr(settings, "SMS_GATEWAY_URL", "") and enterprise.contact_phone:
        return "sms", enterprise.contact_phone
    return None


NO_CONTACT = ("企业台账中没有登记联系邮箱{sms}，无法发送激活链接。请先在企业信息中登记联系邮箱{sms_hint}，"
              "再邀请开通账号。")


def no_contact_message():
    sms = bool(getattr(settings, "SMS_GATEWAY_URL", ""))
    return NO_CONTACT.format(sms="或联系电话" if sms else "", sms_hint="或联系电话" if sms else "")


def masked(channel):
    kind, address = channel
    return mask_email(address) if kind == "email" else mask_phone(address)


def _deliver(enterprise, channel, username, link):
    kind, address = channel
    text = (f"{enterprise.name}在{settings.PORTAL_NAME}的企业账号 {username} 已开通，请在 {INVITATION_DAYS} 天内"
            f"打开以下链接设置密码（仅可使用一次，请勿转发）：{link}")
    try:
        if kind == "email":
            send_mail("请激活您的企业账号", text, None, [address])
        else:
            import json
            import urllib.request

            request = urllib.request.Request(
                settings.SMS_GATEWAY_URL, data=json.dumps({"phone": address, "message": text}).encode(),
                headers={"Content-Type": "application/json",
                         **({"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"}
                            if getattr(settings, "SMS_GATEWAY_TOKEN", "") else {})}, method="POST")
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the operator's gateway
                if response.status >= 300:
                    raise OSError(f"短信网关答复 {response.status}")
    except Exception as exc:  # noqa: BLE001 - any transport failure is told to the clerk the same way
        raise DeliveryError(f"激活链接未能发送到 {masked(channel)}（{exc.__class__.__name__}），请稍后点击“重新发送”。") from exc


def invite(enterprise, *, username, full_name, invited_by, link_for):
    """Create the enterprise's account (no usable password yet) and a one-time activation token, and send the
    link to the enterprise's registered contact. The clerk never sees the link: returns (user, masked address).
    `link_for(token)` makes the absolute link."""
    from apps.accounts.models import User

    channel = contact_channel(enterprise)
    if channel is None:
        raise DeliveryError(no_contact_message())
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        user = User(username=username, full_name=full_name, kind=User.Kind.ENTERPRISE, enterprise=enterprise,
                    email=channel[1] if channel[0] == "email" else "")
        user.set_unusable_password()
        user._change_reason = f"{invited_by}邀请开通企业账号，激活链接发送到{masked(channel)}"
        user.save()
        EnterpriseInvitation.objects.create(enterprise=enterprise, user=user, token_digest=_digest(token),
                                            invited_by=invited_by,
                                            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS))
    _deliver(enterprise, channel, username, link_for(token))
    return user, masked(channel)


def resend(invitation, *, by, link_for):
    """A new one-time link (the old one stops working) sent again to the registered contact."""
    channel = contact_channel(invitation.enterprise)
    if channel is None:
        raise DeliveryError(no_contact_message())
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation.token_digest = _digest(token)
        invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
        invitation.save(update_fields=["token_digest", "expires_at"])
        user = invitation.user
        user._change_reason = f"{by}重新发送激活链接到{masked(channel)}"
        user.save(update_fields=["kind"])
    _deliver(invitation.enterprise, channel, user.username, link_for(token))
    return masked(channel)


def invitation_for(token):
    """The open invitation for this token, or None (unknown, used or expired)."""
    if not token or len(token) > 100:
        return None
    invitation = EnterpriseInvitation.objects.select_related("user", "enterprise").filter(
        token_digest=_digest(token)).first()
    if invitation is None or invitation.activated_at or invitation.expires_at < timezone.now():
        return None
    return invitation


def activate(invitation, form):
    """Set the password and close the invitation, once (a second use finds it closed)."""
    with transaction.atomic():
        locked = EnterpriseInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.activated_at:
            return False
        form.save()
        locked.activated_at = timezone.now()
        locked.save(update_fields=["activated_at"])
    return True
