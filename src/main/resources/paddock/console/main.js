// Paddock's web console: opens a session with the node that serves the page (the JavaScript client
// /paddock.js over /ws), builds the views, and polls the admin API for the cluster, sessions,
// watches and charts. Served from the jar at / and /console/; nothing to build.

import { PaddockClient } from "/paddock.js";
import { LiveTree } from "./live-tree.js";
import { NodeView } from "./node-view.js";
import { ClusterView } from "./cluster-view.js";
import { SessionsView, WatchesView } from "./sessions-view.js";
import { ChartsView } from "./charts.js";
import { adminJson, poller } from "./admin.js";
import { el, replace } from "./dom.js";

const VIEWS = ["tree", "cluster", "sessions", "watches", "charts"];
const $ = (id) => document.getElementById(id);

function showFatal(text) {
  const fatal = $("fatal");
  fatal.hidden = false;
  fatal.append(el("div", {}, text));
}

window.addEventListener("error", (e) => showFatal("console error: " + e.message));
window.addEventListener("unhandledrejection", (e) => showFatal("console error: "
  + (e.reason && e.reason.message ? e.reason.message : String(e.reason))));

/** The view shown now, from the location's hash (#tree by default). */
function currentView() {
  const name = location.hash.replace("#", "");
  return VIEWS.includes(name) ? name : "tree";
}

function showView(name, onShown) {
  for (const view of VIEWS) {
    $("view-" + view).hidden = view !== name;
  }
  for (const button of $("tabs").querySelectorAll("button")) {
    button.classList.toggle("active", button.dataset.view === name);
  }
  if (location.hash !== "#" + name) history.replaceState(null, "", "#" + name);
  onShown(name);
}

function connectionState(state, detail) {
  if (state === "expired") {
    showFatal("The console's session has expired (the node lost touch with this page for longer than its timeout): "
      + "reload the page for a new one.");
  }
  const badge = $("connection-state");
  badge.dataset.state = state;
  badge.textContent = state;
  badge.title = detail && detail.message ? detail.message : (detail && detail.sessionId ? "session " + detail.sessionId
    : "");
}

function summary(members, srvr) {
  const parts = [members.mode, `server ${members.server_id}`];
  if (members.epoch !== undefined) parts.push(`epoch ${members.epoch}`);
  if (members.last_zxid) parts.push(`zxid ${members.last_zxid}`);
  if (srvr) parts.push(`${srvr.node_count} znodes`);
  $("node-summary").textContent = parts.join(" · ");
}

/** Shows a failed poll in its view, and clears it once a poll succeeds. */
function reporting(container, task) {
  return async () => {
    try {
      await task();
    } catch (e) {
      replace(container, el("p", { class: "error" }, e.message));
    }
  };
}

async function start() {
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws";
  const client = new PaddockClient(url, { sessionTimeoutMs: 30000, onStateChange: connectionState });
  const conf = await adminJson("/admin/conf").catch(() => null);
  await client.connect();
  // Leaving the page ends its session at once (its watches and ephemerals go now, not after the
  // timeout); a page brought back from the browser's back-forward cache starts afresh.
  window.addEventListener("pagehide", () => { client.close(); });
  window.addEventListener("pageshow", (event) => { if (event.persisted) location.reload(); });

  const cluster = new ClusterView($("cluster"), summary);
  const charts = new ChartsView($("charts"));
  let nodeView = null;
  const tree = new LiveTree(client, $("tree"), $("event-log"), {
    onSelect: (path) => nodeView.show(path),
    onEvent: (event) => nodeView.onEvent(event),
  });
  nodeView = new NodeView(client, $("node-pane"), tree, { ttlEnabled: Boolean(conf && conf.extended_types_enabled) });
  const openPath = async (path) => {
    showView("tree", shown);
    await tree.reveal(path);
    tree.select(path);
  };
  const sessions = new SessionsView($("sessions"), () => client.sessionId, openPath);
  const watches = new WatchesView($("watches"), () => client.sessionId);

  const visible = (name) => () => currentView() === name && document.visibilityState === "visible";
  const refreshers = {
    cluster: poller(reporting($("cluster"), () => cluster.refresh()), 2000, () => true, () => { }),
    sessions: poller(reporting($("sessions"), () => sessions.refresh()), 2000, visible("sessions"), () => { }),
    watches: poller(reporting($("watches"), () => watches.refresh()), 2000, visible("watches"), () => { }),
    charts: poller(() => charts.refresh(), 1000, () => true, () => { }),
  };
  function shown(name) {
    if (refreshers[name]) refreshers[name]();
    if (name === "charts") charts.redraw();
  }
  for (const button of $("tabs").querySelectorAll("button")) {
    button.addEventListener("click", () => showView(button.dataset.view, shown));
  }
  window.addEventListener("hashchange", () => showView(currentView(), shown));
  window.addEventListener("resize", () => charts.redraw());
  showView(currentView(), shown);
  refreshers.cluster();
  refreshers.charts();
  await tree.start();
  document.body.dataset.ready = "true";
}

start().catch((e) => showFatal("the console could not start: " + (e.code ? `${e.code}: ` : "") + e.message));
