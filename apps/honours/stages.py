"""The stages of a selection round, as data (after Hypha's workflow definitions): one `StageSpec` per stage,
in order, says everything the portal knows about it — its value and label, the badge's tone, the round's
deadline field that closes it, the steps it opens (on applications, experts' scores, the round itself),
whether city quotas may still be edited, the line of the round page's stage list and the rows it puts on
home pages ("what waits for whom").

Everything else is generated from `STAGES`, read at call time: the `stage` field's choices
(`SelectionRound.Stage` and `stage_choices`), `SelectionRound.deadline_of`, the round form's deadline fields
and their order check, the stage list on the round page, the home page's waiting rows and the workflow
guards (`stage_guard`, `check_open`). Who may take each opened step (kind, role, level) stays in the workflow
tables (apps/honours/workflow.py), which the home rows consult through `Workflow.takes` and the stage list
through `actors` (who acts in a stage); every active user may view a round in any stage, and only quotas are
edited after the round opens (`quota_editable`).

Adding a stage: the checklist is docs/development/adding-a-stage.md.

This module imports no model, so models.py can build its choices from it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from apps.core.workflow import WorkflowError


@dataclass(frozen=True)
class Waiting:
    """A home-page row: applications in `status` wait for whoever takes `step` of workflow `workflow`."""

    status: str
    workflow: str  # a registered workflow's name, "honours.application"
    step: str
    words: str  # what the row says, "待县级推荐"


@dataclass(frozen=True)
class StageSpec:
    value: str  # stored in SelectionRound.stage: never change an existing one
    label: str
    tone: str = "secondary"  # the badge colour
    deadline: str = ""  # the SelectionRound date field closing the stage ("" = none)
    deadline_in_form: bool = True  # the round form asks for it (False: a step computes it, as 公示 ends)
    opens: tuple = ()  # steps taken in this stage: application transitions, "apply", "assign", "score"
    quota_editable: bool = False  # whether province staff may still change the cities' quotas
    listed: bool = True  # shown in the round page's stage list
    note: Callable | None = None  # (round, naming) -> what the stage list adds after the label
    waiting: tuple = ()  # Waiting rows for home pages
    extra: dict = field(default_factory=dict)


def _expert_note(round_, naming):
    return f"（{'去掉最高分和最低分后' if round_.drop_extremes else ''}取平均分）"


def _publicity_note(round_, naming):
    period = (f"（{round_.publicity_start:%Y-%m-%d} 至 {round_.publicity_end:%Y-%m-%d}）"
              if round_.publicity_start and round_.publicity_end else "")
    return f" {round_.publicity_days} 个工作日{period}"


def _named_note(round_, naming):
    return f"：{naming.doc_number}，{naming.named_on:%Y-%m-%d}" if naming else ""


STAGES = [
    StageSpec("draft", "筹备中", "secondary", quota_editable=True, listed=False),
    StageSpec("applying", "申报", "info", deadline="apply_deadline", opens=("apply",), quota_editable=True),
    StageSpec("recommending", "县级推荐", "info", deadline="recommend_deadline",
              opens=("recommend", "not_recommend"), quota_editable=True,
              note=lambda r, n: "（省直管市、林区由市级推荐）",
              waiting=(Waiting("submitted", "honours.application", "recommend", "待县级推荐"),)),
    StageSpec("city_review", "市级审核", "info", deadline="city_review_deadline",
              opens=("approve", "reserve", "reject"), note=lambda r, n: "（名额内排序，可列候补）",
              waiting=(Waiting("recommended", "honours.application", "approve", "待市级审核"),)),
    StageSpec("expert_review", "专家评审", "warning", deadline="expert_deadline", opens=("assign", "score"),
              note=_expert_note,
              waiting=(Waiting("approved", "honours.round", "close_expert_review", "待分配专家、评分"),)),
    StageSpec("deciding", "省级审定", "warning", deadline="decision_deadline", opens=("select", "not_select"),
              waiting=(Waiting("approved", "honours.application", "select", "待省级审定"),)),
    StageSpec("publicity", "公示", "primary", deadline="publicity_end", deadline_in_form=False,
              opens=("withdraw", "promote"), note=_publicity_note),
    StageSpec("named", "已命名", "success", note=_named_note, extra={"list_label": "命名"}),
]


# ---------------------------------------------------------------- reading the spec


def spec(value):
    for s in STAGES:
        if s.value == value:
            return s
    return None


def stage_choices():
    """The stage field's choices (a callable, so a stage added to STAGES is a choice at once)."""
    return [(s.value, s.label) for s in STAGES]


