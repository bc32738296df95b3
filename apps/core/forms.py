from django import forms

from . import uploads


class ImportForm(forms.Form):
    """The upload of every import: the type and size are checked here, the content by the engine."""

    file = forms.FileField(label="Excel 或 CSV 文件", error_messages={
        "empty": "文件是空的，请使用下载的模板填写后上传。", "required": "请选择要上传的文件。"},
        help_text="请使用下载的导入模板填写，第一行为表头。支持 .xlsx、.xls 和 .csv（UTF-8 或 GBK），不超过 20 MB。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx,.xls,.csv"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            uploads.kind_of(upload.name)
        except uploads.UploadError as exc:
            raise forms.ValidationError(str(exc)) from None
        if upload.size > uploads.MAX_BYTES:
            raise forms.ValidationError(f"文件超过 {uploads.MAX_BYTES // 1024 // 1024} MB，请拆分后分批导入。")
        return upload
