from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "apps.regions"
    verbose_name = "行政区划"
    # role -> permissions (codenames of this app); see apps.accounts.roles
    role_permissions = {
        "clerk": ["view_region"],
        "reviewer": ["view_region"],
        "leader": ["view_region"],
        "admin": ["view_region"],
    }

    def ready(self):
        from apps.core.dashboard import Counter, register_counter

        from .models import Region

        def below(user, level):  # units of this level inside the user's area, the area itself not counted
            return Region.objects.visible_to(user).filter(level=level).exclude(path=user.scope_path or "").count()

        register_counter(Counter("下辖县级单位", lambda u: below(u, Region.Level.COUNTY), order=10,
                                 levels=("province", "city"), watch=("regions.Region",)))
        register_counter(Counter("下辖乡镇（街道）", lambda u: below(u, Region.Level.TOWNSHIP), order=11,
                                 levels=("province", "city", "county"), watch=("regions.Region",)))
