from celery import shared_task


@shared_task(periodic=True)
def draft_annual_reports(year=None):
    """1 November (beat): draft every area's annual report of this year, as a job of a province leader who
    can follow it under 我的任务; a second run drafts nothing more."""
    from django.utils import timezone

    from apps.core.jobs import run_job
    from apps.core.models import BackgroundJob
    from apps.core.policy import users_with

    from .models import AnnualReport
    from .reports import draft_reports

    year = year or timezone.localdate().year
    owner = users_with("supervision.draft_annualreport", levels=["province"], unit="hrss").first()
    if owner is None:  # no province account yet: draft anyway
        return draft_reports(AnnualReport.Kind.ANNUAL, year)
    job = BackgroundJob.objects.create(owner=owner, kind="supervision.draft_reports",
                                       title=f"{year}年年度总结评估报告起草（11月1日定时）",
                                       params={"kind": AnnualReport.Kind.ANNUAL, "year": year})
    run_job(job.pk)
    return job.pk
