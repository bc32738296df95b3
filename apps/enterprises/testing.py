from apps.core.testing import SWEEP_MARK


def build_sweep_world(world):
    from .models import CreationRecord, Enterprise, Subject

    enterprise = world.add(Enterprise.objects.create(
        name=f"{SWEEP_MARK}科技有限公司", uscc="91420102MA4K00017C",
        region=world.township_a, industry="C", employee_count=120, contact_phone="13912345678"))
    world.add(enterprise.subject, Subject)
    world.add(CreationRecord.objects.create(subject=enterprise.subject, year=2026, status="creating"))
