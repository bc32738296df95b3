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

ROOT = Path(__file__).resolve().parent.parent
BENCHES = sorted(p.stem.removeprefix("bench_") for p in (ROOT / "bench").glob("bench_*.py"))


@pytest.mark.django_db  # so that the test database exists (it is copied; this test's session on it is closed)
def test_every_benchmark_runs_at_a_tiny_scale(database_copy, tmp_path):
    env = dict(os.environ, BENCH_SCALE="200", BENCH_DATABASE_URL=database_copy("benchsmoke"), DEMO_MODE="1",
               MEDIA_ROOT=str(tmp_path / "media"), PYTHONWARNINGS="ignore")
    result = subprocess.run([sys.executable, "bench/run.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=1500)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    for name in BENCHES:
        assert f"===== bench: {name} =====" in result.stdout
    # the stations benchmark reached its import through the engine and printed its figures
    assert "导入 1 行：检查" in result.stdout
    assert "企业 200 家" in result.stdout
