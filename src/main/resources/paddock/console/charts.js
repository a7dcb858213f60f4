// Live charts of the node's request rate, request latency, fsync time and event-loop lag, from
// /metrics scraped every second, drawn on plain canvases (no chart library).

import { el } from "./dom.js";
import { metricsText } from "./admin.js";
import { parseMetrics, total, interval } from "./prometheus.js";

const WINDOW_S = 120;
const COLORS = ["#2760c4", "#d0621b", "#1f8a4c"];

/** 1, 2 or 5 times a power of ten, at least `x`: a round step for an axis. */
function niceStep(x) {
  const power = Math.pow(10, Math.floor(Math.log10(x)));
  for (const m of [1, 2, 5, 10]) {
    if (m * power >= x) return m * power;
  }
  return 10 * power;
}

function formatValue(value, unit) {
  if (value === null || value === undefined) return "-";
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

/** One chart: a title, a legend with each series' latest value, and a canvas of the last WINDOW_S seconds. */
export class LineChart {
  #series;
  #unit;
  #points = [];
  #canvas;
  #values = new Map();
  node;

  constructor(id, title, unit, series) {
    this.#series = series;
    this.#unit = unit;
    this.#canvas = el("canvas", { id: `${id}-canvas`, role: "img", "aria-label": title });
    const legend = el("div", { class: "legend" });
    series.forEach((s, i) => {
      const value = el("span", { class: "value", id: `${id}-${s.key}` }, "-");
      this.#values.set(s.key, value);
      legend.append(el("span", {}, el("span", { class: `swatch c${i}` }), s.label, " ", value));
    });
    this.node = el("div", { class: "chart", id, dataset: { points: "0" } },
      el("div", { class: "chart-head" }, el("span", { class: "chart-title" }, title), legend), this.#canvas);
  }

  /** Adds a sample at `timeMs`; `values` maps series keys to numbers, or null for "nothing measured". */
  push(timeMs, values) {
    this.#points.push({ timeMs, values });
    while (this.#points.length > 0 && this.#points[0].timeMs < timeMs - WINDOW_S * 1000) this.#points.shift();
    this.node.dataset.points = String(Number(this.node.dataset.points) + 1);
    for (const s of this.#series) {
      this.#values.get(s.key).textContent = formatValue(values[s.key], this.#unit);
    }
    this.draw();
  }

  draw() {
    const canvas = this.#canvas;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) return; // hidden: drawn when shown
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext("2d");
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, height);
    const left = 52;
    const bottom = height - 18;
    const top = 6;
    const right = width - 16;
    const now = this.#points.length ? this.#points[this.#points.length - 1].timeMs : Date.now();
    let max = 0;
    for (const p of this.#points) {
      for (const s of this.#series) {
        const v = p.values[s.key];
        if (typeof v === "number" && v > max) max = v;
      }
    }
    const step = niceStep(max > 0 ? max / 4 : 0.25);
    const yMax = Math.max(step, Math.ceil(max / step) * step);
    const x = (t) => left + (right - left) * (1 - (now - t) / (WINDOW_S * 1000));
    const y = (v) => bottom - (bottom - top) * (v / yMax);
    this.#axes(g, { left, right, top, bottom, step, yMax, y });
    this.#series.forEach((s, i) => this.#line(g, s.key, COLORS[i % COLORS.length], x, y));
  }

  #axes(g, { left, right, top, bottom, step, yMax, y }) {
    g.font = "11px system-ui, sans-serif";
    g.fillStyle = "#6a7480";
    g.strokeStyle = "#e6e9ed";
    g.lineWidth = 1;
    g.textAlign = "right";
    g.textBaseline = "middle";
    for (let v = 0; v <= yMax + step / 2; v += step) {
      const yy = Math.round(y(v)) + 0.5;
      g.beginPath();
      g.moveTo(left, yy);
      g.lineTo(right, yy);
      g.stroke();
      g.fillText(formatValue(v, "").trim(), left - 6, yy);
    }
    g.textAlign = "center";
    g.textBaseline = "top";
    for (const [label, fraction] of [[`-${WINDOW_S} s`, 0], [`-${WINDOW_S / 2} s`, 0.5], ["now", 1]]) {
      g.fillText(label, left + (right - left) * fraction, bottom + 4);
    }
    g.strokeStyle = "#b9c0c8";
    g.beginPath();
    g.moveTo(left + 0.5, top);
    g.lineTo(left + 0.5, bottom + 0.5);
    g.lineTo(right, bottom + 0.5);
    g.stroke();
  }

  /** One series as a line; a sample with nothing measured breaks it. */
  #line(g, key, color, x, y) {
    g.strokeStyle = color;
    g.lineWidth = 1.5;
    g.beginPath();
    let drawing = false;
    for (const p of this.#points) {
      const v = p.values[key];
      if (typeof v !== "number") {
        drawing = false;
        continue;
      }
      if (drawing) g.lineTo(x(p.timeMs), y(v)); else g.moveTo(x(p.timeMs), y(v));
      drawing = true;
    }
    g.stroke();
    // Dots too, so that a value between two seconds of nothing measured shows.
    g.fillStyle = color;
    for (const p of this.#points) {
      const v = p.values[key];
      if (typeof v === "number") {
        g.beginPath();
        g.arc(x(p.timeMs), y(v), 1.8, 0, 2 * Math.PI);
        g.fill();
      }
    }
  }
}

