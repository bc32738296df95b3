from apps.core.testing import SWEEP_MARK


def build_sweep_world(world):
    user = world.make_staff("420102002", username="sweep-a-township", roles=("clerk",))
    user.full_name = f"{SWEEP_MARK}街道录入员"
    user.save()
    world.add(user)
