"""Issuing and revoking API tokens (a token acts through a service account of its office that cannot log in),
and the risk reports a sister platform's signals open when they cross a threshold."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.enterprises.models import Enterprise

from .models import ApiToken, EnterpriseSignal, digest_of


def issue_token(*, office, name, created_by, platform=None, can_read=True, can_post_signals=False, days=365,
                rate_limit=120, secret=None):
    """Create a token and return (token, secret). The secret is shown once and only its sha256 is stored."""
    secret = secret or ApiToken.new_secret()
    with transaction.atomic():
        account = User(username=f"api-{digest_of(secret)[:16]}", kind=User.Kind.STAFF, office=office,
                       full_name=f"接口令牌：{name}"[:50])
        account.set_unusable_password()
        account.save()
        token = ApiToken.objects.create(
            name=name, office=office, platform=platform, account=account, prefix=secret[:10],
            digest=digest_of(secret), can_read=can_read, can_post_signals=can_post_signals, rate_limit=rate_limit,
            expires_at=timezone.now() + datetime.timedelta(days=days), created_by=created_by)
    return token, secret


def revoke_token(token, user):
    """Revoke at once: the next call with it gets 401. Its service account is deactivated with it."""
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=user)
        User.objects.filter(pk=token.account_id).update(is_active=False)
    return bool(updated)


# ---------------------------------------------------------------- signals that call for a risk report

def thresholds():
    return {"disputes": 3, "arbitrations": 2, "insurance_arrears": True, **getattr(settings, "EXCHANGE_SIGNAL_THRESHOLDS", {})}


def alarm_of(signal):
    """(category, people affected, what crossed which threshold) when a signal calls for a risk report."""
    limits = thresholds()
    if signal.disputes is not None and signal.disputes >= limits["disputes"]:
        return "collective_dispute", signal.disputes, f"劳动争议案件 {signal.disputes} 件（阈值 {limits['disputes']} 件）"
    if signal.arbitrations is not None and signal.arbitrations >= limits["arbitrations"]:
        return ("collective_dispute", signal.arbitrations,
                f"劳动人事争议仲裁案件 {signal.arbitrations} 件（阈值 {limits['arbitrations']} 件）")
    if limits["insurance_arrears"] and signal.insurance_arrears:
        return "social_insurance", None, "社会保险费欠缴"
    return None


def raise_risks(signals, account):
    """Open one risk report per alarming signal, in the enterprise's county, through the risk workflow."""
    if not signals:
        return 0
    enterprises = Enterprise.objects.in_bulk({s.enterprise_id for s in signals})
    for signal in signals:
        signal.risk_report = open_risk_report(enterprises[signal.enterprise_id], signal, account)
    EnterpriseSignal.objects.bulk_update(signals, ["risk_report"])
    return len(signals)


def open_risk_report(enterprise, signal, account):
    """The one call into the risk workflow (apps.risks): a report filed as its form would file it."""
    from apps.risks.forms import RiskReportForm
    from apps.risks.services import file_risk_report

    category, people, reason = alarm_of(signal)
    platform = account.api_token.holder if hasattr(account, "api_token") else str(account)
    form = RiskReportForm(data={
        "enterprise": enterprise.pk, "category": category, "severity": "general",
        "people_affected": people or max(enterprise.employee_count, 1), "amount": "0",
        "description": f"{platform}报送：{signal.date:%Y-%m-%d} {reason}，超过预警阈值，系统自动生成风险预警。",
        "actions_taken": ""})
    if not form.is_valid():  # the signal was checked against the same rules; a failure here is a bug
        raise ValueError(form.errors.as_text())
    with transaction.atomic():
        return file_risk_report(form, account)
