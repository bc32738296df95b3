from apps.core.testing import SWEEP_MARK


def build_sweep_world(world):
    from django.core.files.base import ContentFile

    from .models import GeneratedDocument, Notification

    document = GeneratedDocument(
        title=f"{SWEEP_MARK}通知", template_name="documents/official_notice.html", context={},
        region=world.region_a, created_by=world.user_a, status=GeneratedDocument.Status.DONE)
    document.file.save("sweep.pdf", ContentFile(b"%PDF-1.4 sweep"), save=True)
    world.add(document)
    world.add(Notification.objects.create(recipient=world.user_a, title=f"{SWEEP_MARK}提醒"))
