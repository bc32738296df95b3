# The README's two commands: `make run` and `make test`. Both install what they need first.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Debian packages: WeasyPrint's Pango and HarfBuzz, the CJK fonts for PDFs; pdftotext and chromium for tests.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
TEST_DEBS := $(RUN_DEBS) poppler-utils chromium
# the cluster test (tests/operations/test_cluster.py): nginx in front, socat relays, network namespaces
CLUSTER_DEBS := nginx-light socat iproute2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test cluster-test lint docs bench drill backup restore loadtest install run-debs test-debs cluster-debs clean-data

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q ".[test]"
	@touch $(STAMP)

install: $(STAMP)

run-debs:
	@dpkg -s $(RUN_DEBS) >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(RUN_DEBS) >/dev/null; } || \
		echo "提示：请以 root 安装 $(RUN_DEBS)（PDF 需要）"

test-debs:
	@dpkg -s $(TEST_DEBS) >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_DEBS) >/dev/null; } || \
		echo "提示：请以 root 安装 $(TEST_DEBS)（测试需要）"

## make run: the whole portal (web + Celery worker + beat) with demo data, on http://127.0.0.1:8000/
run: install run-debs
	DEMO_MODE=$${DEMO_MODE:-1} $(BIN)/python -m config.services run

## make test: the whole suite against a real PostgreSQL and Redis (embedded unless DATABASE_URL/REDIS_URL),
## on TEST_WORKERS pytest-xdist workers (each its own test database and Redis key prefix), test by test but for
## the tests marked with one xdist_group (tests/core/test_demo_data.py: one worker builds the demo, once)
# three workers on two cores: the tests wait on PostgreSQL, a browser or a worker much of the time (measured:
# 1,025 tests in 4:42 on three, 4:56 on two, on this 2-core machine)
TEST_WORKERS ?= 3
test: install test-debs
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	DEMO_MODE=1 $(BIN)/python -m config.services exec -- $(BIN)/python -m pytest -q -n $(TEST_WORKERS) \
		--dist loadgroup $(PYTEST_ARGS)

cluster-debs:
	@dpkg -s $(CLUSTER_DEBS) >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(CLUSTER_DEBS) >/dev/null; } || \
		echo "提示：请以 root 安装 $(CLUSTER_DEBS)（集群测试需要）"

## make cluster-test: two web nodes, two workers and a beat in their own network namespaces behind nginx (root)
cluster-test: install test-debs cluster-debs
	DEMO_MODE=1 CLUSTER_TEST=1 $(BIN)/python -m config.services exec -- \
		$(BIN)/python -m pytest -q -p no:randomly tests/operations/test_cluster.py -rs $(PYTEST_ARGS)

## make lint: ruff, then the app layering contracts of pyproject.toml ([tool.importlinter]) with import-linter
lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

## make docs: the documentation site (mkdocs.yml, docs/) into var/site/, offline (no CDN, no web fonts); the
## workflow diagrams and the figure list are written from the registries first (tools/docs_pages.py)
docs: install
	DEMO_MODE=1 $(BIN)/python tools/docs_pages.py
	$(BIN)/mkdocs build --strict --site-dir var/site

## make bench: the benchmarks in bench/ (fills a separate database; takes several minutes)
bench: install
	$(BIN)/python -m config.services exec -- $(BIN)/python bench/run.py $(BENCH_ARGS)

## make drill: the fault drill (slow clients, Redis down, killed workers, failed PDF) against the real processes
drill: install run-debs
	$(BIN)/python -m config.services exec -- $(BIN)/python tools/drill.py

## make loadtest: the peak-week locust scenario on 127.0.0.1 (LOADTEST_USERS=300 LOADTEST_TIME=10m BENCH_SCALE=200000)
loadtest: install run-debs
	$(BIN)/python -m config.services exec -- $(BIN)/python tools/loadtest.py

## make backup: the database (pg_dump) and the uploaded files into var/backups/<time>/ (the field key is not in it)
backup: install
	$(BIN)/python -m config.services exec -- $(BIN)/python tools/backup.py backup

## make restore BACKUP=var/backups/<time>: load a backup, then compare row counts and file checksums
restore: install
	@test -n "$(BACKUP)" || { echo "用法：make restore BACKUP=var/backups/<时间>"; exit 2; }
	$(BIN)/python -m config.services exec -- $(BIN)/python tools/backup.py restore $(BACKUP)

clean-data:
	rm -rf var/