/** The four charts, fed by one scrape of /metrics a second. */
export class ChartsView {
  #charts;
  #previous = null;

  constructor(container) {
    this.#charts = {
      requests: new LineChart("chart-requests", "Requests", "/s",
        [{ key: "rate", label: "requests" }, { key: "txns", label: "txns applied" }]),
      latency: new LineChart("chart-latency", "Request latency", "ms",
        [{ key: "avg", label: "average" }, { key: "p99", label: "p99 (bucket bound)" }]),
      fsync: new LineChart("chart-fsync", "fsync time (txn log append + fsync)", "ms",
        [{ key: "avg", label: "average" }, { key: "p99", label: "p99 (bucket bound)" }]),
      lag: new LineChart("chart-lag", "Event-loop lag", "ms",
        [{ key: "avg", label: "average" }, { key: "p99", label: "p99 (bucket bound)" }]),
    };
    container.replaceChildren(...Object.values(this.#charts).map((c) => c.node));
  }

  /** Scrapes /metrics and adds one point to each chart (from the second scrape on). */
  async refresh() {
    const text = await metricsText();
    const sample = { timeMs: Date.now(), metrics: parseMetrics(text) };
    const before = this.#previous;
    this.#previous = sample;
    if (before === null) return;
    const seconds = (sample.timeMs - before.timeMs) / 1000;
    const a = before.metrics;
    const b = sample.metrics;
    const rate = (name) => Math.max(0, (total(b, name) - total(a, name)) / seconds);
    const ms = (name) => {
      const i = interval(a, b, name);
      return i === null ? { avg: null, p99: null }
        : { avg: i.avgSeconds * 1000, p99: i.quantileSeconds === null ? null : i.quantileSeconds * 1000 };
    };
    this.#charts.requests.push(sample.timeMs, { rate: rate("paddock_requests_seconds_count"),
      txns: rate("paddock_txns_applied_total") });
    this.#charts.latency.push(sample.timeMs, ms("paddock_requests_seconds"));
    this.#charts.fsync.push(sample.timeMs, ms("paddock_fsync_seconds"));
    this.#charts.lag.push(sample.timeMs, ms("paddock_event_loop_lag_seconds"));
  }

  /** Draws again (the canvases had no size while the view was hidden). */
  redraw() {
    for (const chart of Object.values(this.#charts)) chart.draw();
  }
}
