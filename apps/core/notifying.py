"""How the core machinery (jobs, imports, workflows) tells a user something: through the notification centre,
which lives in apps.documents, a layer above core. The documents app hands its sender over when it starts
(DocumentsConfig.ready), so core names no app above it (the import-linter layers in pyproject.toml)."""

_sender = None


def provide(sender):
    """Called once by apps.documents: `sender(recipients, title, body=, url=, level=, email=)`."""
    global _sender
    _sender = sender


def notify(recipients, title, body="", url="", level="info", email=True):
    """Put a notification in each recipient's centre (and e-mail it unless `email=False`); the rows made."""
    if _sender is None:
        raise RuntimeError("通知中心（apps.documents）未安装，无法发送通知")
    return _sender(recipients, title, body=body, url=url, level=level, email=email)
