"""Domain operations of the enterprise registry, shared by views and Celery tasks."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from . import exporting, importing
from .models import CreationRecord, EnterpriseInvitation

IMPORT_KIND = importing.EnterpriseImporter.job_kind
EXPORT_KIND = exporting.EnterpriseExporter.job_kind
SAMPLE = 200                        # rows of creates/updates shown on the preview page
FIELD_LABELS = {attr: header for attr, header, _ in importing.COLUMNS}


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


def plan_preview(plan):
    """What the preview page lists of a checked file: a sample of the rows to add and of the changes."""
    from apps.regions.models import Park, Region

    region_ids = {v["region"][0] for _, v in plan.creates[:SAMPLE] if "region" in v}
    for _, _, changes, _ in plan.updates[:SAMPLE]:
        if "region" in changes:
            region_ids.update(changes["region"])
    regions = dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "full_name"))
    park_ids = {v.get("park") for _, v in plan.creates[:SAMPLE]} - {None}
    parks = dict(Park.objects.filter(pk__in=park_ids).values_list("pk", "name"))
    creates = [{"row": row, "name": v["name"], "uscc": v["uscc"], "region": v["region"][3],
                "park": parks.get(v.get("park"), ""), "employee_count": v.get("employee_count", 0),
                "record": f"{v['record'][0]}年 {CreationRecord.Status(v['record'][1]).label}" if "record" in v else ""}
               for row, v in plan.creates[:SAMPLE]]
    updates = []
    for row, _pk, changes, values in plan.updates[:SAMPLE]:
        items = [f"{FIELD_LABELS[a]}：{_display(a, old, regions)} → {_display(a, new, regions)}"
                 for a, (old, new) in changes.items()]
        if "record" in values:
            items.append(f"{values['record'][0]}年创建状态 → {CreationRecord.Status(values['record'][1]).label}")
        updates.append({"row": row, "name": values["name"], "uscc": values["uscc"], "changes": items})
    return {"create_sample": creates, "update_sample": updates}


# ---------------------------------------------------------------- invitations

INVITATION_DAYS = 7


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def invite(enterprise, *, username, full_name, email, invited_by):
    """Create the enterprise's account (no usable password yet) and a one-time activation token."""
    from apps.accounts.models import User

    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        user = User(username=username, full_name=full_name, email=email, kind=User.Kind.ENTERPRISE,
                    enterprise=enterprise)
        user.set_unusable_password()
        user._change_reason = f"{invited_by}邀请开通企业账号"
        user.save()
        EnterpriseInvitation.objects.create(enterprise=enterprise, user=user, token_digest=_digest(token),
                                            invited_by=invited_by,
                                            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS))
    return user, token


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
