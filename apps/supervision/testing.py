from apps.core.testing import SWEEP_MARK


def _report(region, status="draft", kind="annual", year=2026, **fields):
    import datetime

    from .models import AnnualReport

    return AnnualReport.objects.create(
        region=region, kind=kind, year=year, period_start=datetime.date(year, 1, 1),
        period_end=datetime.date(year, 12, 31), due_on=datetime.date(year, 11, 30), status=status,
        achievements=fields.pop("achievements", f"{SWEEP_MARK}主要成效"), practices="经验做法", problems="存在问题",
        next_steps="下一步打算", **fields)


def build_sweep_world(world):
    from django.core.files.base import ContentFile

    from .models import TaskProgress, WorkTask

    office = world.user_a.office
    task = WorkTask.objects.for_office(office).first()
    progress = TaskProgress(task=task, office=office, year=2026, quarter=1, text=f"{SWEEP_MARK}协调员台账已建立",
                            reported_by=world.user_a, attachment_name="进展.pdf")
    progress.attachment.save("progress.pdf", ContentFile(b"%PDF-1.4 sweep"), save=True)
    world.add(progress)
    world.add(_report(world.region_a))
    import datetime

    from .models import Analysis, FollowUpAction, Meeting, WorkPlan

    meeting = world.add(Meeting.objects.create(
        region=world.region_a, kind="executive", held_on=datetime.date(2026, 3, 2), title=f"{SWEEP_MARK}三方执行会议",
        attendee_units=["hrss", "union"], resolutions=f"{SWEEP_MARK}议定事项", recorded_by=world.user_a))
    world.add(FollowUpAction.objects.create(meeting=meeting, description=f"{SWEEP_MARK}落实事项", owner=office,
                                            due_on=datetime.date(2026, 6, 30)))
    analysis = Analysis(region=world.region_a, kind="situation", title=f"{SWEEP_MARK}形势分析", period="2026年一季度",
                        summary=f"{SWEEP_MARK}内容", filed_by=world.user_a, attachment_name="分析.pdf")
    analysis.attachment.save("analysis.pdf", ContentFile(b"%PDF-1.4 sweep"), save=True)
    world.add(analysis)
    plan = WorkPlan(region=world.region_a, title=f"{SWEEP_MARK}工作方案", issued_on=datetime.date(2023, 7, 5),
                    attachment_name="方案.pdf", uploaded_by=world.user_a)
    plan.attachment.save("plan.pdf", ContentFile(b"%PDF-1.4 sweep"), save=True)
    world.add(plan)
    from .models import Bulletin

    world.add(Bulletin.objects.create(region=world.region_a, year=2026, title=f"{SWEEP_MARK}通报",
                                      doc_number="岸劳三方〔2026〕1号", created_by=world.user_a))
    # the task pages are the province's table, the same for everyone: keyed by the annex's 序号
    world.url_kwargs["supervision:task_detail"] = {"number": task.number}
    world.url_kwargs["supervision:report_act"] = {"name": "submit"}


def build_workflow_cases(world):
    from apps.accounts.models import User
    from apps.core.workflow import WorkflowCase

    def staff(code, tag):
        username = f"wf-sup-{code}-{tag}"
        found = User.objects.filter(username=username).first()
        return found or world.make_staff(code, username=username)

    def actor(t, report):
        # the county submits its own report; the city above reviews it
        return staff("420102", "own") if t.name == "submit" else staff("4201", "above")

    # each row made is another report of county A (one per kind and year)
    # (no 2027 report: a report cannot be submitted before its year begins)
    slots = iter([("annual", y) for y in (2026, 2025, 2024, 2023, 2022)] + [("midterm", 2025), ("annual", 2021)])

    def make(state):
        kind, year = next(slots)
        return _report(world.region_a, status=state, kind=kind, year=year)

    def bulletin(state):
        from .models import Bulletin

        return Bulletin.objects.create(region=world.region_a, year=2026, title="江岸区通报", doc_number="1号",
                                       status=state)

    return {"supervision.annual_report": WorkflowCase(make=make, actor=actor),
            "supervision.bulletin": WorkflowCase(make=bulletin, actor=lambda t, obj: staff("420102", "own"))}


# ---------------------------------------------------------------- samples of the documents this app issues

def bulletin_sample():
    from apps.documents.testing import ISSUERS, PLAIN

    cities = ["武汉市", "黄石市", "十堰市", "宜昌市", "襄阳市", "鄂州市", "荆门市", "孝感市", "荆州市", "黄冈市",
              "咸宁市", "随州市", "恩施州", "仙桃市", "潜江市", "天门市", "神农架林区"]
    columns = [{"label": label, "unit": unit} for label, unit in (("企业参与创建率", "%"), ("达标企业", "家"),
                                                                  ("协调员配备率", "%"), ("风险化解率", "%"))]
    rows = [{"overall": i + 1, "name": city, "has_data": True, "cells": [(f"{90 - i}.5", i + 1, False)] * 4}
            for i, city in enumerate(cities[:-1])]
    rows.append({"overall": None, "name": cities[-1], "has_data": False, "cells": [(None, None, False)] * 4})
    method = "综合排名按各项指标名次的平均值排列；分母不足5个单位的比率不参与排名；未报送数据的地区列于最后。"
    return {"title": "关于2026年全省和谐劳动关系创建活动情况的通报", "issuers": ISSUERS,
            "doc_number": "鄂劳三方〔2026〕15号", "addressee": "各市、州、直管市、神农架林区协调劳动关系三方委员会",
            "paragraphs": ["2026年，各地认真贯彻落实创建活动工作方案，创建工作取得新进展。", PLAIN,
                           "现将2026年各地和谐劳动关系创建活动关键指标排名通报如下（数据来源：创建管理平台台账）。"],
            "table": {"columns": columns, "rows": rows, "method": method, "no_data": "未报送/无数据"},
            "date_text": "2026年12月7日"}


def annual_report_sample():
    import datetime
    from types import SimpleNamespace

    from apps.documents.testing import PARAGRAPH, PLAIN

    report = SimpleNamespace(period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 12, 31),
                             due_on=datetime.date(2026, 11, 30), get_status_display="草稿")
    return {"report": report, "title": "武汉市江岸区2026年度和谐劳动关系创建工作报告", "issuers": ["武汉市江岸区人力资源和社会保障局"],
            "doc_number": "", "years": ["2025", "2026"],
            "rows": [{"label": "企业参与创建率", "values": {"2025": 80.5, "2026": 85.0}, "unit": "%",
                      "cells": [(80.5, 70), (85.0, 80)]}],
            "sections": [("工作开展情况和主要成效", PLAIN + PLAIN), ("经验做法和典型案例", PARAGRAPH),
                         ("存在的问题和不足", ""), ("下一步工作打算", PARAGRAPH)],
            "date_text": "2026年12月7日"}
