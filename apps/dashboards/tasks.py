from celery import shared_task


@shared_task(name="dashboards.warm_figures")
def warm_figures():
    """After a change: compute the figures of the province and of every city again (every source, every
    campaign year), so that the first look at a dashboard after the change is served from the shared cache.
    A county's page is computed on demand (a fraction of a second). Returns how many sources were computed."""
    from apps.regions.models import Region

    from .figures import WARM_PENDING, figures_cache, warm

    figures_cache().delete(WARM_PENDING)  # a change from now on queues the next warm-up
    regions = list(Region.objects.filter(level__in=["province", "city"]).order_by("level", "code"))
    regions.sort(key=lambda region: region.level != "province")  # the province first: the heaviest page
    return warm(regions)
