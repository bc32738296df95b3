"""Every benchmark of bench/ runs once, at a tiny BENCH_SCALE, on a fresh copy of the test database.

A benchmark nobody runs rots (the stations benchmark called the import check with a file object the engine no
longer took, and neither it nor the supervision benchmark after it ran). This runs `bench/run.py` as `make bench`
does, with 200 enterprises instead of 200,000 and every page timed once: it must finish and print every
benchmark's figures.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCHES = sorted(p.stem.removeprefix("bench_") for p in (ROOT / "bench").glob("bench_*.py"))


# the benchmarks in parts that run side by side on the pytest-xdist workers, about equally long (each part pays
# for its own start and data); every benchmark is in one part
PARTS = [["documents", "dashboards", "api", "coordinators", "enterprises", "stations"],
         ["honours", "recognition", "evaluations", "scale", "supervision", "uploads"]]


def test_the_parts_hold_every_benchmark_once():
    assert sorted(name for part in PARTS for name in part) == BENCHES


@pytest.mark.parametrize("part", range(len(PARTS)))
@pytest.mark.django_db  # so that the test database exists (it is copied; this test's session on it is closed)
def test_every_benchmark_runs_at_a_tiny_scale(database_copy, tmp_path, part):
    names = PARTS[part]
    url = database_copy(f"benchsmoke{part}")
    # the scale benchmark measures in a database of each size's own, `<its base>_bench_<size>`: here a migrated
    # copy too, dropped afterwards, rather than one created and migrated anew and left behind
    database_copy(f"benchsmoke{part}_bench_200")
    env = dict(os.environ, BENCH_SCALE="200", BENCH_DATABASE_URL=url, BENCH_BASE_DATABASE_URL=url, DEMO_MODE="1",
               MEDIA_ROOT=str(tmp_path / "media"), PYTHONWARNINGS="ignore")
    result = subprocess.run([sys.executable, "bench/run.py", *names], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=1500)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    for name in names:
        assert f"===== bench: {name} =====" in result.stdout
    if "stations" in names:
        # the stations benchmark reached its import through the engine and printed its figures
        assert "导入 1 行：检查" in result.stdout
    if "api" in names:
        assert "企业 200 家" in result.stdout
