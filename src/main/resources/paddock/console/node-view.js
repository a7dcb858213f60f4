// The node view and editor: one znode's data (as text, pretty JSON or hex), its Stat and ACL;
// editing its data with the version it was read at (a concurrent change makes the save fail
// with BADVERSION, shown as such); creating a child in any mode; deleting it with a version.

import { el, replace, keyValues, table, dateTime, messageLine, errorText, parentOf, childPath } from "./dom.js";
import { utf8, utf8Lossy, encodeUtf8, prettyJson, hexDump, hexPairs, parseHex } from "./bytes.js";

const PERMS = [[1, "r", "READ"], [2, "w", "WRITE"], [4, "c", "CREATE"], [8, "d", "DELETE"], [16, "a", "ADMIN"]];
const MODES = ["PERSISTENT", "EPHEMERAL", "PERSISTENT_SEQUENTIAL", "EPHEMERAL_SEQUENTIAL", "CONTAINER"];
const TTL_MODES = ["PERSISTENT_WITH_TTL", "PERSISTENT_SEQUENTIAL_WITH_TTL"];

function permLetters(perms) {
  return PERMS.map(([bit, letter]) => (perms & bit ? letter : "-")).join("");
}

function permNames(perms) {
  return PERMS.filter(([bit]) => perms & bit).map(([, , name]) => name).join(", ") || "none";
}

/**
 * A row of buttons of which one is active; `onPick(value)` on a click. Returns the element and
 * `set(value)`, which marks a button active without calling `onPick`.
 */
function segmented(values, active, onPick, idPrefix) {
  const node = el("div", { class: "segmented", role: "group" });
  const set = (value) => {
    for (const button of node.children) button.classList.toggle("active", button.dataset.value === value);
  };
  for (const [value, label] of values) {
    node.append(el("button", { type: "button", id: `${idPrefix}-${value}`, dataset: { value },
      onclick: () => { set(value); onPick(value); } }, label));
  }
  set(active);
  return { node, set };
}

export class NodeView {
  #client;
  #pane;
  #tree;
  #ttlEnabled;
  #path = null;
  /** What was read last: {bytes, stat, acl}, or null while reading or when the znode is gone. */
  #node = null;
  #loadToken = 0;
  #viewMode = "text";
  #editMode = "text";
  /** The editor's text as it was filled; a different value means the user is editing. */
  #editBaseline = "";
  #parts = {};
  /** A line to show once the next view has loaded (what happened to the previous one). */
  #carriedNotice = null;

  constructor(client, pane, tree, { ttlEnabled }) {
    this.#client = client;
    this.#pane = pane;
    this.#tree = tree;
    this.#ttlEnabled = ttlEnabled;
  }

  /** Shows `path`: reads its data, Stat and ACL. */
  show(path) {
    this.#path = path;
    this.#node = null;
    this.#build();
    this.#load(true);
  }

