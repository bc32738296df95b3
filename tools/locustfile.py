"""The peak week (DESIGN §6) as locust users; tools/loadtest.py prepares the accounts and runs this headless.

County clerks read their enterprise list and details and edit enterprise rows (each clerk edits only the rows
given to it, so that "the latest acknowledged value is in the database" is well defined); city and province
staff read lists, dashboards, coordinators and supervision. Every user logs in first (rate-limited by the
spawn rate) and thinks 3–12 s between clicks. Acknowledged edits are appended to LOADTEST_WRITES (one JSON line
each, and each edit sent before it) for the lost-write check.

On top of the staff: enterprise accounts fill in and submit their self-assessment with a real PDF as evidence for
every indicator that requires it (the satisfaction ballot's paper result is prepared by tools/loadtest.py, as the
county office records it), and a few county clerks import a 2,000-row enterprise file: upload, wait for the
check, confirm, wait for the rows to be written.
"""

import json
import os
import random
import re
import sys
import time
from itertools import count
from pathlib import Path
from urllib.parse import urlencode

from locust import FastHttpUser, HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent))
from htmlforms import form_of  # noqa: E402
from sample_files import pdf_bytes  # noqa: E402

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "Load@2026hb")
ACCOUNTS = json.loads(os.environ.get("LOADTEST_ACCOUNTS", "{}"))  # {"county": [[username, [enterprise ids]]], …}
WRITES = os.environ.get("LOADTEST_WRITES", "loadtest-writes.jsonl")
_next = {level: count() for level in ("county", "city", "province", "enterprise", "importer")}
# each importer's 2,000-row files, built by tools/loadtest.py before the run: building one here (openpyxl, about
# 0.25 s of CPU) held locust's event loop, and every answer arriving meanwhile was timed that much slower
IMPORT_FILES = os.environ.get("LOADTEST_IMPORT_FILES", "")


PDF = pdf_bytes()


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Browsing:
    """Log-in and reading, alike over either client: no request follows its redirect (a redirect to the log-in
    page is a lost session; a saved form answers 302), forms go url-encoded."""

    wait_time = between(3, 12)
    level = None

    def post_form(self, url, fields, **kwargs):
        return self.client.post(url, data=urlencode(fields), headers=FORM, allow_redirects=False, **kwargs)

    def on_start(self):
        accounts = ACCOUNTS[self.level]
        self.username, self.enterprises, *self.extra = accounts[next(_next[self.level]) % len(accounts)]
        fields = {}
        for _attempt in range(3):  # a log-in page that did not come (counted) is opened again, as a person would
            page = self.client.get("/login/", name="登录页")
            fields = dict(form_of(page.text)) if page.status_code == 200 else {}
            if fields.get("csrfmiddlewaretoken"):
                break
            time.sleep(3)
        fields.update(username=self.username, password=PASSWORD)
        with self.post_form("/login/", fields, name="登录", catch_response=True) as response:
            if response.status_code != 302 or "/login/" in ((response.headers or {}).get("Location") or ""):
                response.failure(f"登录失败（{response.status_code}）")

    def read(self, url, name):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            if "/login/" in ((response.headers or {}).get("Location") or ""):
                response.failure("会话丢失，被送回登录页")
            return response


class Staff(Browsing, FastHttpUser):
    """Office staff reading and editing: locust's cheaper client (geventhttpclient), so that the 300 users take
    little of the two cores the portal is measured on (tools/loadtest.py prints the client's CPU)."""

    abstract = True


class UploadingStaff(Browsing, HttpUser):
    """Users who upload files (multipart): locust's requests-based client."""

    abstract = True


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
        fields = form_of(page.text) if page.status_code == 200 else []
        if not fields:  # the page did not come (its failure is counted): a person has no form to send either;
            return  # posting nothing would be answered 403 (no CSRF token), an error of the test, not the portal
        value = random.randint(1, 99999)
        data = [(k, v) for k, v in fields if k != "employee_count"] + [("employee_count", str(value))]
        with open(WRITES, "a") as out:  # sent: saved or not, its answer may come after the run stops
            out.write(json.dumps({"enterprise": pk, "employee_count": value, "acknowledged": False}) + "\n")
        with self.post_form(f"/enterprises/{pk}/edit/", data, name="企业编辑保存", catch_response=True) as response:
            if response.status_code != 302:
                errors = re.findall(r'class="[^"]*(?:invalid-feedback|errorlist)[^"]*"[^>]*>([^<]+)', response.text)
                response.failure(f"保存未被接受（{response.status_code}）：{errors[:2]}")
                return
        with open(WRITES, "a") as out:  # acknowledged: the redirect after a saved form
            out.write(json.dumps({"enterprise": pk, "employee_count": value, "acknowledged": True}) + "\n")

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


