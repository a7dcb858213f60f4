// Paddock JavaScript client: a ZooKeeper-style session over Paddock's WebSocket JSON protocol.
//
// A plain ES module with no dependencies and no build step, served by every Paddock node at
// /paddock.js. It runs in browsers and in Node.js 22+ (or Node 20/21 with --experimental-websocket),
// or anywhere else given a WebSocket constructor in the options.
//
//   import { PaddockClient, Op } from "http://localhost:8080/paddock.js";
//   const zk = await PaddockClient.connect("ws://localhost:8080/ws");
//   await zk.create("/app", "hello");
//   const watch = await zk.addWatch("/app", (event) => console.log(event.type, event.path),
//       { recursive: true });
//
// Every op returns a promise; watch callbacks get events. After a lost connection the client
// reconnects by itself (to the next URL when given several), resumes its session with its id and
// password, adds its credentials again, re-arms its one-shot watches (setWatches) and resumes its
// persistent and recursive watches from the last zxid it saw, so that no event is missed or
// repeated. The protocol and this API are described in docs/websocket-protocol.md.

/** An error answered by the node, or a lost connection: `code` is a name such as "NONODE". */
export class PaddockError extends Error {
  constructor(error) {
    super(error.message || error.code);
    this.name = "PaddockError";
    /** "NONODE", "BADVERSION", ..., or one of the protocol's own ("HISTORY_GONE", "CONNECTIONLOSS", ...). */
    this.code = error.code;
    /** The ZooKeeper error number (-101 for NONODE), or null for the protocol's own errors. */
    this.zkCode = error.zkCode === undefined ? null : error.zkCode;
    /** With HISTORY_GONE: the oldest zxid a watch can still be resumed from. */
    this.oldestZxid = error.oldestZxid;
    /** With a failed multi: each op's result or error. */
    this.results = error.results;
  }
}

/** The create modes. */
export const CreateMode = Object.freeze({
  PERSISTENT: "PERSISTENT",
  EPHEMERAL: "EPHEMERAL",
  PERSISTENT_SEQUENTIAL: "PERSISTENT_SEQUENTIAL",
  EPHEMERAL_SEQUENTIAL: "EPHEMERAL_SEQUENTIAL",
  CONTAINER: "CONTAINER",
  PERSISTENT_WITH_TTL: "PERSISTENT_WITH_TTL",
  PERSISTENT_SEQUENTIAL_WITH_TTL: "PERSISTENT_SEQUENTIAL_WITH_TTL",
});

/** Builders of the ops of multi() (create, delete, setData, check) and multiRead() (getData, getChildren). */
export const Op = Object.freeze({
  create: (path, data, options = {}) => withData({ op: "create", path, mode: options.mode, acl: options.acl,
    ttl: options.ttl }, data),
  delete: (path, version = -1) => ({ op: "delete", path, version }),
  setData: (path, data, version = -1) => withData({ op: "setData", path, version }, data),
  check: (path, version) => ({ op: "check", path, version }),
  getData: (path) => ({ op: "getData", path }),
  getChildren: (path) => ({ op: "getChildren", path }),
});

/** The ACL world:anyone with every permission, the default of create(). */
export const OPEN_ACL_UNSAFE = Object.freeze([{ perms: 31, scheme: "world", id: "anyone" }]);

const CONNECTION_LOSS = { code: "CONNECTIONLOSS", zkCode: -4, message: "the connection to the node was lost" };
const SESSION_EXPIRED = { code: "SESSIONEXPIRED", zkCode: -112, message: "the session has expired" };
const CLOSED = { code: "CLOSED", zkCode: null, message: "the client was closed" };
/** Closing reasons after which the session cannot be resumed. */
const FINAL = new Set(["SESSIONEXPIRED"]);

function withData(message, data) {
  if (data === undefined || data === null) {
    return message;
  }
  if (typeof data === "string") {
    message.data = data;
  } else {
    message.dataBase64 = toBase64(data);
  }
  return message;
}

