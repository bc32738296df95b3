// 创建目标看板: the trend, the bars by sub-area and the map, each drawn from its json_script block.
// The boundaries are static files under static/maps/hubei/ (nothing is fetched from another host).
(function () {
  if (!window.echarts) return;

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function unitName(data) {
    return data.unit === "%" ? "%" : "单位：" + data.unit;
  }

  function format(value, unit) {
    if (value === null || value === undefined) return "无数据";
    return unit === "%" ? value + "%" : value.toLocaleString("zh-CN") + " " + unit;
  }

  var charts = [];

  function trend() {
    var holder = document.getElementById("trend-chart");
    var data = read("trend-data");
    if (!holder || !data) return;
    var chart = window.echarts.init(holder);
    var series = [{ name: data.figure, type: "line", data: data.values, connectNulls: false, itemStyle: { color: "#b3261e" } }];
    if (data.targets.some(function (t) { return t !== null; })) {
      series.push({ name: "目标", type: "line", data: data.targets, lineStyle: { type: "dashed" }, itemStyle: { color: "#198754" } });
    }
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return format(v, data.unit); } },
      legend: { data: series.map(function (s) { return s.name; }) },
      grid: { left: 56, right: 40, bottom: 30, top: 40 },
      xAxis: { type: "category", data: data.years, name: "年" },
      yAxis: { type: "value", name: unitName(data), min: 0, max: data.unit === "%" ? 100 : null },
      series: series
    });
    charts.push(chart);
  }

  function bars() {
    var holder = document.getElementById("areas-chart");
    var data = read("areas-data");
    if (!holder || !data) return;
    var chart = window.echarts.init(holder);
    var series = [{ name: data.figure, type: "bar", barMaxWidth: 40, data: data.values, itemStyle: { color: "#b3261e" } }];
    if (data.targets.some(function (t) { return t !== null; })) {
      series.push({ name: "目标", type: "line", data: data.targets, lineStyle: { type: "dashed" }, itemStyle: { color: "#198754" } });
    }
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: function (v) { return format(v, data.unit); } },
      legend: { data: series.map(function (s) { return s.name; }) },
      grid: { left: 56, right: 20, bottom: 80, top: 40 },
      xAxis: { type: "category", data: data.names, axisLabel: { rotate: data.names.length > 6 ? 35 : 0, interval: 0 } },
      yAxis: { type: "value", name: unitName(data), min: 0, max: data.unit === "%" ? 100 : null },
      series: series
    });
    charts.push(chart);
  }

  function map() {
    var holder = document.getElementById("area-map");
    var data = read("map-data");
    if (!holder || !data || !data.geojson) return;
    var names = {};
    var drill = {};
    data.units.forEach(function (u) { names[u.code] = u.name; drill[u.code] = u.drill; });
    fetch(data.geojson, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("边界数据加载失败：" + response.status);
      return response.json();
    }).then(function (geojson) {
      var mapName = "hubei-" + data.map;
      window.echarts.registerMap(mapName, geojson);
      var values = data.units.map(function (u) { return u.value; }).filter(function (v) { return v !== null; });
      var max = values.length ? Math.max.apply(null, values) : 0;
      var chart = window.echarts.init(holder);
      chart.setOption({
        tooltip: {
          trigger: "item",
          formatter: function (p) { return (names[p.name] || p.name) + "<br>" + data.figure + "：" + format(p.value, data.unit); }
        },
        visualMap: {
          type: "continuous", min: 0, max: data.unit === "%" ? 100 : Math.max(max, 1), left: 10, bottom: 10,
          text: ["高", "低"], calculable: false, inRange: { color: ["#fde0dd", "#b3261e"] }
        },
        series: [{
          name: data.figure, type: "map", map: mapName, nameProperty: "code", roam: false,
          label: { show: true, fontSize: 10, formatter: function (p) { return names[p.name] || ""; } },
          emphasis: { label: { show: true } },
          itemStyle: { areaColor: "#e9ecef", borderColor: "#fff" },
          data: data.units.map(function (u) { return { name: u.code, value: u.value }; })
        }]
      });
      chart.on("click", function (p) {
        if (!drill[p.name]) return;
        var query = new URLSearchParams(window.location.search);
        query.set("area", p.name);
        window.location.search = query.toString();
      });
      holder.setAttribute("data-drawn", "1");
      charts.push(chart);
    }).catch(function (error) {
      holder.textContent = "地图未能显示（" + error.message + "），数值见下表。";
    });
  }

  trend();
  bars();
  map();
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
