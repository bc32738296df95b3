"""One workflow mechanism: each model declares its states and transitions in one table.

The stage table is the permission table (as in Hypha): a `Transition` says from which states it may be taken,
into which state it leads, who may take it (user kind, a role's permission, the level of the user's office,
anything else in `actor`), whether a reason is required, what must hold first (`guard`), what else it writes
(`effect`) and whom it tells (`notify`). `Workflow.perform` is the only way such a state changes, always in
this order:

    lock the row → scope (visible_to) → state → kind, role and level → guard → write → history with reason → notify

Steps no person takes by hand (kinds=[SYSTEM]: a daily job turning a title to 复核中, a naming turning its
applications to 已命名) go through `Workflow.perform_system` in the same order without the actor checks, so
they too leave history with their reason and tell whom their `notify` names; the history's user is the person
whose step caused them, or none (shown as 系统) for a job.

so no view checks a permission of its own and no two workflows behave differently. Views call
`workflow.perform(obj, "name", user, reason=...)` and turn a `WorkflowError` into a message; templates list
`workflow.available(obj, user)` as buttons. Every workflow is registered, so the contract tests walk all of
them (wrong state, no role, wrong level, another area) the day one is added.

    class StationAcceptance(Workflow):
        model = Station
        name = "stations.acceptance"
        state_field = "acceptance_status"
        transitions = [
            Transition("accept", "验收通过", sources=["pending"], target="passed",
                       permission="stations.accept_station", levels=["county"]),
        ]
    register(StationAcceptance)
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from . import notifying
from .scoping import is_visible

STAFF = "staff"
# the kind of a step no person takes by hand: a daily job's (no user: 系统 in history and the audit trail) or the
# consequence of a person's step (a naming names its applications); taken by `Workflow.perform_system` only
SYSTEM = "system"


class WorkflowError(Exception):
    """A refused step, with the reason in plain Chinese; nothing was changed."""

    def __init__(self, message, missing=()):
        super().__init__(message)
        self.message = message
        self.missing = list(missing)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple
    # the new state; a callable (obj, ctx) -> state for steps whose outcome is computed (a conclusion);
    # None for steps that record something without changing the state (progress notes)
    target: object = None
    kinds: tuple = (STAFF,)  # which kinds of user (User.Kind values) may take it
    permission: str = ""  # the role's permission, "app.codename"; "" for steps of enterprise/agency/expert users
    levels: tuple = ()  # region levels of the acting office ("province", "city", "county", "township"); () = any
    reason_required: bool = False
    # extra check of who may act: (obj, user) -> problem text or "" (an agency's own sheet, the assigned expert)
    actor: Callable | None = None
    # what must hold before the step: (obj, user, ctx) -> raises WorkflowError
    guard: Callable | None = None
    # what else the step writes, inside the same transaction: (obj, user, reason, ctx) -> a sentence for history
    effect: Callable | None = None
    # whom to tell: (obj, user, transition) -> users; the actor is never notified of their own step
    notify: Callable | None = None
    confirm: str = ""  # the question a confirmation page asks ("确认将该站点验收为通过？")
    style: str = "primary"  # the button's colour: primary, success, warning, danger, secondary

    def __post_init__(self):
        object.__setattr__(self, "sources", tuple(self.sources))
        object.__setattr__(self, "kinds", tuple(self.kinds))
        object.__setattr__(self, "levels", tuple(self.levels))


LEVEL_WORDS = {"province": "省级", "city": "市（州）级", "county": "县（市、区）级", "township": "乡镇（街道）级"}


class Workflow:
    """Subclass, set `model`, `name`, `state_field` and `transitions`, then `register()` it."""

    model = None
    name = ""  # "app.thing", unique
    label = ""  # what the workflow is, in Chinese ("服务站点验收")
    state_field = "status"
    transitions: list = []
    # hooks for the row itself: extra related rows to lock or load with it
    select_related: tuple = ()

    # ------------------------------------------------------------------ reading the table

    @classmethod
    def transition(cls, name):
        for t in cls.transitions:
            if t.name == name:
                return t
        raise WorkflowError("未知操作。")

    @classmethod
    def state_of(cls, obj):
        return getattr(obj, cls.state_field)

    @classmethod
    def state_label(cls, state):
        field_ = cls.model._meta.get_field(cls.state_field)
        return dict(field_.flatchoices).get(state, state or "（空）")

    @classmethod
    def states(cls):
        return [value for value, _ in cls.model._meta.get_field(cls.state_field).flatchoices]

    # what a refusal says when the row lies outside the user's area (a workflow may name its rows: "该评估表…")
    out_of_scope = "该记录不在您的管辖范围内。"

    @classmethod
    def state_problem(cls, obj, t, state):
        """What a refusal in the wrong state says (a workflow may add a hint; keep the words 当前状态)."""
        return f"当前状态为“{cls.state_label(state)}”，不能{t.label}。"

    @classmethod
    def level_problem(cls, obj, t):
        """What a refusal at the wrong level says."""
        return f"“{t.label}”由{'或'.join(LEVEL_WORDS[lv] for lv in t.levels)}三方办办理。"

    @classmethod
    def problem(cls, obj, t, user, check_state=True):
        """Why `user` may not take step `t` on `obj` now ("" when they may); the guard is not consulted.

        The order is the order of `perform`: scope, state, kind, role, level, actor. `check_state=False`
        asks only "is this user the one who takes this step" (a reviewer opening the review screen).
        """
        if not user or not user.is_authenticated or not user.is_active:
            return "请先登录。"
        if SYSTEM in t.kinds:
            return f"“{t.label}”由系统自动办理。"
        if not is_visible(user, obj):
            return cls.out_of_scope
        state = cls.state_of(obj)
        if check_state and state not in t.sources:
            return cls.state_problem(obj, t, state)
        if user.kind not in t.kinds:
            return f"您的账号类型不能{t.label}。"
        if t.permission and not user.has_perm(t.permission):
            return f"您没有“{t.label}”的权限。"
        if t.levels:
            level = user.region.level if getattr(user, "office_id", None) else None
            if level not in t.levels:
                return cls.level_problem(obj, t)
        if t.actor:
            return t.actor(obj, user) or ""
        return ""

    @classmethod
    def takes(cls, user, t):
        """Whether `user` is one who takes step `t` at all (kind, role, level; no row, state or guard):
        what a home page's "waiting for you" list asks."""
        if not user or not user.is_authenticated or not user.is_active or user.kind not in t.kinds:
            return False
        if t.permission and not user.has_perm(t.permission):
            return False
        level = user.region.level if getattr(user, "office_id", None) else None
        return not t.levels or level in t.levels

    @classmethod
    def available(cls, obj, user):
        """The steps this user may take on `obj` now (for buttons); guards are checked when performed."""
        return [t for t in cls.transitions if not cls.problem(obj, t, user)]

    # ------------------------------------------------------------------ taking a step

    @classmethod
    def perform(cls, obj, name, user, reason="", **ctx):
        """Take step `name` on `obj` as `user`. Returns the saved row; raises WorkflowError (nothing changed)."""
        return cls._perform(obj, cls.transition(name), user, reason, ctx, by_person=True)

    @classmethod
    def perform_system(cls, obj, name, reason="", by=None, **ctx):
        """Take a system step (kinds=[SYSTEM]): a daily job's (`by=None`, shown as 系统 in history and audit) or
        the consequence of a person's step (`by` = that person, as history's user). Only the state and the
        step's guard are checked: whoever may take the step that causes it has been checked already."""
        t = cls.transition(name)
        if SYSTEM not in t.kinds:
            raise WorkflowError(f"“{t.label}”须由办理人办理。")
        return cls._perform(obj, t, by, reason, ctx, by_person=False)

    @classmethod
    def perform_all(cls, rows, name, user, reason="", fields=(), ctx_of=None):
        """Take step `name` on every row of the queryset `rows` at once, as `user`: each row locked, checked and
        changed as `perform` would (a refusal of one row changes none), then saved in one batch with one history
        row each. `fields`: what the step's effect sets besides the state; `ctx_of(i, row)`: each row's context
        (a number in sequence). Returns the changed rows."""
        t = cls.transition(name)
        reason = (reason or "").strip()
        with transaction.atomic():
            locked = list(rows.select_for_update(of=("self",)).select_related(*cls.select_related))
            changes = []
            for i, row in enumerate(locked):
                ctx = ctx_of(i, row) if ctx_of else {}
                problem = cls._problem(row, t, user, reason, ctx, by_person=True)
                if problem:
                    raise WorkflowError(f"{row}：{problem}")
                changes.append(cls._apply(row, t, user, reason, ctx))
            if locked:
                from simple_history.utils import bulk_update_with_history

                bulk_update_with_history(locked, cls.model, [cls.state_field, *fields], batch_size=500,
                                         default_user=user)
            for row, (before, change) in zip(locked, changes, strict=True):
                cls._after(row, t, user, before, reason, change)
        return locked

    @classmethod
    def _perform(cls, obj, t, user, reason, ctx, by_person):
        reason = (reason or "").strip()
        with transaction.atomic():
            locked = (cls.model._default_manager.select_for_update(of=("self",))
                      .select_related(*cls.select_related).filter(pk=obj.pk).first())
            if locked is None:
                raise WorkflowError("记录不存在或已被删除。")
            problem = cls._problem(locked, t, user, reason, ctx, by_person)
            if problem:
                raise WorkflowError(problem)
            before, change = cls._apply(locked, t, user, reason, ctx)
            locked.save()
            cls._after(locked, t, user, before, reason, change)
        return locked

    @classmethod
    def _problem(cls, locked, t, user, reason, ctx, by_person):
        """Why the step may not be taken on the locked row ("" when it may); its guards raise WorkflowError."""
        if by_person:
            problem = cls.problem(locked, t, user)
        else:
            state = cls.state_of(locked)
            problem = "" if state in t.sources else cls.state_problem(locked, t, state)
        if problem:
            return problem
        if t.reason_required and not reason:
            return f"{t.label}须填写理由。"
        cls.precondition(locked, t, user, ctx)
        if t.guard:
            t.guard(locked, user, ctx)
        return ""

    @classmethod
    def _apply(cls, locked, t, user, reason, ctx):
        """Change the row (state and the step's effect) without saving; returns (state before, history line)."""
        before = cls.state_of(locked)
        target = t.target(locked, ctx) if callable(t.target) else t.target
        if target is not None:
            setattr(locked, cls.state_field, target)
        said = t.effect(locked, user, reason, ctx) if t.effect else ""
        change = cls.describe(t, before, target, said, reason)
        locked._change_reason = change[:100]
        locked._history_user = user
        return before, change

    @classmethod
    def _after(cls, locked, t, user, before, reason, change):
        """The saved step's own records and whom it tells."""
        cls.record(locked, t, user, before, reason, change)
        if t.notify:
            recipients = [u for u in t.notify(locked, user, t) if user is None or u.pk != user.pk]
            if recipients:
                cls.send(locked, t, recipients, change)

    @classmethod
    def precondition(cls, obj, t, user, ctx):
        """A guard every step of this workflow passes before its own (a selection round's stage opening the
        step); raises WorkflowError."""

    @classmethod
    def describe(cls, t, before, target, said, reason):
        """The history line of a step: "from → to：what was done；reason" (a workflow may word it its own way)."""
        change = "；".join(part for part in (said or t.label, reason if reason and reason not in (said or "") else "")
                          if part)
        if target is not None and target != before:
            change = f"{cls.state_label(before)} → {cls.state_label(target)}：{change}"
        return change

    @classmethod
    def record(cls, obj, t, user, before, reason, change):
        """Hook for workflows that keep their own event table besides history (risk events)."""

    @classmethod
    def send(cls, obj, t, recipients, change):
        url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        level = "danger" if t.style == "danger" else ("warning" if t.style == "warning" else "info")
        notifying.notify(recipients, f"{obj}：{t.label}", body=change, url=url, level=level)


