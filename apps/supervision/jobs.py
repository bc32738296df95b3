"""Background work of the supervision app, on the one job runner (apps/core/jobs.py)."""

from apps.core.jobs import job_kind

from .models import AnnualReport


@job_kind("supervision.draft_reports", "年度总结评估报告起草")
def draft_reports_job(job):
    import datetime

    from .reports import draft_reports, regions_reporting

    kind, year = job.params["kind"], int(job.params["year"])
    due_on = datetime.date.fromisoformat(job.params["due_on"]) if job.params.get("due_on") else None
    job.update_progress(0, regions_reporting(kind).count())
    created = draft_reports(kind, year, progress=lambda done: job.update_progress(done), due_on=due_on)
    label = AnnualReport.Kind(kind).label
    if not created:
        return f"{year}年{label}此前已全部起草，本次未新增。"
    return f"已起草 {created:,} 份{year}年{label}，各地可补充文字部分后报送。"
