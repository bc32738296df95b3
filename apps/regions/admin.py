from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Park, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "full_name", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name", "full_name"]


@admin.register(Park)
class ParkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "region"]
    raw_id_fields = ["region"]
