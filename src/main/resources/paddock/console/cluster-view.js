// The cluster view: this node's place in the ensemble (mode, leader, epoch, last zxid) and every
// member, with each follower's lag as the leader reports it, from /admin/members and
// /admin/srvr of the node that serves the console. A standalone node shows itself.

import { el, replace, table, duration } from "./dom.js";
import { adminJson } from "./admin.js";

function figure(label, value, id) {
  return el("div", { class: "figure" }, el("div", { class: "label" }, label),
    el("div", { class: "value", id }, value));
}

/** What a member is doing, as far as this node knows. */
function stateOf(member, members) {
  if (members.mode === "standalone") return "standalone";
  if (member.self) return members.mode;
  if (member.leader) return "leader";
  if (members.mode === "looking") return "unknown";
  return member.role === "observer" ? "observer" : "follower";
}

function lagOf(member, members) {
  if (member.lag_txns !== undefined) {
    return member.lag_txns === 1 ? "1 txn" : `${member.lag_txns} txns`;
  }
  if (member.leader || members.mode === "standalone") return "-";
  return members.mode === "leader" ? "no contact" : "known to the leader";
}

export class ClusterView {
  #container;
  #onSummary;
  /** The last /admin/members answer, for others (the header). */
  members = null;

  constructor(container, onSummary) {
    this.#container = container;
    this.#onSummary = onSummary;
  }

  async refresh() {
    const members = await adminJson("/admin/members");
    let srvr = null;
    try {
      srvr = await adminJson("/admin/srvr");
    } catch (e) {
      // 503 while the node does not serve: the members answer says why.
    }
    this.members = members;
    this.#onSummary(members, srvr);
    this.#render(members, srvr);
  }

  #leaderLine(members) {
    if (members.mode === "standalone") {
      return `Standalone: this node (server ${members.server_id}) is the whole service.`;
    }
    const leader = members.members.find((m) => m.leader);
    if (!leader || !members.serving) {
      return "No leader: an election is under way, or no quorum is reachable from this node.";
    }
    const where = `${leader.host}:${leader.client_port}`;
    return leader.self ? `Leader: server ${leader.id} (${where}), this node.` : `Leader: server ${leader.id} (${where}).`;
  }

  #render(members, srvr) {
    const stats = srvr ? srvr.server_stats : null;
    const rows = members.members.map((m) => {
      const state = stateOf(m, members);
      const row = el("tr", { class: [m.leader ? "leader" : "", m.self ? "self" : ""].join(" ").trim(),
        dataset: { memberId: String(m.id), state } },
      el("td", { class: "mono" }, String(m.id), m.self ? el("span", { class: "badge" }, "this node") : null),
      el("td", { class: "mono" }, m.host),
      el("td", { class: "mono" }, String(m.client_port)),
      el("td", { class: "mono" }, m.peer_port === null ? "-" : String(m.peer_port)),
      el("td", {}, m.role),
      el("td", { class: "member-state" }, state),
      el("td", { class: "mono" }, m.match_zxid || (m.self ? members.last_zxid : "-")),
      el("td", { class: "mono lag" }, lagOf(m, members)),
      el("td", {}, m.synced === undefined ? "-" : (m.synced ? "yes" : el("span", { class: "error" }, "no"))));
      return row;
    });
    replace(this.#container,
      el("div", { class: "figures" },
        figure("mode", members.mode, "cluster-mode"),
        figure("leader", members.leader_id > 0 ? `server ${members.leader_id}` : "none", "cluster-leader-id"),
        figure("epoch", String(members.epoch), "cluster-epoch"),
        figure("last zxid", members.last_zxid, "cluster-last-zxid"),
        figure("znodes", srvr ? String(srvr.node_count) : "-", "cluster-znodes"),
        figure("connections", stats ? String(stats.num_alive_client_connections) : "-", "cluster-connections"),
        figure("latency min/avg/max", stats ? `${stats.min_latency}/${stats.avg_latency.toFixed(1)}/${stats.max_latency} ms`
          : "-", "cluster-latency"),
        figure("uptime", stats ? duration(stats.uptime) : "-", "cluster-uptime")),
      el("div", { class: "card" },
        el("p", { id: "cluster-leader" }, this.#leaderLine(members)),
        table(["id", "host", "client port", "peer port", "role", "state", "acked zxid", "lag", "in sync"], rows,
          { id: "members" }),
        members.mode === "follower" || members.mode === "observer"
          ? el("p", { class: "muted small" }, "Each follower's lag is measured by the leader: open the leader's console "
            + "to see it.") : null));
  }
}
