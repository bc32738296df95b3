"""`manage.py workflows --mermaid` prints every registered workflow as a state diagram for the docs."""

import io

from django.core.management import call_command

from apps.core.workflow import WORKFLOWS


def test_every_workflow_prints_as_a_mermaid_diagram():
    out = io.StringIO()
    call_command("workflows", "--mermaid", stdout=out)
    text = out.getvalue()
    assert text.count("stateDiagram-v2") == len(WORKFLOWS) > 5
    for name, workflow in WORKFLOWS.items():
        assert f"%% {name} · {workflow.label}" in text
        for t in workflow.transitions:
            assert t.label in text, (name, t.name)
    assert "s_publicity --> s_named: 命名<br/>省级，honours.decide_round" in text


def test_one_workflow_as_text():
    out = io.StringIO()
    call_command("workflows", "honours.rereview", stdout=out)
    assert "复核通过，保留称号：待审定 → 保留称号  [省级，honours.decide_rereview]" in out.getvalue()