def label_of(value):
    s = spec(value)
    return s.label if s else (value or "（空）")


def tone_of(value):
    s = spec(value)
    return s.tone if s else "secondary"


def deadline_of(round_, value):
    s = spec(value)
    return getattr(round_, s.deadline) if s and s.deadline else None


def stage_opening(step):
    """The stage in which `step` is taken (each step is opened by exactly one stage), or None."""
    found = [s for s in STAGES if step in s.opens]
    return found[0] if len(found) == 1 else None


def stages_opening(step):
    return [s.value for s in STAGES if step in s.opens]


def is_open(round_, step):
    """Whether the round's current stage opens `step` (the deadline is not consulted)."""
    s = spec(round_.stage)
    return bool(s and step in s.opens)


def form_deadlines():
    """The deadline fields the round form asks for, in stage order."""
    return [s.deadline for s in STAGES if s.deadline and s.deadline_in_form]


def deadline_order_problem(data):
    """The round form's check: every entered deadline falls on or after the one of the stage before it."""
    entered = [s for s in STAGES if s.deadline and s.deadline_in_form]
    dates = [data.get(s.deadline) for s in entered]
    if all(dates) and any(a > b for a, b in zip(dates, dates[1:], strict=False)):
        return "各阶段截止日期须依次排列：" + " ≤ ".join(s.label for s in entered) + "。"
    return ""


def actors(value):
    """Who acts in a stage, read from the workflow table of the application steps it opens ("县（市、区）级、
    市（州）级三方办"); "" when it opens none."""
    from apps.core.workflow import LEVEL_WORDS

    from .workflow import ApplicationWorkflow

    s = spec(value)
    names = {t.name: t for t in ApplicationWorkflow.transitions}
    levels = []
    for step in (s.opens if s else ()):
        for level in getattr(names.get(step), "levels", ()):
            if level not in levels:
                levels.append(level)
    return "、".join(LEVEL_WORDS[lv] for lv in levels) + "三方办" if levels else ""


def stage_list(round_, naming=None):
    """The round page's stage list: label, note, deadline, who acts and whether it is the current stage."""
    rows = []
    for s in STAGES:
        if not s.listed:
            continue
        deadline = getattr(round_, s.deadline) if s.deadline and s.deadline_in_form else None
        rows.append({"value": s.value, "label": s.extra.get("list_label", s.label),
                     "note": s.note(round_, naming) if s.note else "", "deadline": deadline,
                     "actors": actors(s.value),
                     "current": round_.stage == s.value})
    return rows


def waiting_rows():
    """(stage value, Waiting) for every home-page row the stages declare."""
    return [(s.value, w) for s in STAGES for w in s.waiting]


def check_open(round_, step, refusal="不能办理", late=""):
    """Refuse `step` unless the round's stage opens it and that stage's deadline has not passed.

    `refusal` ends the sentence for the wrong stage ("不接受申报", "不能评分"); `late` is the sentence after the
    deadline, with {deadline} ("申报已于 {deadline} 截止，不能再申报。")."""
    from django.utils import timezone

    s = spec(round_.stage)
    if not s or step not in s.opens:
        opening = stage_opening(step)
        where = f"，不在“{opening.label}”阶段" if opening else ""
        raise WorkflowError(f"本次活动当前处于“{label_of(round_.stage)}”阶段{where}，{refusal}。")
    deadline = deadline_of(round_, s.value)
    if deadline and timezone.localdate() > deadline:
        raise WorkflowError((late or "“{label}”已于 {deadline} 截止，不能再办理。").format(
            label=s.label, deadline=f"{deadline:%Y-%m-%d}"))
