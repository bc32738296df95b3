from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Park


@admin.register(Park)
class ParkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "region"]
    raw_id_fields = ["region"]
