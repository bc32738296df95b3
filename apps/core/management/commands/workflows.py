"""Print every registered workflow (apps/core/workflow.py) — its states and steps, who takes each — as text
or, with --mermaid, as Mermaid state diagrams for the docs."""

from django.core.management.base import BaseCommand

from apps.core.workflow import LEVEL_WORDS, SYSTEM, WORKFLOWS


def who(t):
    parts = []
    if t.levels:
        parts.append("/".join(LEVEL_WORDS.get(lv, lv) for lv in t.levels))
    if t.permission:
        parts.append(t.permission)
    if t.kinds and t.kinds != ("staff",):
        parts.append("/".join("系统" if k == SYSTEM else k for k in t.kinds))
    return "，".join(parts)


def mermaid(workflow):
    labels = dict(workflow.model._meta.get_field(workflow.state_field).flatchoices)
    ids = {state: f"s_{state}" for state in labels}
    lines = [f"%% {workflow.name} · {workflow.label}", "stateDiagram-v2"]
    lines += [f"    {ids[s]}: {label}" for s, label in labels.items()]
    for t in workflow.transitions:
        target = t.target if isinstance(t.target, str) or t.target is None else None
        for source in t.sources:
            if callable(t.target):
                ends = [s for s in labels if s != source]
                note = "（按结论）"
            else:
                ends, note = [target or source], ""
            for end in ends:
                text = f"{t.label}{note}" + (f"<br/>{who(t)}" if who(t) else "")
                lines.append(f"    {ids.get(source, source)} --> {ids.get(end, end)}: {text}")
    return "\n".join(lines)


class Command(BaseCommand):
    help = "列出全部工作流（状态、步骤、由谁办理）；--mermaid 输出 Mermaid 状态图"

    def add_arguments(self, parser):
        parser.add_argument("--mermaid", action="store_true", help="输出 Mermaid stateDiagram-v2")
        parser.add_argument("names", nargs="*", help="只列这些工作流（如 honours.round）")

    def handle(self, *args, names=(), **options):
        chosen = [w for key, w in sorted(WORKFLOWS.items()) if not names or key in names]
        if not chosen:
            self.stderr.write("没有这样的工作流。可选：" + "、".join(sorted(WORKFLOWS)))
            return
        for workflow in chosen:
            if options.get("mermaid"):
                self.stdout.write("```mermaid\n" + mermaid(workflow) + "\n```\n")
                continue
            self.stdout.write(f"{workflow.name} · {workflow.label}")
            for t in workflow.transitions:
                sources = "、".join(workflow.state_label(s) for s in t.sources)
                target = "（按结论）" if callable(t.target) else workflow.state_label(t.target) if t.target else "（不变）"
                self.stdout.write(f"  {t.label}：{sources} → {target}  [{who(t)}]")
