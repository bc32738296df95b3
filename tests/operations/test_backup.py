"""`make backup` / `make restore`: a round trip gives back every table's rows and every uploaded file."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(args, database_url, media):
    env = dict(os.environ, DATABASE_URL=database_url, MEDIA_ROOT=str(media))
    return subprocess.run([sys.executable, "tools/backup.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=600)


def _counts(url):
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _sums(root):
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


@pytest.mark.django_db
def test_backup_then_restore_gives_back_every_row_and_file(database_copy, tmp_path):
    source = database_copy("backupsrc")
    media = tmp_path / "media"
    (media / "evidence" / "2026").mkdir(parents=True)
    (media / "evidence" / "2026" / "佐证材料.pdf").write_bytes(b"%PDF-1.4 " + os.urandom(2048))
    (media / "documents").mkdir()
    (media / "documents" / "notice-1.pdf").write_bytes(b"%PDF-1.4 notice")

    made = _run(["backup", "--out", str(tmp_path / "backup")], source, media)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "FIELD_ENCRYPTION_KEY" in made.stdout and "不在备份中" in made.stdout

    target, restored_media = database_copy("backupdst", empty=True), tmp_path / "restored"
    back = _run(["restore", str(tmp_path / "backup")], target, restored_media)
    assert back.returncode == 0, back.stdout + back.stderr
    assert "表行数一致" in back.stdout and "2 个文件校验和一致" in back.stdout
    expected = _counts(source)
    assert expected["regions_region"] > 1000
    assert _counts(target) == expected
    assert _sums(restored_media) == _sums(media)


def test_restore_refuses_a_directory_that_is_not_a_backup(tmp_path):
    result = _run(["restore", str(tmp_path)], "postgresql://nobody@127.0.0.1:1/none", tmp_path / "media")
    assert result.returncode != 0 and "不是备份目录" in result.stderr
