"""Masking of personal data on every page and export not meant for it."""


def is_masked(value):
    """A value as the portal writes it out masked (138****1234): it never overwrites the stored one, in a form
    (kept when unchanged) or an import (apps.core.widgets.TextWidget(masked=True))."""
    return "*" in (value or "")


def mask_phone(value):
    value = (value or "").strip()
    if len(value) < 7:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"


def mask_id_number(value):
    value = (value or "").strip()
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def mask_email(value):
    """j***@example.com: enough to recognise the address, not to read it."""
    value = (value or "").strip()
    name, at, domain = value.partition("@")
    if not at:
        return "*" * len(value)
    return f"{name[:1]}***@{domain}"
