"""Benchmark of the official documents (issue 21): the naming notice with 100 units and the 表彰决定 with
300 names, rendered from the registered samples by the same code the document job runs (median of 3, after a
first render that loads the fonts; once in a smoke run, `bench.generate.repeats`). No database rows are needed. Wall time and CPU time are printed: on the
shared 2-core machine the wall time mostly measures the wait for a core (see the load average printed).
Run: `make bench BENCH_ARGS=documents` or
`DJANGO_SETTINGS_MODULE=config.settings PYTHONPATH=. .venv/bin/python bench/bench_documents.py`.
"""

import statistics
import sys
import time

CASES = [
    ("命名通知 PDF（100 个单位）", "honours/docs/naming_notice.html", "apps.honours.testing", "naming_notice_sample",
     {"units": 100}, 1.0),
    ("表彰决定 PDF（300 名）", "recognition/roster_pdf.html", "apps.recognition.testing", "roster_sample",
     {"collectives": 0, "individuals": 300}, 3.0),
]


def phases(template, context):
    """CPU seconds of one render by phase: template, HTML parsing, styles + layout, drawing + PDF (fonts subset)."""
    from weasyprint import HTML

    from apps.documents.pdf import document_fetcher, font_config, render_html

    marks = [time.process_time()]
    html = render_html(template, context)
    marks.append(time.process_time())
    parsed = HTML(string=html, url_fetcher=document_fetcher(), base_url="/")
    marks.append(time.process_time())
    document = parsed.render(font_config=font_config())
    marks.append(time.process_time())
    document.write_pdf()
    marks.append(time.process_time())
    return [b - a for a, b in zip(marks, marks[1:], strict=False)], len(document.pages)


def main(argv):
    import importlib

    from apps.documents.pdf import render_pdf
    from bench.generate import repeats

    failed = False
    for label, template, module, name, kwargs, target in CASES:
        context = getattr(importlib.import_module(module), name)(**kwargs)
        render_pdf(template, context)  # the first render in a process loads the fonts
        times, cpu = [], []
        for _ in range(repeats(3)):
            started, started_cpu = time.perf_counter(), time.process_time()
            pdf = render_pdf(template, context)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        median, median_cpu = statistics.median(times), statistics.median(cpu)
        failed |= median_cpu > target
        print(f"  {label:<24} CPU 中位 {median_cpu:5.2f} s，墙钟中位 {median:5.2f} s（目标 ≤ {target:.0f} s）  "
              f"{len(pdf):,} 字节", flush=True)
        (tmpl, parse, layout, write), pages = phases(template, context)
        print(f"  {'':<24} 分段 CPU：模板 {tmpl:.2f} s，解析 {parse:.2f} s，样式与排版 {layout:.2f} s，"
              f"绘制与写出 PDF（含字体子集）{write:.2f} s；{pages} 页", flush=True)
    import os

    print(f"  负载（1 分钟平均）：{os.getloadavg()[0]:.1f}，CPU 核数：{os.cpu_count()}")
    return 1 if failed else 0


if __name__ == "__main__":
    import django

    django.setup()
    sys.exit(main(sys.argv[1:]))
