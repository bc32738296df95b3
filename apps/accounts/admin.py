from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Office, User


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "member_unit", "region"]
    raw_id_fields = ["region"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "kind", "office", "is_active"]
    list_filter = ["kind", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (("平台", {"fields": ("kind", "full_name", "office")}),)
    raw_id_fields = ["office"]
