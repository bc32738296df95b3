"""Issuing and revoking API tokens. A token acts through a service account of its office that cannot log in."""

import datetime

from django.db import transaction
from django.utils import timezone

from apps.accounts.models import User

from .models import ApiToken, digest_of


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
