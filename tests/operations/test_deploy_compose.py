"""docker-compose.yml and the Dockerfile follow the cluster deployment (docs/deploy-cluster.md): nginx in front with
the same site configuration the cluster test runs, web/worker/beat restarted when they exit, secrets from .env
only, an image that does not run as root, and a health check against /healthz."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def test_web_worker_and_beat_come_back_after_they_exit(compose):
    services = compose["services"]
    for name in ("web", "worker", "beat", "nginx", "postgres", "redis"):
        assert services[name].get("restart") in ("always", "unless-stopped"), name
    assert services["migrate"]["restart"] == "no"
    beat = [n for n, s in services.items() if "beat" in s.get("command", [])]
    assert beat == ["beat"]  # exactly one scheduler


def test_no_secret_is_written_in_the_compose_file(compose):
    text = (BASE_DIR / "docker-compose.yml").read_text()
    assert "portal:portal@" not in text and not re.search(r"POSTGRES_PASSWORD:\s*portal\b", text)
    postgres = compose["services"]["postgres"]["environment"]
    assert postgres["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert "${POSTGRES_PASSWORD:?" in compose["services"]["web"]["environment"]["DATABASE_URL"]
    for name in ("web", "worker", "beat", "migrate"):
        assert compose["services"][name]["env_file"] == ".env"
    assert ".env" in (BASE_DIR / ".gitignore").read_text().split()


def test_the_image_runs_as_an_unprivileged_user():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert dockerfile.rfind("USER") > dockerfile.rfind("collectstatic")  # built as root, run as the user


def test_nginx_is_in_front_with_the_cluster_tests_configuration(compose):
    services = compose["services"]
    assert "ports" not in services["web"]  # only nginx is published
    assert services["nginx"]["ports"] == ["80:8080"]
    mounts = " ".join(services["nginx"]["volumes"])
    assert "./deploy/nginx/portal.conf:" in mounts and "./deploy/nginx/upstream-compose.conf:" in mounts
    upstream = (BASE_DIR / "deploy/nginx/upstream-compose.conf").read_text()
    assert "upstream portal_web" in upstream and "server web:8000" in upstream
    assert "tests/operations/test_cluster.py" in (BASE_DIR / "deploy/nginx/portal.conf").read_text()
    assert 'NGINX_CONF = BASE_DIR / "deploy" / "nginx" / "portal.conf"' in (BASE_DIR / "tests/operations/test_cluster.py").read_text()


def test_web_health_check_asks_healthz(compose):
    check = " ".join(compose["services"]["web"]["healthcheck"]["test"])
    assert "http://127.0.0.1:8000/healthz" in check
    assert compose["services"]["nginx"]["depends_on"]["web"]["condition"] == "service_healthy"


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx 未安装（make cluster-test 会安装）")
def test_nginx_accepts_the_site_configuration(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{}}
http {{
    upstream portal_web {{ server 127.0.0.1:8000; }}
    include {BASE_DIR}/deploy/nginx/portal.conf;
}}
""")
    result = subprocess.run(["nginx", "-t", "-c", str(conf)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
