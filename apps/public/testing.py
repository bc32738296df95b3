def build_sweep_world(world):
    """Every page of apps.public is meant for everyone: the station finder shows every county's stations, the
    coordinator list, the gold medals, the cases and the named units every published row. The domain apps'
    testing.py (run before this one: apps.public comes after them in INSTALLED_APPS) made county A's rows."""
    from apps.recognition.models import Case

    from .urls import moved_urlpatterns, urlpatterns

    world.public_urls.update(f"public:{p.name}" for p in urlpatterns)
    world.public_urls.update(f"public_moved:{p.name}" for p in moved_urlpatterns[0])
    case = world.objects[Case]
    world.url_kwargs["public:case_detail"] = world.url_kwargs["public_moved:case_detail"] = {"case_no": case.pk}
