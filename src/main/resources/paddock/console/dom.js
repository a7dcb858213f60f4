// Small DOM helpers for the console. Every text that comes from the node (paths, data, ids) goes
// into the page as text nodes, never as HTML, so znode data cannot inject markup.

/**
 * Creates an element: `attrs` sets properties and attributes (`class`, `dataset` entries as
 * `data-*`, `on*` as listeners), `children` are nodes or strings (added as text).
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === "class") {
      node.className = value;
    } else if (key.startsWith("on") && typeof value === "function") {
      node.addEventListener(key.slice(2), value);
    } else if (key === "dataset") {
      Object.assign(node.dataset, value);
    } else if (key in node && typeof value !== "string") {
      node[key] = value;
    } else {
      node.setAttribute(key, value === true ? "" : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** Replaces the children of `node` with `children`. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** A table with a header row and one row per entry of `rows` (arrays of cells: nodes or text). */
export function table(headers, rows, attrs = {}) {
  return el("table", { class: "grid", ...attrs },
    el("thead", {}, el("tr", {}, headers.map((h) => el("th", {}, h)))),
    el("tbody", {}, rows.map((row) => row instanceof Node ? row : el("tr", {}, row.map((cell) => el("td", {}, cell))))));
}

/** A two-column key/value table. */
export function keyValues(entries, attrs = {}) {
  return el("table", { class: "grid kv", ...attrs },
    el("tbody", {}, entries.map(([key, value, id]) => el("tr", {}, el("th", {}, key),
      el("td", { class: "mono", dataset: id ? { field: id } : undefined }, value)))));
}

/** Milliseconds since the epoch as a local date and time, e.g. "2026-11-25 10:42:07". */
export function dateTime(ms) {
  if (typeof ms !== "number" || ms <= 0) {
    return "-";
  }
  const d = new Date(ms);
  const two = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`
    + `:${two(d.getSeconds())}`;
}

/** A duration in ms as "3 d 4 h", "5 min 2 s", "800 ms". */
export function duration(ms) {
  if (typeof ms !== "number" || ms < 0) {
    return "-";
  }
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** A byte count as "812 B", "1.5 KiB", "3.2 MiB". */
export function bytes(n) {
  if (typeof n !== "number" || n < 0) return "-";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(1)} GiB`;
}

/** A message element that shows the outcome of an action: `show(text, "error" | "ok")`. */
export function messageLine(id) {
  const node = el("div", { class: "message", id });
  return {
    node,
    show(text, kind = "ok") {
      node.className = "message " + kind;
      node.textContent = text;
    },
    clear() {
      node.className = "message";
      node.textContent = "";
    },
  };
}

/** The text of an error for the page: "BADVERSION: the znode's version is not the expected one". */
export function errorText(error) {
  if (error && error.code) {
    return `${error.code}: ${error.message}`;
  }
  return String(error && error.message ? error.message : error);
}

/** The parent of a znode path ("/" for "/a"); null for "/". */
export function parentOf(path) {
  if (path === "/") return null;
  const i = path.lastIndexOf("/");
  return i === 0 ? "/" : path.slice(0, i);
}

/** The last element of a znode path ("/" for the root). */
export function nameOf(path) {
  return path === "/" ? "/" : path.slice(path.lastIndexOf("/") + 1);
}

/** `parent` joined with a child `name`. */
export function childPath(parent, name) {
  return parent === "/" ? "/" + name : parent + "/" + name;
}
