"""A searchable picker of the rows a user may see: the chosen rows as ticked boxes, and a search box that asks
the server (htmx) for up to 20 more visible rows matching what is typed. Nothing is fetched from outside, no
long <select>: it scales to a province's 200,000 enterprises, and every row offered went through visible_to.

    field.widget = SearchPickWidget(search_url=reverse_lazy("enterprises:pick"))
    class EnterprisePickView(SearchPickView): model = Enterprise; def search(self, qs, q): ...
"""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.utils.html import format_html, format_html_join
from django.views import generic

RESULTS = 20


class SearchPickWidget(forms.SelectMultiple):
    def __init__(self, search_url, placeholder="输入名称搜索", attrs=None):
        super().__init__(attrs)
        self.search_url = search_url
        self.placeholder = placeholder

    def render(self, name, value, attrs=None, renderer=None):
        field_id = (attrs or {}).get("id") or f"id_{name}"
        if not field_id.isidentifier():
            field_id = f"id_{name}"
        chosen = []
        keys = [v for v in (value or []) if v not in (None, "")]
        if keys and hasattr(self.choices, "queryset"):
            label = self.choices.field.label_from_instance
            try:
                chosen = [(obj.pk, label(obj)) for obj in self.choices.queryset.filter(pk__in=keys)]
            except (ValueError, TypeError):  # a typed value that is no key: nothing to show as chosen
                chosen = []
        boxes = format_html_join("", pick_box_html(name, field_id), ((pk, text, "checked") for pk, text in chosen))
        return format_html(
            '<div class="search-pick border rounded p-2" data-testid="pick-{name}">'
            '<div class="search-pick-chosen" id="{id}_chosen">{boxes}</div>'
            '<input type="search" class="form-control form-control-sm mt-1" id="{id}" name="q" autocomplete="off" '
            'placeholder="{placeholder}" aria-label="{placeholder}" hx-get="{url}" '
            'hx-trigger="input changed delay:300ms, search" hx-target="#{id}_results" hx-vals=\'{{"field": "{name}"}}\'>'
            '<div class="search-pick-results mt-1" id="{id}_results" aria-live="polite"></div></div>',
            name=name, id=field_id, boxes=boxes, placeholder=self.placeholder, url=self.search_url)


def pick_box_html(name, field_id):
    """The format of one box for format_html_join; its arguments are (pk, label, "checked" or "").
    `name` and `field_id` are identifiers (checked by the callers), so they carry no markup or braces."""
    return ('<div class="form-check"><input class="form-check-input" type="checkbox" name="' + name + '" value="{0}" '
            'id="' + field_id + '_{0}" {2}><label class="form-check-label" for="' + field_id + '_{0}">{1}</label></div>')


class SearchPickView(LoginRequiredMixin, generic.View):
    """Up to RESULTS visible rows matching ?q=, as unticked boxes named after ?field= (nothing for an empty q)."""

    model = None
    permission_required = ()

    def search(self, queryset, q):
        raise NotImplementedError

    def label(self, obj):
        return str(obj)

    def get(self, request):
        q = request.GET.get("q", "").replace("\x00", "").strip()[:50]
        name = request.GET.get("field", "")
        if not name.isidentifier():
            name = "picked"
        if self.permission_required and not request.user.has_perms(self.permission_required):
            return HttpResponse("", status=403)
        if not q:
            response = HttpResponse("")
        else:
            rows = list(self.search(self.model.objects.visible_to(request.user), q)[:RESULTS])
            html = format_html_join("", pick_box_html(name, f"id_{name}_found"),
                                    ((obj.pk, self.label(obj), "") for obj in rows))
            if not rows:
                html = format_html('<div class="small text-muted">没有找到“{}”。只能选择本辖区的记录。</div>', q)
            response = HttpResponse(html)
        response["Vary"] = "HX-Request"
        return response
