"""The left navigation: groups named in the domain's words; each app registers its own items."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

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


def _entries(user):
    """The groups and entries the user may see, without the active mark: what `menu_for` builds per request."""
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
            entries.append({"label": item.label, "url": url, "icon": item.icon})
        if entries:
            menu.append({"group": group, "items": entries})
    return menu


# Which entries a user sees depends only on what `_entries` asks of them: their permissions (has_perm is
# `perm in get_all_permissions()` for an active user, every backend's; a superuser holds every one), whether
# they are a superuser or office staff, their kind; and the addresses on the URL configuration. Users alike in
# these share one menu per process, built once instead of ~60 has_perm and reverse calls per page (issue 23).
_menus = {}
_MENUS_KEPT = 512


def _menu_key(user):
    if not user.is_active:
        return None
    return (frozenset(user.get_all_permissions()), user.is_superuser, bool(user.office_id),
            getattr(user, "kind", None), len(_items), get_script_prefix(), get_urlconf())


def menu_for(user, current_path=""):
    key = _menu_key(user)
    entries = _menus.get(key) if key is not None else None
    if entries is None:
        entries = _entries(user)
        if key is not None:
            if len(_menus) >= _MENUS_KEPT:
                _menus.clear()
            _menus[key] = entries
    menu = [{"group": g["group"], "items": [{**e, "active": False} for e in g["items"]]} for g in entries]
    # one active entry: the one whose address is the longest prefix of the page's (so /coordinators/
    # does not light up on /coordinators/structure/, which has its own entry)
    matches = [e for g in menu for e in g["items"]
               if current_path == e["url"] or (e["url"] != "/" and current_path.startswith(e["url"]))]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return menu
