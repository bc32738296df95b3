// Charts of the coordinators app (structure and distribution, risk board). Data comes from
// {{ charts|json_script:"coordinator-charts" }}; every chart has its table and Excel download on the page.
(function () {
  var source = document.getElementById("coordinator-charts");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var palette = ["#c0392b", "#2980b9", "#27ae60", "#f39c12", "#8e44ad", "#16a085", "#7f8c8d", "#d35400"];
  var charts = [];
  data.charts.forEach(function (spec) {
    var el = document.querySelector('[data-chart="' + spec.id + '"]');
    if (!el) { return; }
    var chart = echarts.init(el);
    var option;
    if (spec.kind === "pie") {
      option = {
        color: palette,
        tooltip: { trigger: "item", formatter: "{b}：{c}" + spec.unit + "（{d}%）" },
        legend: { type: "scroll", bottom: 0 },
        series: [{ name: spec.title, type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
          data: spec.labels.map(function (label, i) { return { name: label, value: spec.values[i] }; }) }]
      };
    } else {
      var series = [{ name: spec.title, type: spec.kind === "line" ? "line" : "bar", data: spec.values,
        itemStyle: { color: palette[0] }, label: { show: spec.labels.length <= 12, position: "top" } }];
      if (spec.series2) {
        series.push({ name: spec.series2_name, type: "line", data: spec.series2, itemStyle: { color: palette[3] } });
      }
      option = {
        tooltip: { trigger: "axis" },
        legend: spec.series2 ? { bottom: 0 } : undefined,
        grid: { left: 48, right: 16, top: 24, bottom: spec.labels.length > 8 ? 70 : 40 },
        xAxis: { type: "category", data: spec.labels, axisLabel: { interval: 0, rotate: spec.labels.length > 8 ? 40 : 0 } },
        yAxis: { type: "value", name: spec.unit, minInterval: 1 },
        series: series
      };
    }
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