WORKFLOWS: dict[str, type[Workflow]] = {}


def register(workflow):
    """Register a workflow class (usable as a decorator); the contract tests walk every registered one."""
    if not workflow.name or workflow.model is None:
        raise RuntimeError("a workflow needs a name and a model")
    if workflow.name in WORKFLOWS and WORKFLOWS[workflow.name] is not workflow:
        raise RuntimeError(f"workflow {workflow.name!r} registered twice")
    WORKFLOWS[workflow.name] = workflow
    return workflow


@dataclass
class WorkflowCase:
    """How the contract tests build a row of a workflow in a given state, inside county A of the sweep world
    (武汉市江岸区 420102, township 420102002), and who else may act on it.

    Apps return these from `build_workflow_cases(world)` in their testing.py: `make(state)` returns a saved row
    in that state (with the people its steps tell: the unit's account, the submitter); `actor(t, obj)` returns a user allowed to take step t on obj when t's kinds are not staff
    (an enterprise, agency or expert account) or when a staff user needs more than roles and level (None: the
    contract test builds a staff user with every role at the first allowed level above the row).
    """

    make: Callable
    actor: Callable | None = None
    other_actor: Callable | None = None  # the same kind of user, of another area or unit (for non-staff steps)
    extra: dict = field(default_factory=dict)
    # the happy path of each step (tests/contracts/test_workflow_contract.py performs every step once): by step name,
    # (obj, user) -> the keyword arguments of `perform` (ctx, and `reason` when the contract's will not do),
    # after arranging what its guard needs (the round at the stage, a quota, an assessment); steps not listed
    # are performed with reason "合同测试" and nothing else
    ready: dict = field(default_factory=dict)