function toBase64(data) {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/** Znode data of a reply: a string (valid UTF-8 sent as text), a Uint8Array (base64), or null. */
function dataOf(result) {
  if (typeof result.dataBase64 === "string") {
    return fromBase64(result.dataBase64);
  }
  return result.data === undefined ? null : result.data;
}

function zxidOf(text) {
  return typeof text === "string" ? BigInt(text) : null;
}

function hex(zxid) {
  return "0x" + zxid.toString(16);
}

function isUnder(path, root) {
  return root === "/" || path === root || (path.startsWith(root) && path.charAt(root.length) === "/");
}

/**
 * One session with a Paddock ensemble. Create with `new PaddockClient(url, options)` then
 * `await client.connect()`, or `await PaddockClient.connect(url, options)`.
 *
 * `url`: a WebSocket URL such as "ws://host:8080/ws", or an array of them (the members of an
 * ensemble: the client moves to the next one when a connection fails).
 * `options`: `sessionTimeoutMs` (10000; the node clamps it to its bounds), `reconnectDelayMs`
 * (100, doubling to `reconnectDelayMaxMs`, 5000), `onStateChange(state, detail)`, and `WebSocket`
 * (a constructor, when the environment has no global one).
 */
export class PaddockClient {
  #urls;
  #options;
  #WebSocket;
  #socket = null;
  #urlIndex = 0;
  #nextId = 1;
  #pending = new Map();
  #queue = [];
  #oneShot = { data: new Map(), exist: new Map(), child: new Map() };
  #persistent = new Map();
  #auths = [];
  #state = "new";
  #sessionId = null;
  #password = null;
  #timeoutMs = 0;
  #lastZxid = 0n;
  #connected = null;
  #reconnectDelayMs;
  #reconnectTimer = null;
  #pingTimer = null;
  #lastReceivedMs = 0;

  constructor(url, options = {}) {
    this.#urls = Array.isArray(url) ? url.slice() : [url];
    if (this.#urls.length === 0) {
      throw new TypeError("PaddockClient needs at least one WebSocket URL");
    }
    this.#options = { sessionTimeoutMs: 10000, reconnectDelayMs: 100, reconnectDelayMaxMs: 5000, ...options };
    this.#WebSocket = this.#options.WebSocket || globalThis.WebSocket;
    if (typeof this.#WebSocket !== "function") {
      throw new TypeError("no WebSocket here: pass one as options.WebSocket");
    }
    this.#reconnectDelayMs = this.#options.reconnectDelayMs;
  }

  /** A client whose first session is open. */
  static async connect(url, options = {}) {
    const client = new PaddockClient(url, options);
    await client.connect();
    return client;
  }

  /** "new", "connecting", "connected", "disconnected" (reconnecting), "expired" or "closed". */
  get state() { return this.#state; }

  /** The session id as a "0x..." string, or null before the first session. */
  get sessionId() { return this.#sessionId; }

  /** The session password (base64): with sessionId, what resumes the session. */
  get sessionPassword() { return this.#password; }

  /** The session timeout the node granted, in ms. */
  get sessionTimeoutMs() { return this.#timeoutMs; }

  /** The highest zxid this client has seen, as a "0x..." string: what to resume watches from. */
  get lastZxid() { return hex(this.#lastZxid); }

  /** Opens the session; resolves once the node has answered "connected". */
  connect() {
    if (this.#connected === null) {
      this.#connected = {};
      this.#connected.promise = new Promise((resolve, reject) => {
        this.#connected.resolve = resolve;
        this.#connected.reject = reject;
      });
      this.#open();
    }
    return this.#connected.promise;
  }

  // ---- znode ops ------------------------------------------------------------------------

  /** Creates a znode; `data` is a string (UTF-8), a Uint8Array or null. Resolves {path, stat}. */
  create(path, data = null, options = {}) {
    return this.#call(withData({ op: "create", path, mode: options.mode, acl: options.acl, ttl: options.ttl }, data));
  }

  delete(path, version = -1) {
    return this.#call({ op: "delete", path, version }).then(() => undefined);
  }

  /** The znode's Stat, or null when it does not exist. `options.watch`: a one-shot callback. */
  exists(path, options = {}) {
    const watch = options.watch;
    return this.#call({ op: "exists", path, watch: Boolean(watch) }).then(
      (result) => { this.#armOneShot("exist", path, watch); return result.stat; },
      (error) => {
        if (error.code === "NONODE") {
          this.#armOneShot("exist", path, watch);
          return null;
        }
        throw error;
      });
  }

  /**
   * Resolves {data, stat}: data is a string when the bytes are UTF-8 (a Uint8Array otherwise,
   * or always with `options.binary`). `options.watch`: a one-shot callback.
   */
  getData(path, options = {}) {
    const watch = options.watch;
    return this.#call({ op: "getData", path, watch: Boolean(watch), encoding: options.binary ? "base64" : undefined })
      .then((result) => { this.#armOneShot("data", path, watch); return { data: dataOf(result), stat: result.stat }; });
  }

  /** Resolves the new Stat. */
  setData(path, data, version = -1) {
    return this.#call(withData({ op: "setData", path, version }, data)).then((result) => result.stat);
  }

  /** Resolves {children, stat}: the names, sorted. `options.watch`: a one-shot callback. */
  getChildren(path, options = {}) {
    const watch = options.watch;
    return this.#call({ op: "getChildren", path, watch: Boolean(watch), stat: true })
      .then((result) => { this.#armOneShot("child", path, watch); return result; });
  }

  getAllChildrenNumber(path) {
    return this.#call({ op: "getAllChildrenNumber", path }).then((result) => result.count);
  }

  /** The paths of this session's ephemerals under `prefix`. */
  getEphemerals(prefix = "/") {
    return this.#call({ op: "getEphemerals", prefix }).then((result) => result.paths);
  }

  /** All ops or none (see Op); resolves each op's result, or rejects with `error.results`. */
  multi(ops) {
    return this.#call({ op: "multi", ops }).then((result) => result.results.map(withDataOf));
  }

  /** Reads in one go (Op.getData, Op.getChildren); a failed read is an `{op: "error", error}` entry. */
  multiRead(ops) {
    return this.#call({ op: "multiRead", ops }).then((result) => result.results.map(withDataOf));
  }

  /** Waits until this node has applied every write the leader had committed when sync arrived. */
  sync(path = "/") {
    return this.#call({ op: "sync", path }).then(() => undefined);
  }

  getACL(path) {
    return this.#call({ op: "getACL", path });
  }

  setACL(path, acl, version = -1) {
    return this.#call({ op: "setACL", path, acl, version }).then((result) => result.stat);
  }

  /** Adds credentials ("digest", "user:password"); they are added again on every reconnect. */
  addAuth(scheme, auth) {
    return this.#call({ op: "addAuth", scheme, auth }).then(() => { this.#auths.push({ scheme, auth }); });
  }

  /** The identities of this connection: [{scheme, user}]. */
  whoAmI() {
    return this.#call({ op: "whoAmI" }).then((result) => result.clientInfo);
  }

  // ---- watches -------------------------------------------------------------------------

  /**
   * A persistent watch on `path` (all its events, children changes included) or, with
   * `options.recursive`, on `path` and everything under it (no children changes). `callback`
   * gets {type, path, zxid}. With `options.fromZxid` it first gets every change after that zxid
   * (if the node still holds them; else the promise rejects with HISTORY_GONE and
   * `error.oldestZxid`). Resolves a handle whose remove() ends the watch. After a reconnect the
   * client resumes it from the last zxid it saw; if the node no longer holds that history, the
   * callback gets {type: "HistoryGone", path, oldestZxid} (re-read what you need) and the watch
   * resumes from oldestZxid.
   */
  addWatch(path, callback, options = {}) {
    const mode = options.recursive ? "PERSISTENT_RECURSIVE" : "PERSISTENT";
    const key = mode + " " + path;
    const message = { op: "addWatch", path, mode };
    if (options.fromZxid !== undefined && options.fromZxid !== null) {
      message.fromZxid = typeof options.fromZxid === "bigint" ? hex(options.fromZxid) : String(options.fromZxid);
    }
    const entry = { callback };
    return this.#call(message, entry).then(() => {
      let registration = this.#persistent.get(key);
      if (!registration) {
        registration = { path, mode, recursive: mode === "PERSISTENT_RECURSIVE", entries: new Set() };
        this.#persistent.set(key, registration);
      }
      registration.entries.add(entry);
      return { path, mode, remove: () => this.#removeWatch(key, entry) };
    });
  }

  /** removeWatches: `type` is "CHILDREN", "DATA", "ANY", "PERSISTENT" or "PERSISTENT_RECURSIVE". */
  removeWatches(path, type = "ANY") {
    this.#forgetWatches(path, type);
    return this.#call({ op: "removeWatches", path, type }).then(() => undefined);
  }

  async #removeWatch(key, entry) {
    const registration = this.#persistent.get(key);
    if (!registration || !registration.entries.delete(entry)) {
      return;
    }
    if (registration.entries.size === 0) {
      this.#persistent.delete(key);
      await this.#call({ op: "removeWatches", path: registration.path, type: registration.mode });
    }
  }

  #forgetWatches(path, type) {
    if (type === "DATA" || type === "ANY") {
      this.#oneShot.data.delete(path);
      this.#oneShot.exist.delete(path);
    }
    if (type === "CHILDREN" || type === "ANY") {
      this.#oneShot.child.delete(path);
    }
    for (const [key, registration] of this.#persistent) {
      if (registration.path === path && (type === "ANY" || type === registration.mode)) {
        this.#persistent.delete(key);
      }
    }
  }

  #armOneShot(kind, path, callback) {
    if (typeof callback !== "function") {
      return;
    }
    const table = this.#oneShot[kind];
    if (!table.has(path)) {
      table.set(path, new Set());
    }
    table.get(path).add(callback);
  }

  // ---- closing -------------------------------------------------------------------------

  /** Ends the session (its ephemerals go) and closes the connection. */
  async close() {
    if (this.#state === "closed" || this.#state === "expired") {
      return;
    }
    if (this.#state === "connected") {
      try {
        await this.#call({ op: "close" });
      } catch (ignored) {
        // The connection went first: the session expires on its own.
      }
    }
    this.#finish("closed", CLOSED);
  }

  /**
   * Drops the connection as a network failure would; the client then reconnects and resumes.
   * For tests of what applications see across reconnects.
   */
  dropConnection() {
    if (this.#socket) {
      this.#lost(this.#socket, CONNECTION_LOSS);
    }
  }

  // ---- the connection ------------------------------------------------------------------

  #setState(state, detail) {
    if (this.#state === state) {
      return;
    }
    this.#state = state;
    if (typeof this.#options.onStateChange === "function") {
      try {
        this.#options.onStateChange(state, detail);
      } catch (e) {
        console.error("onStateChange threw", e);
      }
    }
  }

  #open() {
    this.#reconnectTimer = null;
    const url = this.#urls[this.#urlIndex % this.#urls.length];
    this.#setState("connecting", { url });
    let socket;
    try {
      socket = new this.#WebSocket(url);
    } catch (e) {
      this.#scheduleReconnect();
      return;
    }
    this.#socket = socket;
    const resumeFrom = this.#lastZxid;
    socket.onopen = () => {
      if (socket !== this.#socket) return;
      const connect = { op: "connect", timeoutMs: this.#options.sessionTimeoutMs, lastZxidSeen: hex(this.#lastZxid) };
      if (this.#sessionId !== null) {
        connect.sessionId = this.#sessionId;
        connect.password = this.#password;
      }
      socket.send(JSON.stringify(connect));
    };
    socket.onmessage = (message) => {
      if (socket !== this.#socket) return;
      this.#lastReceivedMs = Date.now();
      this.#received(JSON.parse(message.data), resumeFrom);
    };
    socket.onclose = () => {
      if (socket === this.#socket) this.#lost(socket, CONNECTION_LOSS);
    };
    socket.onerror = () => { };
  }

  #received(message, resumeFrom) {
    if (typeof message.zxid === "string") {
      const zxid = BigInt(message.zxid);
      if (zxid > this.#lastZxid) this.#lastZxid = zxid;
    }
    switch (message.type) {
      case "connected": this.#onConnected(message, resumeFrom); break;
      case "reply": this.#onReply(message); break;
      case "event": this.#onEvent(message); break;
      case "closing": this.#onClosing(message.error); break;
      default: console.warn("paddock: " + JSON.stringify(message));
    }
  }

  #onConnected(message, resumeFrom) {
    const resumed = this.#sessionId === message.sessionId;
    this.#sessionId = message.sessionId;
    this.#password = message.password;
    this.#timeoutMs = message.timeoutMs;
    this.#reconnectDelayMs = this.#options.reconnectDelayMs;
    this.#setState("connected", { sessionId: this.#sessionId, resumed });
    this.#startPings();
    if (resumed) {
      this.#resume(resumeFrom);
    }
    const queued = this.#queue;
    this.#queue = [];
    for (const request of queued) {
      this.#send(request);
    }
    if (this.#connected && this.#connected.resolve) {
      this.#connected.resolve();
      this.#connected.resolve = null;
    }
  }

  /** After a reconnect: credentials, then one-shot watches, then persistent ones from `fromZxid`. */
  #resume(fromZxid) {
    for (const { scheme, auth } of this.#auths) {
      this.#send(this.#request({ op: "addAuth", scheme, auth }, null, () => { }, () => { }));
    }
    const paths = (table) => Array.from(table.keys());
    if (this.#oneShot.data.size + this.#oneShot.exist.size + this.#oneShot.child.size > 0) {
      this.#send(this.#request({ op: "setWatches", relativeZxid: hex(fromZxid), dataWatches: paths(this.#oneShot.data),
        existWatches: paths(this.#oneShot.exist), childWatches: paths(this.#oneShot.child) }, null, () => { }, () => { }));
    }
    for (const registration of this.#persistent.values()) {
      // A watch whose last resume was not answered yet (its node may have been reading old history from
      // disk) resumes from where its replay got to, not from the newer zxids the connection saw meanwhile.
      const pending = registration.resumeFrom;
      this.#resumeWatch(registration, pending !== undefined && pending < fromZxid ? pending : fromZxid);
    }
  }

  #resumeWatch(registration, fromZxid) {
    registration.resumeFrom = fromZxid;
    const replay = { callback: (event) => {
      if (event.zxid !== null && BigInt(event.zxid) > registration.resumeFrom) {
        registration.resumeFrom = BigInt(event.zxid);
      }
      this.#deliver(registration.entries, event);
    } };
    const message = { op: "addWatch", path: registration.path, mode: registration.mode, fromZxid: hex(fromZxid) };
    const attempt = registration.attempt = (registration.attempt || 0) + 1;
    const answered = () => {
      if (registration.attempt === attempt) registration.resumeFrom = undefined;
    };
    this.#send(this.#request(message, replay, answered, (error) => {
      if (error.code === "HISTORY_BUSY") {
        // The node is reading other resumes' history from disk: ask again shortly, from the same zxid
        // (the watch was not registered, so nothing is repeated), unless a reconnect resumed it meanwhile.
        setTimeout(() => {
          if (this.#state === "connected" && registration.attempt === attempt
              && this.#persistent.get(registration.mode + " " + registration.path) === registration) {
            this.#resumeWatch(registration, fromZxid);
          }
        }, this.#options.reconnectDelayMs * (1 + Math.random()));
        return;
      }
      if (error.code !== "HISTORY_GONE") {
        return; // the connection went again: the next reconnect resumes it
      }
      const oldest = BigInt(error.oldestZxid);
      this.#deliver(registration.entries, { type: "HistoryGone", path: registration.path, oldestZxid: error.oldestZxid,
        zxid: null });
      if (this.#persistent.get(registration.mode + " " + registration.path) === registration) {
        this.#resumeWatch(registration, oldest);
      }
    }));
  }

  #onReply(message) {
    const pending = this.#pending.get(message.id);
    if (!pending) {
      return;
    }
    this.#pending.delete(message.id);
    if (message.error) {
      pending.reject(new PaddockError({ ...message.error, results: message.results }));
    } else {
      pending.resolve(message.result);
    }
  }

  #onEvent(message) {
    const event = { type: message.event, path: message.path, zxid: message.zxid };
    if (message.replayFor !== undefined) {
      const pending = this.#pending.get(message.replayFor);
      if (pending && pending.watch) {
        this.#deliver([pending.watch], event);
      }
      return;
    }
    const path = event.path;
    const fired = [];
    const take = (table) => {
      const callbacks = table.get(path);
      if (callbacks) {
        table.delete(path);
        fired.push(...callbacks);
      }
    };
    if (event.type !== "NodeChildrenChanged") {
      take(this.#oneShot.data);
      take(this.#oneShot.exist);
    }
    if (event.type === "NodeChildrenChanged" || event.type === "NodeDeleted") {
      take(this.#oneShot.child);
    }
    for (const callback of new Set(fired)) {
      this.#invoke(callback, event);
    }
    if (event.zxid === null || event.zxid === undefined) {
      // setWatches' answer for a one-shot watch: persistent watches get the real event, with its
      // zxid, from their own resume.
      return;
    }
    for (const registration of this.#persistent.values()) {
      const matches = registration.recursive
        ? event.type !== "NodeChildrenChanged" && isUnder(path, registration.path)
        : path === registration.path;
      if (matches) {
        this.#deliver(registration.entries, event);
      }
    }
  }

  #deliver(entries, event) {
    for (const entry of entries) {
      this.#invoke(entry.callback, event);
    }
  }

  #invoke(callback, event) {
    try {
      callback(event);
    } catch (e) {
      console.error("a watch callback threw", e);
    }
  }

  #onClosing(error) {
    if (FINAL.has(error.code)) {
      this.#finish("expired", error);
    } else {
      this.#lost(this.#socket, error);
    }
  }

  /** The connection is gone (or going): fail what was in flight and reconnect. */
  #lost(socket, error) {
    if (socket !== this.#socket || socket === null) {
      return;
    }
    this.#socket = null;
    this.#stopPings();
    try { socket.close(); } catch (ignored) { }
    for (const pending of this.#pending.values()) {
      pending.reject(new PaddockError(CONNECTION_LOSS));
    }
    this.#pending.clear();
    if (this.#state === "closed" || this.#state === "expired") {
      return;
    }
    this.#setState("disconnected", error);
    this.#scheduleReconnect();
  }

  #scheduleReconnect() {
    this.#urlIndex++;
    const delay = this.#reconnectDelayMs * (0.5 + Math.random() / 2);
    this.#reconnectDelayMs = Math.min(this.#reconnectDelayMs * 2, this.#options.reconnectDelayMaxMs);
    this.#reconnectTimer = setTimeout(() => this.#open(), delay);
  }

  #finish(state, error) {
    this.#setState(state, error);
    this.#stopPings();
    if (this.#reconnectTimer) {
      clearTimeout(this.#reconnectTimer);
      this.#reconnectTimer = null;
    }
    const socket = this.#socket;
    this.#socket = null;
    if (socket) {
      try { socket.close(); } catch (ignored) { }
    }
    const failure = new PaddockError(error);
    for (const pending of this.#pending.values()) pending.reject(failure);
    this.#pending.clear();
    for (const request of this.#queue) request.reject(failure);
    this.#queue = [];
    if (this.#connected && this.#connected.reject) {
      this.#connected.reject(failure);
      this.#connected.resolve = null;
    }
  }

  /** A ping every third of the timeout; a connection silent for two thirds of it is given up. */
  #startPings() {
    this.#stopPings();
    this.#lastReceivedMs = Date.now();
    const everyMs = Math.max(50, Math.floor(this.#timeoutMs / 3));
    this.#pingTimer = setInterval(() => {
      if (Date.now() - this.#lastReceivedMs > (this.#timeoutMs * 2) / 3) {
        this.#lost(this.#socket, CONNECTION_LOSS);
        return;
      }
      this.#send(this.#request({ op: "ping" }, null, () => { }, () => { }));
    }, everyMs);
  }

  #stopPings() {
    if (this.#pingTimer) {
      clearInterval(this.#pingTimer);
      this.#pingTimer = null;
    }
  }

  // ---- requests ------------------------------------------------------------------------

  #request(message, watch, resolve, reject) {
    const id = this.#nextId++;
    return { id, text: JSON.stringify({ id, ...message }), watch, resolve, reject };
  }

  #call(message, watch = null) {
    if (this.#state === "closed" || this.#state === "expired") {
      return Promise.reject(new PaddockError(this.#state === "closed" ? CLOSED : SESSION_EXPIRED));
    }
    return new Promise((resolve, reject) => {
      const request = this.#request(message, watch, resolve, reject);
      if (this.#state === "connected" && this.#socket) {
        this.#send(request);
      } else {
        this.#queue.push(request);
      }
    });
  }

  #send(request) {
    if (!this.#socket) {
      this.#queue.push(request);
      return;
    }
    this.#pending.set(request.id, request);
    this.#socket.send(request.text);
  }
}

function withDataOf(result) {
  if (result && (result.data !== undefined || result.dataBase64 !== undefined)) {
    return { ...result, data: dataOf(result), dataBase64: undefined };
  }
  return result;
}
