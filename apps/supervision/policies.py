"""Who may do what in supervision: reports, work plans, bulletins (apps/core/policy.py)."""

from apps.core.policy import Policy, register_policy

from .models import AnnualReport, Bulletin, Meeting, WorkPlan

ABOVE_TOWNSHIP = ("province", "city", "county")


@register_policy
class AnnualReportPolicy(Policy):
    """The province office drafts every office's annual report (可起草全省年度总结评估报告)."""

    model = AnnualReport
    levels = {"draft": ("province",)}
    # a report is edited (its text, its figures recomputed) only by the area's own office, while a draft or returned
    states = {"edit": AnnualReport.EDITABLE}
    owners = {"edit": "region_id"}


@register_policy
class MeetingPolicy(Policy):
    """A meeting's follow-up actions are added by the office that held it."""

    model = Meeting
    permissions = {"follow_up": "supervision.add_followupaction"}
    owners = {"follow_up": "region_id"}


@register_policy
class WorkPlanPolicy(Policy):
    """Work plans are filed by the province, city and county offices (townships have none)."""

    model = WorkPlan
    levels = {"add": ABOVE_TOWNSHIP}


@register_policy
class BulletinPolicy(Policy):
    model = Bulletin
