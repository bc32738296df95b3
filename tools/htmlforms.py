"""The fields of a page's forms as a browser submits them (the load test's users fill in what the pages offer;
tests/operations/test_loadtest_forms.py posts the same back with CSRF checks on)."""

from html.parser import HTMLParser


class FormFields(HTMLParser):
    """The fields of every <form method=post> of a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.forms, self.fields, self.in_form, self.select, self.textarea = [], [], False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.in_form, self.fields = True, []
        if not self.in_form:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value") or ("on" if a.get("type") == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], None, None]
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select[2] is None:
                self.select[2] = value
            if "selected" in a:
                self.select[1] = value
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
            self.forms.append(self.fields)
        elif tag == "select" and self.select is not None:
            name, chosen, first = self.select
            self.fields.append((name, chosen if chosen is not None else (first or "")))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None


def form_of(html):
    """The page's main form (the post form with the most fields: not the header's log-out button)."""
    parser = FormFields()
    parser.feed(html)
    return max(parser.forms, key=len, default=[])