  /** An event of the recursive watch: refresh what it changed; never overwrite an edit in progress. */
  onEvent(event) {
    if (this.#path === null) return;
    if (event.path === this.#path && event.type === "NodeDeleted") {
      this.#node = null;
      this.#parts.notice.show(`${this.#path} was deleted (zxid ${event.zxid}).`, "error");
      this.#setEnabled(false);
      return;
    }
    const child = parentOf(event.path) === this.#path && (event.type === "NodeCreated" || event.type === "NodeDeleted");
    if (event.path === this.#path || child) {
      this.#load(false);
    }
  }

  // ---- reading ---------------------------------------------------------------------------

  async #load(refillEditor) {
    const token = ++this.#loadToken;
    const path = this.#path;
    try {
      const node = await this.#read(path);
      if (token !== this.#loadToken) return;
      this.#node = node;
      const stat = node.stat;
      this.#setEnabled(true);
      this.#renderData();
      this.#renderStat();
      this.#renderAcl();
      // A delete is of what the view shows: its version follows the newest read.
      this.#parts.deleteVersion.value = stat ? String(stat.version) : "";
      if (refillEditor || !this.#editing()) {
        this.#fillEditor();
        this.#parts.notice.clear();
        if (this.#carriedNotice) this.#parts.notice.show(this.#carriedNotice, "ok");
        this.#carriedNotice = null;
      } else if (stat && Number(this.#parts.version.value) !== stat.version && !this.#parts.anyVersion.checked) {
        this.#parts.notice.show(`Changed on the node: now version ${stat.version}. Saving your edit with version `
          + `${this.#parts.version.value} will fail with BADVERSION; Reload takes the new data.`, "error");
      }
    } catch (error) {
      if (token !== this.#loadToken) return;
      this.#setEnabled(false);
      this.#parts.notice.show(error.code === "NONODE" ? `${path} does not exist.` : errorText(error), "error");
    }
  }

  /**
   * The znode's data, Stat and ACL. Without READ permission the data and the Stat are an error to
   * show (the node answers getData and exists with NOAUTH alike), and so is an ACL that cannot
   * be read; the znode can still be written, created under or deleted if its ACL allows.
   */
  async #read(path) {
    const [data, acl] = await Promise.allSettled([this.#client.getData(path, { binary: true }),
      this.#client.getACL(path)]);
    const node = { bytes: new Uint8Array(0), isNull: false, stat: null, dataError: null, acl: null, aclError: null };
    if (data.status === "fulfilled") {
      node.stat = data.value.stat;
      node.isNull = data.value.data === null;
      node.bytes = data.value.data || node.bytes;
    } else if (data.reason.code === "NOAUTH") {
      node.dataError = data.reason;
    } else {
      throw data.reason;
    }
    if (acl.status === "fulfilled") node.acl = acl.value.acl; else node.aclError = acl.reason;
    return node;
  }

  #editing() {
    return this.#parts.editor.value !== this.#editBaseline;
  }

  // ---- the parts of the view -------------------------------------------------------------

  #build() {
    const p = this.#parts;
    p.notice = messageLine("node-notice");
    p.data = el("pre", { class: "data", id: "node-data" });
    p.stat = el("div", { id: "node-stat" });
    p.acl = el("div", { id: "node-acl" });
    p.reload = el("button", { type: "button", class: "plain", id: "node-reload", onclick: () => this.#load(true) },
      "Reload");
    replace(this.#pane,
      el("div", { class: "node-title" }, el("span", { class: "path", id: "node-path" }, this.#path),
        el("span", { id: "node-marks" }), p.reload),
      p.notice.node,
      el("div", { class: "toolbar" }, el("span", { class: "muted" }, "Data"),
        segmented([["text", "Text"], ["json", "JSON"], ["hex", "Hex"]], this.#viewMode, (mode) => {
          this.#viewMode = mode;
          this.#renderData();
        }, "view").node,
        el("span", { class: "muted small", id: "node-data-info" })),
      p.data,
      el("div", { class: "columns" },
        el("div", {}, el("h3", {}, "Stat"), p.stat),
        el("div", {}, el("h3", {}, "ACL"), p.acl, this.#editSection())),
      el("div", { class: "columns" }, this.#createSection(), this.#deleteSection()));
  }

  #editSection() {
    const p = this.#parts;
    p.editor = el("textarea", { id: "edit-data", spellcheck: "false", "aria-label": "new data" });
    p.version = el("input", { type: "number", class: "version", id: "edit-version", "aria-label": "expected version" });
    p.anyVersion = el("input", { type: "checkbox", id: "edit-any-version" });
    p.save = el("button", { type: "button", class: "primary", id: "edit-save", onclick: () => this.#save() }, "Save");
    p.editMessage = messageLine("edit-message");
    p.editAs = segmented([["text", "Text"], ["json", "JSON"], ["hex", "Hex"]], this.#editMode,
      (mode) => this.#switchEditMode(mode), "edit-as");
    return el("div", {},
      el("h3", {}, "Edit data"),
      el("div", { class: "toolbar" }, p.editAs.node),
      p.editor,
      el("div", { class: "form-row" }, el("label", { for: "edit-version" }, "version"), p.version,
        el("label", { class: "small" }, p.anyVersion, " any (-1)"), p.save),
      p.editMessage.node);
  }

  #createSection() {
    const p = this.#parts;
    const modes = this.#ttlEnabled ? MODES.concat(TTL_MODES) : MODES;
    p.createName = el("input", { type: "text", id: "create-name", placeholder: "name", "aria-label": "child name" });
    p.createMode = el("select", { id: "create-mode", "aria-label": "mode",
      onchange: () => { p.ttlRow.hidden = !p.createMode.value.includes("TTL"); } },
    modes.map((m) => el("option", { value: m }, m.toLowerCase().replaceAll("_", " "))));
    p.createTtl = el("input", { type: "number", id: "create-ttl", value: "60000", min: "1", "aria-label": "ttl ms" });
    p.ttlRow = el("div", { class: "form-row", hidden: true }, el("label", { for: "create-ttl" }, "TTL ms"), p.createTtl);
    p.createData = el("textarea", { id: "create-data", spellcheck: "false", placeholder: "data (text, optional)",
      "aria-label": "data of the new znode" });
    p.create = el("button", { type: "button", class: "primary", id: "create-button", onclick: () => this.#create() },
      "Create");
    p.createMessage = messageLine("create-message");
    return el("div", { class: "card" },
      el("h3", {}, "Create a child"),
      el("div", { class: "form-row" }, el("label", { for: "create-name" }, "name"), p.createName),
      el("div", { class: "form-row" }, el("label", { for: "create-mode" }, "mode"), p.createMode),
      p.ttlRow, p.createData,
      el("div", { class: "form-row" }, p.create,
        el("span", { class: "muted small" }, "Ephemerals belong to this console's session.")),
      p.createMessage.node);
  }

  #deleteSection() {
    const p = this.#parts;
    p.deleteVersion = el("input", { type: "number", class: "version", id: "delete-version", "aria-label": "version" });
    p.deleteAny = el("input", { type: "checkbox", id: "delete-any-version" });
    p.delete = el("button", { type: "button", class: "danger", id: "delete-button", onclick: () => this.#delete() },
      "Delete");
    p.deleteMessage = messageLine("delete-message");
    return el("div", { class: "card" },
      el("h3", {}, "Delete this znode"),
      el("div", { class: "form-row" }, el("label", { for: "delete-version" }, "version"), p.deleteVersion,
        el("label", { class: "small" }, p.deleteAny, " any (-1)"), p.delete),
      p.deleteMessage.node);
  }

  #setEnabled(enabled) {
    for (const key of ["save", "create", "delete"]) {
      this.#parts[key].disabled = !enabled;
    }
    // The root cannot be deleted.
    this.#parts.delete.disabled = !enabled || this.#path === "/";
  }

  #renderData() {
    const node = this.#node;
    if (!node) return;
    const info = document.getElementById("node-data-info");
    let text;
    if (node.dataError) {
      text = errorText(node.dataError);
    } else if (node.isNull) {
      text = "(null)";
    } else if (this.#viewMode === "hex") {
      text = hexDump(node.bytes);
    } else if (this.#viewMode === "json") {
      text = prettyJson(node.bytes) ?? "(not JSON)\n" + utf8Lossy(node.bytes);
    } else {
      text = utf8(node.bytes) ?? utf8Lossy(node.bytes);
    }
    this.#parts.data.textContent = text;
    info.textContent = node.dataError ? "" : `${node.bytes.length} bytes` + (utf8(node.bytes) === null ? ", not UTF-8" : "");
  }

  #renderStat() {
    const s = this.#node.stat;
    if (!s) {
      replace(document.getElementById("node-marks"), el("span", { class: "badge bad" }, "no READ"));
      replace(this.#parts.stat, el("p", { class: "error" }, errorText(this.#node.dataError)));
      return;
    }
    const eph = s.ephemeralOwner && s.ephemeralOwner !== "0x0";
    replace(document.getElementById("node-marks"), eph ? el("span", { class: "badge eph" }, "ephemeral") : null);
    replace(this.#parts.stat, keyValues([
      ["version", String(s.version), "version"], ["cversion", String(s.cversion), "cversion"],
      ["aversion", String(s.aversion), "aversion"], ["czxid", s.czxid, "czxid"], ["mzxid", s.mzxid, "mzxid"],
      ["pzxid", s.pzxid, "pzxid"], ["ctime", dateTime(s.ctime), "ctime"], ["mtime", dateTime(s.mtime), "mtime"],
      ["ephemeralOwner", s.ephemeralOwner, "ephemeralOwner"], ["dataLength", String(s.dataLength), "dataLength"],
      ["numChildren", String(s.numChildren), "numChildren"]]));
  }

  #renderAcl() {
    if (this.#node.aclError) {
      replace(this.#parts.acl, el("p", { class: "error" }, errorText(this.#node.aclError)));
      return;
    }
    replace(this.#parts.acl, table(["scheme", "id", "perms"], this.#node.acl.map((entry) => [
      entry.scheme, entry.id, el("span", { class: "mono", title: permNames(entry.perms) }, permLetters(entry.perms))])));
  }

  // ---- editing ---------------------------------------------------------------------------

  #editorText(bytes, mode) {
    if (mode === "hex") return hexPairs(bytes);
    if (mode === "json") return prettyJson(bytes) ?? utf8Lossy(bytes);
    return utf8Lossy(bytes);
  }

  #fillEditor() {
    const node = this.#node;
    if (this.#editMode !== "hex" && utf8(node.bytes) === null) {
      // Bytes that are not UTF-8 would be changed by a text editor: edit them as hex.
      this.#editMode = "hex";
      this.#parts.editAs.set("hex");
    }
    this.#parts.editor.value = this.#editorText(node.bytes, this.#editMode);
    this.#editBaseline = this.#parts.editor.value;
    this.#parts.version.value = node.stat ? String(node.stat.version) : "";
  }

