// Station coverage chart: covered and missing units per city or county, with the coverage ratio.
(function () {
  var holder = document.getElementById("coverage-chart");
  var source = document.getElementById("coverage-data");
  if (!holder || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(holder);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["已覆盖", "尚缺", "覆盖率"] },
    grid: { left: 50, right: 60, bottom: 70, top: 40 },
    xAxis: { type: "category", data: data.names, axisLabel: { rotate: data.names.length > 6 ? 30 : 0 } },
    yAxis: [
      { type: "value", name: "单位：个", minInterval: 1 },
      { type: "value", name: "覆盖率（%）", min: 0, max: 100 }
    ],
    series: [
      { name: "已覆盖", type: "bar", stack: "units", barMaxWidth: 56, data: data.covered, itemStyle: { color: "#198754" } },
      { name: "尚缺", type: "bar", stack: "units", barMaxWidth: 56, data: data.gaps, itemStyle: { color: "#dc3545" } },
      { name: "覆盖率", type: "line", yAxisIndex: 1, data: data.ratio, itemStyle: { color: "#0d6efd" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
