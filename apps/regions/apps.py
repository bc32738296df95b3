from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "apps.regions"
    verbose_name = "行政区划与园区"
    # role -> permissions (codenames of this app); see apps.accounts.roles
    role_permissions = {
        "clerk": ["view_region", "view_park", "add_park", "change_park"],
        "reviewer": ["view_region", "view_park"],
        "leader": ["view_region", "view_park"],
        "admin": ["view_region", "view_park"],
    }

    def ready(self):
        from apps.core.dashboard import Counter, register_counter

        from .models import Park, Region

        def below(user, level):  # units of this level inside the user's area, the area itself not counted
            return Region.objects.visible_to(user).filter(level=level).exclude(path=user.scope_path or "").count()

        register_counter(Counter("下辖县级单位", lambda u: below(u, Region.Level.COUNTY), order=10,
                                 levels=("province", "city"), watch=("regions.Region",)))
        register_counter(Counter("下辖乡镇（街道）", lambda u: below(u, Region.Level.TOWNSHIP), order=11,
                                 levels=("province", "city", "county"), watch=("regions.Region",)))
        register_counter(Counter("工业园区", lambda u: Park.objects.visible_to(u).count(), order=12,
                                 permission="regions.view_park", watch=("regions.Park",)))
