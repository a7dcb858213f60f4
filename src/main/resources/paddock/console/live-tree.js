// The live znode tree: one recursive watch on "/" through the console's session, children read
// lazily when a node is expanded, and every create, delete and data change applied as it
// arrives, without a reload.
//
// Consistency: the session's replies and events arrive in zxid order on one connection, and each
// reply is applied the moment it arrives (in its own continuation, before the next message is
// handled). A reply shows the tree as of its zxid, and every later event is applied on top of it,
// so the picture is never older than what the node said last. A node's children are known from
// the getChildren reply on (events before it are already in it); its child count comes from its
// Stat and is then kept by the create and delete events under it.
//
// The node does not send events of a znode the session may not read, so the recursive watch says
// nothing of such a child being created or deleted. Each node whose children were read therefore
// also has a persistent watch of its own, whose NodeChildrenChanged events always come (READ on the
// parent is what reading its children took). A txn's events arrive in order, a child's
// NodeCreated or NodeDeleted before its parent's NodeChildrenChanged, so each child event the tree
// saw accounts for the next NodeChildrenChanged of its parent; one that nothing accounts for is a
// change the session was not shown, and the parent's children are read again.

import { el, replace, parentOf, nameOf, childPath, errorText } from "./dom.js";

/** How many children of one node are drawn; the rest are counted in a "more" line. */
const CHILDREN_SHOWN_MAX = 500;
/** Children whose Stat is read when a node is expanded (for their child counts and ephemeral marks). */
const STATS_READ_MAX = 500;
const EVENT_LOG_MAX = 100;

function insertSorted(names, name) {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (names[mid] < name) lo = mid + 1; else hi = mid;
  }
  if (names[lo] === name) return -1;
  names.splice(lo, 0, name);
  return lo;
}

export class LiveTree {
  #client;
  #container;
  #log;
  #onSelect;
  #onEvent;
  /** path -> entry: {path, children: sorted names or null (not read), stat, expanded, li, row, list}. */
  #entries = new Map();
  #selected = null;
  /** Event-log lines not drawn yet, oldest first (at most EVENT_LOG_MAX). */
  #pendingLines = [];

  constructor(client, container, log, { onSelect, onEvent }) {
    this.#client = client;
    this.#container = container;
    this.#log = log;
    this.#onSelect = onSelect;
    this.#onEvent = onEvent;
  }

  /** Registers the recursive watch, then reads the root's children. */
  async start() {
    await this.#client.addWatch("/", (event) => this.#event(event), { recursive: true });
    const root = this.#entry("/");
    replace(this.#container, root.li);
    await this.expand("/");
    this.select("/");
  }

  get selected() { return this.#selected; }

  /** Expands every ancestor of `path` and the path itself, reading children as needed. */
  async reveal(path) {
    const chain = [];
    for (let p = parentOf(path); p !== null; p = parentOf(p)) chain.unshift(p);
    for (const p of chain) {
      if (!this.#entries.has(p)) return;
      await this.expand(p);
    }
  }

  async expand(path) {
    const entry = this.#entries.get(path);
    if (!entry) return;
    entry.expanded = true;
    if (entry.children === null) {
      await this.#readChildren(entry);
    }
    // Children created while this node was collapsed have no Stat yet (their child counts, marks).
    for (const name of (entry.children || []).slice(0, STATS_READ_MAX)) {
      const child = this.#entries.get(childPath(path, name));
      if (child && child.stat === null) this.#readStat(child.path);
    }
    this.#render(entry);
  }

  collapse(path) {
    const entry = this.#entries.get(path);
    if (!entry) return;
    entry.expanded = false;
    this.#render(entry);
  }

  select(path) {
    const previous = this.#entries.get(this.#selected);
    if (previous) previous.row.classList.remove("selected");
    this.#selected = path;
    const entry = this.#entries.get(path);
    if (entry) entry.row.classList.add("selected");
    this.#onSelect(path);
  }

  /** The Stat the tree holds for `path` (kept live for the child count), or null. */
  stat(path) {
    const entry = this.#entries.get(path);
    return entry ? entry.stat : null;
  }

  // ---- reading ---------------------------------------------------------------------------

  async #readChildren(entry) {
    if (entry.loading) return entry.loading;
    if (!entry.watch) {
      // Sent before getChildren, so that no change after the read goes unseen.
      entry.watch = this.#client.addWatch(entry.path, (event) => this.#childrenChanged(entry, event));
      entry.watch.catch((error) => this.#logLine("error", entry.path, errorText(error)));
    }
    entry.loading = this.#client.getChildren(entry.path).then(({ children, stat }) => {
      if (this.#entries.get(entry.path) !== entry) return;
      this.#setChildren(entry, children.slice().sort());
      entry.stat = stat;
    }).catch((error) => {
      this.#logLine("error", entry.path, errorText(error));
    }).finally(() => {
      entry.loading = null;
    });
    return entry.loading;
  }

  /** The children as a read gave them: entries for new names, none left for names gone. */
  #setChildren(entry, names) {
    const kept = new Set(names);
    for (const old of entry.children || []) {
      if (!kept.has(old)) this.#forget(childPath(entry.path, old));
    }
    const known = new Set(entry.children || []);
    entry.children = names;
    entry.accounted = 0;
    const fresh = names.filter((name) => !known.has(name));
    for (const name of fresh) this.#entry(childPath(entry.path, name));
    fresh.slice(0, STATS_READ_MAX).forEach((name) => this.#readStat(childPath(entry.path, name)));
  }

  /** An event of a node's own persistent watch: only its children changes matter here. */
  #childrenChanged(entry, event) {
    if (this.#entries.get(entry.path) !== entry || entry.children === null) return;
    if (event.type === "NodeChildrenChanged" && entry.accounted > 0) {
      entry.accounted--;
    } else if (event.type === "NodeChildrenChanged" || event.type === "HistoryGone") {
      this.#reread(entry);
    }
  }

  /** Reads a node's children again, one read at a time, once more if asked meanwhile. */
  #reread(entry) {
    if (entry.rereading) {
      entry.rereadAgain = true;
      return;
    }
    entry.rereading = true;
    this.#client.getChildren(entry.path).then(({ children, stat }) => {
      if (this.#entries.get(entry.path) !== entry) return;
      this.#setChildren(entry, children.slice().sort());
      entry.stat = stat;
      this.#render(entry);
    }).catch((error) => {
      this.#logLine("error", entry.path, errorText(error));
    }).finally(() => {
      entry.rereading = false;
      if (entry.rereadAgain) {
        entry.rereadAgain = false;
        this.#reread(entry);
      }
    });
  }

