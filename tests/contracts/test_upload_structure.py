"""The one upload validator checks a file's structure, not only its first bytes, for every upload field."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.attachments import check_upload
from tests import samples

FAKE_PDF = b"%PDF-1.7\n<html><body>not a document</body></html>\n"


def docx_bomb():
    """A docx-shaped zip whose one part unpacks to 1 GB (a few MB on the wire would be the same)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w/>")
    data = bytearray(out.getvalue())
    # declare the part as 1 GB in the central directory and its local header: what a bomb declares
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("word/document.xml")
    central = data.rfind(b"PK\x01\x02")  # the last central entry: word/document.xml
    data[central + 24:central + 28] = (1 << 30).to_bytes(4, "little")
    data[info.header_offset + 22:info.header_offset + 26] = (1 << 30).to_bytes(4, "little")
    return bytes(data)


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("材料.pdf", FAKE_PDF, "不是有效的 PDF"),
    ("制度.docx", docx_bomb(), "解压后超过"),
    ("照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "不是有效的 PNG"),
])
def test_a_file_that_only_starts_like_its_type_is_refused(name, content, reason):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content))
    assert reason in refused.value.messages[0]


def test_real_files_pass():
    assert check_upload(SimpleUploadedFile("材料.pdf", samples.PDF)) == "pdf"
    assert check_upload(SimpleUploadedFile("照片.png", samples.png_bytes())) == "png"


@pytest.mark.django_db
def test_every_upload_field_refuses_the_fake_pdf():
    from apps.honours.forms import ApplicationForm, checked_file
    from apps.recognition.forms import AttachmentForm

    form = AttachmentForm({}, {"file": SimpleUploadedFile("推荐表.pdf", FAKE_PDF)})
    assert not form.is_valid() and "不是有效的 PDF" in form.errors["file"][0]
    with pytest.raises(ValidationError, match="不是有效的 PDF"):
        checked_file(SimpleUploadedFile("承诺书.pdf", FAKE_PDF), allowed={"pdf", "png", "jpg"})
    with pytest.raises(ValidationError, match="不是有效的 Word"):
        checked_file(SimpleUploadedFile("异议.docx", docx_bomb()))
    assert ApplicationForm.clean_commitment  # the commitment goes through checked_file as well
