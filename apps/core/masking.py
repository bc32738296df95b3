"""Masking of personal data on every page and export not meant for it."""


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