  /** The editor's content as bytes in its current mode; throws an Error saying what is wrong. */
  #editorBytes(mode = this.#editMode) {
    const text = this.#parts.editor.value;
    if (mode === "hex") return parseHex(text);
    if (mode === "json") {
      try {
        JSON.parse(text);
      } catch (e) {
        throw new Error("not valid JSON: " + e.message);
      }
    }
    return encodeUtf8(text);
  }

  #switchEditMode(mode) {
    const editing = this.#editing();
    try {
      const bytes = this.#editorBytes(this.#editMode === "json" ? "text" : this.#editMode);
      this.#parts.editor.value = this.#editorText(bytes, mode);
      if (!editing) this.#editBaseline = this.#parts.editor.value;
      this.#parts.editMessage.clear();
    } catch (e) {
      this.#parts.editMessage.show(e.message, "error");
    }
    this.#editMode = mode;
  }

  async #save() {
    const p = this.#parts;
    let bytes;
    try {
      bytes = this.#editorBytes();
    } catch (e) {
      p.editMessage.show(e.message, "error");
      return;
    }
    const typed = p.version.value.trim();
    const version = p.anyVersion.checked ? -1 : typed === "" ? NaN : Number(typed);
    if (!Number.isInteger(version) || version < -1) {
      p.editMessage.show("the version must be a whole number (-1 for any)", "error");
      return;
    }
    p.save.disabled = true;
    try {
      const stat = await this.#client.setData(this.#path, bytes, version);
      p.editMessage.show(`Saved: version ${stat.version}, mzxid ${stat.mzxid}.`, "ok");
      this.#editBaseline = p.editor.value;
      p.version.value = String(stat.version);
      this.#load(false);
    } catch (error) {
      p.editMessage.show(error.code === "BADVERSION"
        ? `BADVERSION: the znode is no longer at version ${version} (someone changed it). Reload, then edit again.`
        : errorText(error), "error");
    } finally {
      p.save.disabled = this.#node === null;
    }
  }

  async #create() {
    const p = this.#parts;
    const mode = p.createMode.value;
    const name = p.createName.value.trim();
    if (name === "" && !mode.includes("SEQUENTIAL")) {
      p.createMessage.show("a name is needed (a sequential znode may have an empty prefix)", "error");
      return;
    }
    const options = { mode };
    if (mode.includes("TTL")) options.ttl = Number(p.createTtl.value);
    const path = childPath(this.#path, name);
    try {
      const created = await this.#client.create(path, p.createData.value === "" ? null : p.createData.value, options);
      p.createMessage.show(`Created ${created.path}.`, "ok");
      p.createName.value = "";
      await this.#tree.reveal(created.path);
      this.#tree.select(created.path);
    } catch (error) {
      p.createMessage.show(errorText(error), "error");
    }
  }

  async #delete() {
    const p = this.#parts;
    if (p.delete.dataset.confirm !== "yes") {
      // Two clicks: a slip of the mouse does not delete a znode.
      p.delete.dataset.confirm = "yes";
      p.delete.textContent = "Really delete?";
      setTimeout(() => {
        p.delete.dataset.confirm = "";
        p.delete.textContent = "Delete";
      }, 5000);
      return;
    }
    p.delete.dataset.confirm = "";
    p.delete.textContent = "Delete";
    const typed = p.deleteVersion.value.trim();
    const version = p.deleteAny.checked ? -1 : typed === "" ? NaN : Number(typed);
    if (!Number.isInteger(version) || version < -1) {
      p.deleteMessage.show("the version must be a whole number (-1 for any)", "error");
      return;
    }
    const path = this.#path;
    try {
      await this.#client.delete(path, version);
      this.#carriedNotice = `Deleted ${path}.`;
      this.#tree.select(parentOf(path) ?? "/");
    } catch (error) {
      p.deleteMessage.show(errorText(error), "error");
    }
  }
}
