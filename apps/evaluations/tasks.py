"""Long work of the evaluations app: Excel export of the filtered assessment list."""

import io

from celery import shared_task
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.utils import timezone

HEADERS = ["创建主体", "主体类型", "所在区划", "年度", "评估类型", "第三方机构", "状态", "自评得分", "最终得分", "等级",
           "一票否决", "提交时间", "结论时间"]


@shared_task
def export_assessments(job_id):
    from apps.core.models import BackgroundJob
    from apps.core.spreadsheets import write_workbook

    from .filters import AssessmentFilter
    from .models import Assessment

    job = BackgroundJob.objects.select_related("owner__office__region").get(pk=job_id)
    job.update_progress(0)
    try:
        queryset = Assessment.objects.visible_to(job.owner).select_related("subject", "region", "agency")
        rows = AssessmentFilter(QueryDict(job.params.get("query", "")), queryset=queryset).qs.order_by("region__code",
                                                                                                        "pk")
        job.update_progress(0, total=rows.count())
        local = timezone.localtime
        cells = ([a.subject.name, a.subject.get_kind_display(), a.region.full_name, a.year, a.get_kind_display(),
                  a.agency.name if a.agency else "", a.get_status_display(),
                  float(a.self_total) if a.self_total is not None else None,
                  float(a.final_total) if a.final_total is not None else None, a.grade,
                  "是" if a.veto_failed else "否",
                  local(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
                  local(a.concluded_at).strftime("%Y-%m-%d %H:%M") if a.concluded_at else ""]
                 for a in rows.iterator(chunk_size=2000))
        out = io.BytesIO()
        write_workbook([("评估表", HEADERS, cells)], out, every=5000,
                       progress=job.update_progress)
        job.result_file.save(job.params.get("filename", "assessments.xlsx"), ContentFile(out.getvalue()), save=False)
        job.status, job.progress, job.finished_at = BackgroundJob.Status.DONE, job.total, timezone.now()
        job.message = f"已导出 {job.total} 份评估表。"
    except Exception as exc:  # noqa: BLE001 - the user sees why the job failed
        job.status, job.message, job.finished_at = BackgroundJob.Status.FAILED, f"导出失败：{exc}", timezone.now()
    job.save()
    return job.pk
