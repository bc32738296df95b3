"""The left navigation: groups named in the domain's words; each app registers its own items."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

GROUPS = ["工作台", "创建台账", "评价评估", "服务站点", "协调员", "示范创建", "督办与报告", "统计分析", "系统管理"]


@dataclass(frozen=True)
class NavItem:
    group: str
    label: str
    url_name: str
    permission: str = ""  # shown only to users holding it
    icon: str = "dot"
    order: int = 100
    staff_only: bool = False  # office staff only (not enterprise or agency accounts)
    kinds: tuple = ()  # shown only to these kinds of user (User.Kind values); () = any


_items: list[NavItem] = []


def register(*items: NavItem):
    for item in items:
        assert item.group in GROUPS, item.group
        _items.append(item)


def menu_for(user, current_path=""):
    menu = []
    for group in GROUPS:
        entries = []
        for item in sorted((i for i in _items if i.group == group), key=lambda i: i.order):
            if item.permission and not user.has_perm(item.permission):
                continue
            if item.staff_only and not (user.is_superuser or user.office_id):
                continue
            if item.kinds and getattr(user, "kind", None) not in item.kinds:
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            entries.append({"label": item.label, "url": url, "icon": item.icon, "active": False})
        if entries:
            menu.append({"group": group, "items": entries})
    # one active entry: the one whose address is the longest prefix of the page's (so /coordinators/
    # does not light up on /coordinators/structure/, which has its own entry)
    matches = [e for g in menu for e in g["items"]
               if current_path == e["url"] or (e["url"] != "/" and current_path.startswith(e["url"]))]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return menu
