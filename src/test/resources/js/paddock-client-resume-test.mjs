// The JavaScript client's watch resumes across connections that drop while a resume is unanswered
// (a node reading old history from disk answers late), against a scripted server: run by
// io.paddock.it.JavaScriptClientTest as
//   node paddock-client-resume-test.mjs
// next to the module the node serves at /paddock.js (saved as paddock.mjs). The server side is
// scripted because the interleaving under test (a drop after the replay started and before the
// reply) cannot be produced on demand by a real node. Prints "ALL PASSED" at the end; exits 1 on
// the first failure and 2 when the watchdog fires.

import { PaddockClient } from "./paddock.mjs";

const watchdog = setTimeout(() => {
  console.log("FAIL: the test did not finish within 30 s");
  process.exit(2);
}, 30000);

function same(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(what + ": expected " + e + ", got " + a);
}

async function until(condition, what, timeoutMs = 10000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting for " + what);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A WebSocket whose far end is this script: it records what the client sends and delivers what the script says. */
class ScriptedSocket {
  static sockets = [];

  constructor(url) {
    this.url = url;
    this.sent = [];
    this.closed = false;
    ScriptedSocket.sockets.push(this);
    setTimeout(() => this.onopen && this.onopen(), 0);
  }

  send(text) {
    this.sent.push(JSON.parse(text));
  }

  close() {
    this.closed = true;
  }

  deliver(message) {
    this.onmessage({ data: JSON.stringify(message) });
  }

  /** The first message with this op the client sent on this socket after `skip` of them. */
  async request(op, skip = 0) {
    await until(() => this.sent.filter((m) => m.op === op).length > skip, "the client's " + op);
    return this.sent.filter((m) => m.op === op)[skip];
  }
}

const newest = () => ScriptedSocket.sockets[ScriptedSocket.sockets.length - 1];

/** Waits for the client's next connection, answers its connect with the node's zxid, returns the socket. */
async function accept(count, zxid) {
  await until(() => ScriptedSocket.sockets.length === count, "connection " + count);
  const socket = newest();
  await socket.request("connect");
  socket.deliver({ type: "connected", sessionId: "0x1", password: "AAAAAAAAAAAAAAAAAAAAAA==", timeoutMs: 10000, zxid });
  return socket;
}

try {
  const events = [];
  const client = new PaddockClient("ws://scripted/ws", { WebSocket: ScriptedSocket, reconnectDelayMs: 5 });
  const connecting = client.connect();
  let socket = await accept(1, "0x10");
  await connecting;
  const watching = client.addWatch("/w", (e) => events.push(e.zxid), { recursive: true });
  const add = await socket.request("addWatch");
  socket.deliver({ type: "reply", id: add.id, zxid: "0x10", result: {} });
  await watching;
  socket.deliver({ type: "event", event: "NodeCreated", path: "/w/a", zxid: "0x11" });

  // First drop: the resume starts from the last zxid seen, replays one change, and is not answered.
  client.dropConnection();
  socket = await accept(2, "0x20");
  let resume = await socket.request("addWatch");
  same(resume.fromZxid, "0x11", "the first resume's fromZxid");
  socket.deliver({ type: "event", event: "NodeDataChanged", path: "/w/a", zxid: "0x12", replayFor: resume.id });

  // Second drop before the reply: the client saw 0x20 in "connected", but the watch has only reached 0x12.
  client.dropConnection();
  socket = await accept(3, "0x30");
  resume = await socket.request("addWatch");
  same(resume.fromZxid, "0x12", "a resume cut short resumes from where its replay got to");

  // HISTORY_BUSY: asked again, from the same zxid, on the same connection.
  socket.deliver({ type: "reply", id: resume.id, zxid: "0x30",
    error: { code: "HISTORY_BUSY", zkCode: null, message: "busy" } });
  const again = await socket.request("addWatch", 1);
  same(again.fromZxid, "0x12", "a busy node is asked again from the same zxid");
  socket.deliver({ type: "event", event: "NodeDeleted", path: "/w/a", zxid: "0x25", replayFor: again.id });
  socket.deliver({ type: "reply", id: again.id, zxid: "0x30", result: {} });
  socket.deliver({ type: "event", event: "NodeCreated", path: "/w/b", zxid: "0x31" });

  // Third drop after an answered resume: back to the newest zxid seen before the drop.
  client.dropConnection();
  socket = await accept(4, "0x40");
  resume = await socket.request("addWatch");
  same(resume.fromZxid, "0x31", "an answered resume resumes from the newest zxid seen");
  socket.deliver({ type: "reply", id: resume.id, zxid: "0x40", result: {} });

  same(events, ["0x11", "0x12", "0x25", "0x31"], "every change once, in order");
  console.log("PASS resume cut short");
  console.log("ALL PASSED");
  clearTimeout(watchdog);
  process.exit(0);
} catch (e) {
  console.log("FAIL: " + (e && e.stack ? e.stack : e));
  process.exit(1);
}
