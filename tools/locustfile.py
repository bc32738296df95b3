"""The peak week (DESIGN §6) as locust users; tools/loadtest.py prepares the accounts and runs this headless.

County clerks read their enterprise list and details and edit enterprise rows (each clerk edits only the rows
given to it, so that "the latest acknowledged value is in the database" is well defined); city and province
staff read lists, dashboards, coordinators and supervision. Every user logs in first (rate-limited by the
spawn rate) and thinks 3–12 s between clicks. Acknowledged edits are appended to LOADTEST_WRITES (one JSON line
each) for the lost-write check.
"""

import json
import os
import random
import re
from html.parser import HTMLParser
from itertools import count

from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "Load@2026hb")
ACCOUNTS = json.loads(os.environ.get("LOADTEST_ACCOUNTS", "{}"))  # {"county": [[username, [enterprise ids]]], …}
WRITES = os.environ.get("LOADTEST_WRITES", "loadtest-writes.jsonl")
_next = {level: count() for level in ("county", "city", "province")}


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


class Staff(HttpUser):
    abstract = True
    wait_time = between(3, 12)
    level = None

    def on_start(self):
        accounts = ACCOUNTS[self.level]
        self.username, self.enterprises = accounts[next(_next[self.level]) % len(accounts)]
        page = self.client.get("/login/", name="登录页")
        fields = dict(form_of(page.text))
        fields.update(username=self.username, password=PASSWORD)
        with self.client.post("/login/", data=fields, name="登录", catch_response=True) as response:
            if "/login/" in response.url:
                response.failure("登录失败")

    def read(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as response:
            if "/login/" in response.url:
                response.failure("会话丢失，被送回登录页")


class CountyClerk(Staff):
    weight = 200
    level = "county"

    @task(4)
    def enterprise_list(self):
        self.read("/enterprises/", "企业台账列表")

    @task(2)
    def enterprise_search(self):
        self.read(f"/enterprises/?q={random.randint(1, 999)}号", "企业台账搜索")

    @task(4)
    def enterprise_detail(self):
        self.read(f"/enterprises/{random.choice(self.enterprises)}/", "企业详情")

    @task(2)
    def enterprise_edit(self):
        pk = random.choice(self.enterprises)
        page = self.client.get(f"/enterprises/{pk}/edit/", name="企业编辑页")
        fields = form_of(page.text)
        value = random.randint(1, 99999)
        data = [(k, v) for k, v in fields if k != "employee_count"] + [("employee_count", str(value))]
        with self.client.post(f"/enterprises/{pk}/edit/", data=data, name="企业编辑保存", catch_response=True,
                              allow_redirects=False) as response:
            if response.status_code != 302:
                errors = re.findall(r'class="[^"]*(?:invalid-feedback|errorlist)[^"]*"[^>]*>([^<]+)', response.text)
                response.failure(f"保存未被接受（{response.status_code}）：{errors[:2]}")
                return
        with open(WRITES, "a") as out:  # acknowledged: the redirect after a saved form
            out.write(json.dumps({"enterprise": pk, "employee_count": value}) + "\n")

    @task(1)
    def home(self):
        self.read("/", "首页")


class Reader(Staff):
    abstract = True

    @task(3)
    def enterprise_list(self):
        self.read("/enterprises/", "企业台账列表")

    @task(2)
    def home(self):
        self.read("/", "首页")

    @task(2)
    def dashboard(self):
        self.read("/dashboards/", "创建目标看板")

    @task(2)
    def coordinators(self):
        self.read("/coordinators/", "协调员台账")

    @task(2)
    def supervision(self):
        self.read("/supervision/", "任务督办看板")


class CityStaff(Reader):
    weight = 67
    level = "city"


class ProvinceStaff(Reader):
    weight = 33
    level = "province"


@events.quitting.add_listener
def _keep_exit_code(environment, **kwargs):
    environment.process_exit_code = 0  # failures are judged by tools/loadtest.py from the statistics
