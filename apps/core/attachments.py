"""The one validator of an uploaded attachment (evidence, commitments, objections, minutes, plans, materials).

Every upload field of every app calls `check_upload(upload, allowed=…)`. It refuses, with a Chinese message:
a file too large or empty, a name whose type is not allowed, content that is not what the name says (magic
bytes), and content that only starts like the type: a PDF must parse (pypdf) and have a page, an image must
decode its header within a pixel bound (Pillow), an Office file (docx, xlsx) must be a zip whose declared parts
stay bounded — a docx that unpacks to a gigabyte is a zip bomb, not evidence. Spreadsheets uploaded for import
go through the import engine's reader (apps/core/uploads.py), which applies the same bound to the zip.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

TYPES = {"pdf": "PDF", "jpg": "JPG 图片", "png": "PNG 图片", "doc": "Word 文档", "docx": "Word 文档",
         "xlsx": "Excel 表格"}
EXTENSIONS = {"pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "png": "png", "doc": "doc", "docx": "docx", "xlsx": "xlsx"}
DEFAULT_TYPES = ("pdf", "jpg", "png", "docx", "xlsx")
MAX_OOXML_UNCOMPRESSED = 100 * 1024 * 1024  # an Office file's parts once unzipped
MAX_OOXML_PARTS = 5000
MAX_OOXML_RATIO = 200                       # a part inflating more than this is a bomb, not a document
MAX_PIXELS = 80_000_000                     # a scan at 600 dpi of an A3 page is under 70 million


def max_upload_bytes():
    return int(getattr(settings, "EVALUATION_EVIDENCE_MAX_MB", 10)) * 1024 * 1024


def sniff_type(head, fileobj=None):
    """The file's real type from its content (magic bytes; Office files by their zip parts)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith(b"PK\x03\x04") and fileobj is not None:
        try:
            fileobj.seek(0)
            names = set(zipfile.ZipFile(fileobj).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            fileobj.seek(0)
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def ooxml_problem(archive, limit=MAX_OOXML_UNCOMPRESSED):
    """Why a zip's declared parts are not those of a normal document ("" when they are)."""
    infos = archive.infolist()
    if len(infos) > MAX_OOXML_PARTS:
        return f"压缩包内有 {len(infos):,} 个部件"
    total = sum(info.file_size for info in infos)
    if total > limit:
        return f"解压后超过 {limit // 1024 // 1024} MB"
    if any(info.file_size > 1024 * 1024 and info.file_size > MAX_OOXML_RATIO * max(info.compress_size, 1)
           for info in infos):
        return "含有压缩比异常的部件"
    return ""


def _structure_problem(kind, fileobj):
    fileobj.seek(0)
    try:
        if kind == "pdf":
            from pypdf import PdfReader

            if len(PdfReader(fileobj, strict=False).pages) < 1:
                return "没有页面"
        elif kind in ("jpg", "png"):
            from PIL import Image

            with Image.open(fileobj) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    return f"图片尺寸 {width}×{height} 过大"
                image.verify()
        elif kind in ("docx", "xlsx"):
            return ooxml_problem(zipfile.ZipFile(fileobj))
    except Exception:  # noqa: BLE001 - whatever the parser trips on, the file is not a valid document
        return "无法解析"
    finally:
        fileobj.seek(0)
    return ""


def check_upload(upload, allowed=DEFAULT_TYPES, max_bytes=None):
    """Refuse a file that is too large or empty, not of an allowed type, whose content does not match its
    name, or whose structure is not that of a real file of its type. Returns the type ("pdf", "docx", …)."""
    limit = max_bytes or max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(f"文件“{upload.name}”大小 {upload.size / 1048576:.1f} MB，超过 {limit // 1048576} MB 的上限。")
    if upload.size == 0:
        raise ValidationError(f"文件“{upload.name}”是空文件。")
    ext = EXTENSIONS.get(upload.name.rsplit(".", 1)[-1].lower()) if "." in upload.name else None
    words = "、".join(dict.fromkeys(TYPES[t] for t in allowed))
    if ext not in allowed:
        raise ValidationError(f"文件“{upload.name}”的类型不受支持，只能上传 {words}。")
    fileobj = upload.file if hasattr(upload, "file") else upload
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    real = sniff_type(head, fileobj)
    if real != ext:
        raise ValidationError(f"文件“{upload.name}”的内容与扩展名不符（不是有效的 {TYPES[ext]}），请上传原始文件。")
    problem = _structure_problem(real, fileobj)
    if problem:
        raise ValidationError(f"文件“{upload.name}”不是有效的 {TYPES[ext]}（{problem}），请上传原始文件。")
    return real
