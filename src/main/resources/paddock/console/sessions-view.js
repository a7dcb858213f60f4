// The sessions view (every session of the ensemble with its ephemerals, and its connection when it
// is connected to this node: /admin/sessions) and the watches view (this node's watches per
// session and path, with their kinds: /admin/wchs and /admin/watches).

import { el, replace, table, duration } from "./dom.js";
import { adminJson } from "./admin.js";

/** Rows drawn at most; the summary line counts them all. */
const ROWS_SHOWN_MAX = 2000;

export class SessionsView {
  #container;
  #ownSession;
  #openPath;

  /** `ownSession()`: this console's session id; `openPath(path)`: shows a znode in the tree. */
  constructor(container, ownSession, openPath) {
    this.#container = container;
    this.#ownSession = ownSession;
    this.#openPath = openPath;
  }

  async refresh() {
    const body = await adminJson("/admin/sessions");
    const own = this.#ownSession();
    const ephemerals = body.sessions.reduce((sum, s) => sum + s.ephemeral_count, 0);
    const rows = body.sessions.slice(0, ROWS_SHOWN_MAX).map((s) => el("tr", { dataset: { session: s.session_id } },
      el("td", { class: "mono" }, s.session_id, s.session_id === own ? el("span", { class: "badge" }, "this console")
        : null),
      el("td", {}, duration(s.timeout)),
      el("td", {}, s.connection
        ? [s.connection.protocol, " ", el("span", { class: "mono small" }, s.connection.remote_socket_address)]
        : el("span", { class: "muted" }, "not to this node")),
      el("td", { class: "mono small" }, s.connection ? s.connection.last_operation : "-"),
      el("td", { class: "ephemerals" }, s.ephemerals.length === 0 ? el("span", { class: "muted" }, "none") : [
        s.ephemerals.map((path) => el("div", {}, el("a", { href: "#tree", class: "mono",
          onclick: (e) => { e.preventDefault(); this.#openPath(path); } }, path))),
        s.ephemeral_count > s.ephemerals.length
          ? el("div", { class: "muted small" }, `… ${s.ephemeral_count - s.ephemerals.length} more`) : null])));
    replace(this.#container, el("div", { class: "card" },
      el("h2", {}, "Sessions"),
      el("p", { class: "muted", id: "sessions-summary" },
        `${body.session_count} sessions, ${ephemerals} ephemerals. Sessions are the ensemble's; a connection shows `
        + "when the session is connected to this node."
        + (body.sessions.length > ROWS_SHOWN_MAX ? ` The first ${ROWS_SHOWN_MAX} are listed.` : "")),
      table(["session", "timeout", "connection", "last op", "ephemerals"], rows, { id: "sessions-table" })));
  }
}

export class WatchesView {
  #container;
  #ownSession;

  constructor(container, ownSession) {
    this.#container = container;
    this.#ownSession = ownSession;
  }

  async refresh() {
    const [summary, detail] = await Promise.all([adminJson("/admin/wchs"), adminJson("/admin/watches")]);
    const own = this.#ownSession();
    const rows = [];
    for (const [session, paths] of Object.entries(detail.watches)) {
      for (const path of paths) {
        if (rows.length === ROWS_SHOWN_MAX) break;
        rows.push(el("tr", { dataset: { session, path } },
          el("td", { class: "mono" }, session, session === own ? el("span", { class: "badge" }, "this console") : null),
          el("td", { class: "mono" }, path),
          el("td", {}, detail.kinds[session][path].join(", "))));
      }
    }
    replace(this.#container, el("div", { class: "card" },
      el("h2", {}, "Watches on this node"),
      el("p", { class: "muted", id: "watches-summary" },
        `${summary.num_connections} connections watching ${summary.num_paths} paths with data watches, `
        + `${summary.num_total_watches} data watches in all. Below, every watch with its kinds`
        + (detail.truncated || rows.length === ROWS_SHOWN_MAX ? " (the list is cut short)." : ".")),
      rows.length === 0 ? el("p", { class: "muted" }, "No watches.")
        : table(["session", "path", "kinds"], rows, { id: "watches-table" })));
  }
}