  /** Drops a node and everything under it from the tree, with their persistent watches. */
  #forget(path) {
    for (const [key, entry] of Array.from(this.#entries)) {
      if (key === path || key.startsWith(path === "/" ? "/" : path + "/")) {
        this.#entries.delete(key);
        if (entry.watch) entry.watch.then((handle) => handle.remove(), () => { }).catch(() => { });
      }
    }
  }

  /** Reads a node's Stat and applies it at once (it is newer than every event before it). */
  #readStat(path) {
    const asked = this.#entries.get(path);
    if (!asked || asked.statReading) return;
    asked.statReading = true;
    this.#client.exists(path).then((stat) => {
      const entry = this.#entries.get(path);
      if (entry && stat) {
        entry.stat = stat;
        this.#renderRow(entry);
      }
    }, () => { }).finally(() => { asked.statReading = false; });
  }

  // ---- events ----------------------------------------------------------------------------

  #event(event) {
    if (event.type === "HistoryGone") {
      this.#logLine("HistoryGone", event.path, "re-reading the tree");
      this.#reload();
      return;
    }
    this.#logLine(event.type, event.path, event.zxid);
    const parent = this.#entries.get(parentOf(event.path));
    if (event.type === "NodeCreated") {
      this.#created(event.path, parent);
    } else if (event.type === "NodeDeleted") {
      this.#deleted(event.path, parent);
    } else if (event.type === "NodeDataChanged") {
      const entry = this.#entries.get(event.path);
      if (entry) {
        if (entry.stat) entry.stat = { ...entry.stat, mzxid: event.zxid };
        this.#flash(entry);
      }
    }
    this.#onEvent(event);
  }

  #created(path, parent) {
    if (!parent) return;
    if (parent.stat) parent.stat = { ...parent.stat, numChildren: parent.stat.numChildren + 1 };
    if (parent.children !== null) {
      parent.accounted++;
      insertSorted(parent.children, nameOf(path));
      const entry = this.#entry(path);
      if (parent.expanded) this.#readStat(path);
      this.#render(parent);
      this.#flash(entry);
    } else {
      this.#renderRow(parent);
    }
  }

  #deleted(path, parent) {
    this.#forget(path);
    if (!parent) return;
    if (parent.stat) parent.stat = { ...parent.stat, numChildren: Math.max(0, parent.stat.numChildren - 1) };
    if (parent.children !== null) {
      parent.accounted++;
      const i = parent.children.indexOf(nameOf(path));
      if (i >= 0) parent.children.splice(i, 1);
      this.#render(parent);
    } else {
      this.#renderRow(parent);
    }
  }

  /** After a gap in the history: forget everything, then read again what was expanded. */
  async #reload() {
    const expanded = Array.from(this.#entries.values()).filter((e) => e.expanded).map((e) => e.path).sort();
    this.#forget("/");
    const root = this.#entry("/");
    replace(this.#container, root.li);
    for (const path of expanded) {
      await this.expand(path);
    }
    if (this.#selected) this.select(this.#entries.has(this.#selected) ? this.#selected : "/");
  }

  // ---- drawing ---------------------------------------------------------------------------

  #entry(path) {
    let entry = this.#entries.get(path);
    if (entry) return entry;
    const toggle = el("span", { class: "toggle" });
    const row = el("div", { class: "row", role: "treeitem" }, toggle, el("span", { class: "name" }, nameOf(path)),
      el("span", { class: "count muted small" }), el("span", { class: "marks" }));
    const li = el("li", { dataset: { path } }, row);
    // accounted: child events seen whose parent NodeChildrenChanged has not come yet.
    entry = { path, children: null, stat: null, expanded: false, loading: null, li, row, toggle, list: null,
      watch: null, accounted: 0, rereading: false, rereadAgain: false, statReading: false };
    toggle.addEventListener("click", (e) => {
      e.stopPropagation();
      if (entry.expanded) this.collapse(path); else this.expand(path);
    });
    row.addEventListener("click", () => this.select(path));
    row.addEventListener("dblclick", () => (entry.expanded ? this.collapse(path) : this.expand(path)));
    // Moving a row (its parent redrawn) would replay the flash: it is over once it has played.
    row.addEventListener("animationend", () => row.classList.remove("changed"));
    this.#entries.set(path, entry);
    if (path === this.#selected) row.classList.add("selected");
    this.#renderRow(entry);
    return entry;
  }

  #childCount(entry) {
    if (entry.stat) return entry.stat.numChildren;
    return entry.children === null ? null : entry.children.length;
  }

  #renderRow(entry) {
    const count = this.#childCount(entry);
    const expandable = count === null || count > 0;
    entry.toggle.textContent = expandable ? (entry.expanded ? "▾" : "▸") : "";
    entry.row.dataset.children = count === null ? "?" : String(count);
    entry.row.querySelector(".count").textContent = count ? `(${count})` : "";
    const marks = entry.row.querySelector(".marks");
    const ephemeral = entry.stat && entry.stat.ephemeralOwner && entry.stat.ephemeralOwner !== "0x0";
    replace(marks, ephemeral ? el("span", { class: "badge eph", title: "ephemeral of " + entry.stat.ephemeralOwner },
      "ephemeral") : null);
  }

  #render(entry) {
    this.#renderRow(entry);
    if (!entry.expanded || entry.children === null) {
      if (entry.list) {
        entry.list.remove();
        entry.list = null;
      }
      return;
    }
    const list = el("ul", { role: "group" });
    for (const name of entry.children.slice(0, CHILDREN_SHOWN_MAX)) {
      const child = this.#entry(childPath(entry.path, name));
      list.append(child.li);
    }
    if (entry.children.length > CHILDREN_SHOWN_MAX) {
      list.append(el("li", { class: "more" }, `… ${entry.children.length - CHILDREN_SHOWN_MAX} more`));
    }
    if (entry.list) entry.list.replaceWith(list); else entry.li.append(list);
    entry.list = list;
  }

  #flash(entry) {
    entry.row.classList.remove("changed");
    // Reading a layout property restarts the CSS animation on the same element.
    void entry.row.offsetWidth;
    entry.row.classList.add("changed");
  }

  /** Adds a line to the event log, drawn once a frame: a burst of events costs one redraw, not one each. */
  #logLine(type, path, detail) {
    this.#pendingLines.push([type, path, detail]);
    if (this.#pendingLines.length > EVENT_LOG_MAX) this.#pendingLines.shift();
    if (this.#pendingLines.length === 1) requestAnimationFrame(() => this.#drawLog());
  }

  #drawLog() {
    const lines = this.#pendingLines.splice(0).reverse().map(([type, path, detail]) =>
      el("li", {}, el("span", { class: "type" }, type), " ", path, detail ? " " + detail : ""));
    this.#log.prepend(...lines);
    while (this.#log.childElementCount > EVENT_LOG_MAX) this.#log.lastElementChild.remove();
  }
}