class EnterpriseSelfAssessor(UploadingStaff):
    """An enterprise account: its self-assessment of the year, filled in with evidence and submitted once."""

    fixed_count = int(os.environ.get("LOADTEST_ENTERPRISES", "10"))
    level = "enterprise"
    submitted = False

    @task(1)
    def landing(self):
        self.read("/enterprises/mine/", "企业首页")

    @task(3)
    def self_assessment(self):
        if self.submitted:
            self.read("/evaluations/assessments/", "企业评估表列表")
            return
        landing = self.client.get("/enterprises/mine/", name="企业首页")
        token = dict(form_of(landing.text)).get("csrfmiddlewaretoken") if landing.status_code == 200 else None
        if not token:  # no page, no form (the failure is counted): as in enterprise_edit
            return
        start = self.client.post("/evaluations/assessments/start-self/", data={"csrfmiddlewaretoken": token},
                                 name="开始自评")
        match = re.search(r"/evaluations/assessments/(\d+)/fill/", start.url)
        if not match:
            return
        pk = match.group(1)
        rows = re.findall(r'<tr data-code="[^"]*">(.*?)</tr>', start.text, flags=re.S)
        files = [(f"files_{m.group(1)}", ("佐证材料.pdf", PDF, "application/pdf")) for row in rows
                 if "required-mark" in row and "bi-paperclip" not in row
                 for m in [re.search(r'name="files_(\d+)"', row)] if m]
        data = [(k, v) for k, v in form_of(start.text) if not k.startswith(("score_", "veto_", "then"))]
        data += [(f"score_{pk_}", "1") for pk_ in re.findall(r'name="score_(\d+)"', start.text)]
        data += [(f"veto_{pk_}", "no") for pk_ in re.findall(r'name="veto_(\d+)"', start.text)]
        data.append(("then", "submit"))
        with self.client.post(f"/evaluations/assessments/{pk}/fill/", data=data, files=files or None,
                              name="自评填报（含佐证 PDF）", catch_response=True, allow_redirects=False) as saved:
            if saved.status_code != 302:
                saved.failure(f"自评未保存（{saved.status_code}）")
                return
        detail = self.client.get(f"/evaluations/assessments/{pk}/", name="评估表详情")
        token = dict(form_of(detail.text)).get("csrfmiddlewaretoken", token)
        with self.client.post(f"/evaluations/assessments/{pk}/do/submit/", data={"csrfmiddlewaretoken": token},
                              name="自评提交", catch_response=True) as sent:
            if "已提交" not in sent.text:
                problems = re.findall(r"<li>([^<]{4,80})</li>", sent.text)
                sent.failure(f"自评未能提交：{problems[:2]}")
                return
        self.submitted = True


class CountyImporter(UploadingStaff):
    """A county clerk importing a 2,000-row enterprise file: upload, the check (a job), confirm, the write (a job)."""

    fixed_count = int(os.environ.get("LOADTEST_IMPORTERS", "2"))
    level = "importer"
    wait_time = between(30, 90)

    def on_start(self):
        super().on_start()
        self.files = (path.read_bytes() for path in sorted(Path(IMPORT_FILES).glob(f"{self.username}-*.xlsx")))

    def wait_for(self, url, name, done, seconds=300):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            page = self.client.get(url, name=name)
            if done(page.text):
                return page
            time.sleep(2)
        return None

    @task
    def import_file(self):
        form = self.client.get("/enterprises/import/", name="导入页")
        token = dict(form_of(form.text)).get("csrfmiddlewaretoken") if form.status_code == 200 else None
        if not token:  # no page, no form (the failure is counted): as in enterprise_edit
            return
        workbook = next(self.files, None)
        if workbook is None:  # every prepared file imported (a run longer than prepared for): nothing more to do
            return
        with self.client.post("/enterprises/import/", data={"csrfmiddlewaretoken": token}, name="导入上传（2,000 行）",
                              files={"file": ("企业导入.xlsx", workbook)}, allow_redirects=False,
                              catch_response=True) as sent:
            if sent.status_code != 302:
                sent.failure(f"导入文件未被接受（{sent.status_code}）")
                return
            preview_url = sent.headers["Location"]
        finished = 'data-testid="import-message"'
        preview = self.wait_for(preview_url, "导入预览（轮询）", lambda text: finished in text)
        if preview is None or "/confirm/" not in preview.text:
            reasons = re.findall(r"<td>第 \d+ 行</td><td>[^<]*</td><td>([^<]+)</td>", preview.text) if preview else []
            with self.client.get(preview_url, name="导入预览（轮询）", catch_response=True) as failed:
                failed.failure(f"导入校验未通过或超时：{reasons[:2]}")
            return
        token = dict(form_of(preview.text)).get("csrfmiddlewaretoken", token)
        confirm_url = preview_url.rstrip("/") + "/confirm/"
        with self.client.post(confirm_url, data={"csrfmiddlewaretoken": token}, name="导入确认",
                              allow_redirects=False, catch_response=True) as confirmed:
            if confirmed.status_code != 302:
                confirmed.failure(f"导入确认未被接受（{confirmed.status_code}）")
                return
        if self.wait_for(preview_url, "导入预览（轮询）", lambda text: finished in text and "alert-success" in text) is None:
            with self.client.get(preview_url, name="导入预览（轮询）", catch_response=True) as failed:
                failed.failure("导入写入超时")


class CityStaff(Reader):
    weight = 67
    level = "city"


class ProvinceStaff(Reader):
    weight = 33
    level = "province"


@events.quitting.add_listener
def _keep_exit_code(environment, **kwargs):
    environment.process_exit_code = 0  # failures are judged by tools/loadtest.py from the statistics
