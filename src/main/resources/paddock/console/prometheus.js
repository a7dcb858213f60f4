// Reads the Prometheus text exposition format (what /metrics answers) into samples, and turns two
// scrapes into rates, averages and quantiles over the interval between them.

/** One sample: the metric name, its labels, its value. */
function parseLine(line) {
  let i = 0;
  while (i < line.length && line[i] !== "{" && line[i] !== " ") i++;
  const name = line.slice(0, i);
  const labels = {};
  if (line[i] === "{") {
    i++;
    while (i < line.length && line[i] !== "}") {
      const eq = line.indexOf("=", i);
      const key = line.slice(i, eq).trim();
      let j = eq + 2; // past ="
      let value = "";
      while (j < line.length && line[j] !== "\"") {
        if (line[j] === "\\" && j + 1 < line.length) {
          j++;
          value += line[j] === "n" ? "\n" : line[j];
        } else {
          value += line[j];
        }
        j++;
      }
      labels[key] = value;
      i = j + 1;
      if (line[i] === ",") i++;
    }
    i++;
  }
  const rest = line.slice(i).trim().split(/\s+/);
  const value = rest[0] === "+Inf" ? Infinity : rest[0] === "-Inf" ? -Infinity : Number(rest[0]);
  return { name, labels, value };
}

/** Every sample of a scrape, by metric name: name -> [{labels, value}]. */
export function parseMetrics(text) {
  const metrics = new Map();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) {
      continue;
    }
    const sample = parseLine(line);
    if (!Number.isNaN(sample.value)) {
      if (!metrics.has(sample.name)) metrics.set(sample.name, []);
      metrics.get(sample.name).push(sample);
    }
  }
  return metrics;
}

/** The sum of every sample of `name` (over all label values, e.g. every op); 0 when absent. */
export function total(metrics, name) {
  let sum = 0;
  for (const sample of metrics.get(name) || []) {
    sum += sample.value;
  }
  return sum;
}

/** A histogram's cumulative bucket counts summed over its other labels: [[le, count]] by le. */
export function buckets(metrics, name) {
  const byLe = new Map();
  for (const sample of metrics.get(name + "_bucket") || []) {
    const le = sample.labels.le === "+Inf" ? Infinity : Number(sample.labels.le);
    byLe.set(le, (byLe.get(le) || 0) + sample.value);
  }
  return Array.from(byLe.entries()).sort((a, b) => a[0] - b[0]);
}

/**
 * What a histogram (a Prometheus timer `name`, in seconds) saw between scrapes `before` and
 * `after`: {count, avgSeconds, quantileSeconds} for quantile `q`, the quantile being the upper
 * bound of the first bucket that reaches it (what the buckets can tell). Null when nothing was
 * recorded in between.
 */
export function interval(before, after, name, q = 0.99) {
  const count = total(after, name + "_count") - total(before, name + "_count");
  if (!(count > 0)) {
    return null;
  }
  const sum = total(after, name + "_sum") - total(before, name + "_sum");
  const earlier = new Map(buckets(before, name));
  let quantile = null;
  let finite = 0;
  for (const [le, cumulative] of buckets(after, name)) {
    const delta = cumulative - (earlier.get(le) || 0);
    if (Number.isFinite(le)) finite = le;
    if (quantile === null && delta >= q * count) {
      quantile = Number.isFinite(le) ? le : finite;
    }
  }
  return { count, avgSeconds: sum / count, quantileSeconds: quantile };
}
