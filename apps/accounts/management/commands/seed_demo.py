
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.demo import DEMO_PASSWORD, demo_logins
from apps.accounts.models import User
from apps.core.apps import portal_modules


class Command(BaseCommand):
    help = "载入演示数据（仅演示模式 DEMO_MODE=1 可用）：演示单位、用户，以及各模块的演示台账。"

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="数据库已有用户时不做任何事")
        parser.add_argument("--list", action="store_true", help="只列出演示登录账号")

    def handle(self, *args, if_empty=False, list=False, **options):
        if list:
            return self.print_logins()
        if not settings.DEMO_MODE:
            raise CommandError("演示数据只能在演示模式下载入：请设置环境变量 DEMO_MODE=1。生产环境不得使用演示账号。")
        if if_empty and User.objects.exists():
            self.stdout.write("==> 数据库已有数据，不重新载入演示数据")
            return
        self.stdout.write("==> 载入演示数据")
        with transaction.atomic():
            # every app may ship apps/<app>/demo.py with load_demo(stdout); run in INSTALLED_APPS order
            for module in portal_modules("demo"):
                module.load_demo(self.stdout)

    def print_logins(self):
        if not settings.DEMO_MODE:
            return
        self.stdout.write(f"演示登录（密码均为 {DEMO_PASSWORD}；用户名规则：<区划代码>-<成员单位>-<角色>）：")
        for area, clerk, admin in demo_logins():
            self.stdout.write(f"  {area:<14} {clerk:<26} {admin}")
        # apps may add hints of their own (apps/<app>/demo.py: demo_hints() -> lines), e.g. a demo API token
        for module in portal_modules("demo"):
            for line in module.demo_hints() if hasattr(module, "demo_hints") else ():
                self.stdout.write(line)
