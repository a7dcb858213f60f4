// The JavaScript client against a real node: run by io.paddock.it.JavaScriptClientTest as
//   node [--experimental-websocket] paddock-client-test.mjs ws://127.0.0.1:PORT/ws
// next to the module the node served at /paddock.js (saved as paddock.mjs). Prints one line per
// phase and "ALL PASSED" at the end; exits 1 on the first failure and 2 when the watchdog fires.

import { PaddockClient, PaddockError, Op } from "./paddock.mjs";

const url = process.argv[2];
const watchdog = setTimeout(() => {
  console.log("FAIL: the test did not finish within 90 s");
  process.exit(2);
}, 90000);

function check(condition, what) {
  if (!condition) throw new Error("check failed: " + what);
}

function same(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(what + ": expected " + e + ", got " + a);
}

async function until(condition, what, timeoutMs = 15000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting for " + what);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rejects(promise, code, what) {
  try {
    await promise;
  } catch (e) {
    check(e instanceof PaddockError, what + " rejects with a PaddockError");
    same(e.code, code, what);
    return e;
  }
  throw new Error(what + " should have failed with " + code);
}

const states = [];
const a = await PaddockClient.connect(url, { sessionTimeoutMs: 4000, reconnectDelayMs: 1500,
  onStateChange: (state) => states.push(state) });
const b = await PaddockClient.connect(url, { sessionTimeoutMs: 4000 });

async function ops() {
  same((await a.create("/js", "hello")).path, "/js", "create");
  same((await b.getData("/js")).data, "hello", "text data read by another session");
  await a.setData("/js", new Uint8Array([0, 255, 7]));
  const binary = await b.getData("/js");
  check(binary.data instanceof Uint8Array && binary.data.length === 3 && binary.data[1] === 255, "binary data");
  same((await b.getData("/js", { binary: true })).data.length, 3, "binary on request");
  await a.setData("/js", "text again");
  check((await a.exists("/absent")) === null, "exists of a missing node is null");
  const exists = await rejects(a.create("/js"), "NODEEXISTS", "a second create");
  same(exists.zkCode, -110, "zkCode of NODEEXISTS");
  const ephemeral = await a.create("/js/e-", null, { mode: "EPHEMERAL_SEQUENTIAL" });
  check(/^\/js\/e-\d{10}$/.test(ephemeral.path), "sequential name " + ephemeral.path);
  same(await a.getEphemerals("/js"), [ephemeral.path], "getEphemerals");
  same((await b.getChildren("/js")).children, [ephemeral.path.substring(4)], "getChildren");
  same(await b.getAllChildrenNumber("/js"), 1, "getAllChildrenNumber");
  const results = await a.multi([Op.create("/js/m", "1"), Op.setData("/js/m", "2"), Op.check("/js/m", 1),
    Op.delete("/js/m")]);
  same(results.map((r) => r.op), ["create", "setData", "check", "delete"], "multi results");
  const failed = await rejects(a.multi([Op.create("/js/n"), Op.delete("/js/absent")]), "NONODE", "a failing multi");
  same(failed.results.length, 2, "a failed multi's results");
  check((await b.exists("/js/n")) === null, "a failed multi changes nothing");
  const reads = await a.multiRead([Op.getData("/js"), Op.getChildren("/js"), Op.getData("/js/absent")]);
  same(reads[0].data, "text again", "multiRead getData");
  same(reads[2].op, "error", "multiRead of a missing node");
  await a.sync("/js");
  same((await a.getACL("/js")).acl, [{ perms: 31, scheme: "world", id: "anyone" }], "getACL");
  await a.addAuth("digest", "alice:pw");
  check((await a.whoAmI()).some((id) => id.scheme === "digest" && id.user === "alice"), "whoAmI after addAuth");
  console.log("PASS ops");
  return ephemeral.path;
}

const ephemeral = await ops();

// Watches, live: a one-shot data watch fires once; a recursive watch stays.
const dataEvents = [];
await a.getData("/js", { watch: (event) => dataEvents.push(event) });
const set = await b.setData("/js", "x");
await until(() => dataEvents.length === 1, "the data watch");
same([dataEvents[0].type, dataEvents[0].path, dataEvents[0].zxid], ["NodeDataChanged", "/js", set.mzxid], "data event");
await b.setData("/js", "y");
await a.sync();
same(dataEvents.length, 1, "a one-shot watch fires once");
const recursive = [];
await a.addWatch("/js", (event) => recursive.push(event), { recursive: true });
const r = await b.create("/js/r", "1");
await until(() => recursive.length === 1, "the recursive watch");
same([recursive[0].type, recursive[0].path, recursive[0].zxid], ["NodeCreated", "/js/r", r.stat.czxid], "recursive event");
console.log("PASS watches");

// A dropped connection: the session resumes, the one-shot watch is re-armed, the recursive watch
// resumes from the last zxid seen, and a request made meanwhile waits for the new connection.
const sessionId = a.sessionId;
recursive.length = 0;
await b.create("/js/once", "0");
await until(() => recursive.length === 1, "the create of /js/once");
recursive.length = 0;
const once = [];
await a.getData("/js/once", { watch: (event) => once.push(event) });
a.dropConnection();
await until(() => states.includes("disconnected"), "the disconnect");
const expected = [];
const r2 = await b.create("/js/r2", "x");
expected.push(["NodeCreated", "/js/r2", r2.stat.czxid]);
expected.push(["NodeDataChanged", "/js/r2", (await b.setData("/js/r2", "y")).mzxid]);
await b.delete("/js/r2");
expected.push(["NodeDeleted", "/js/r2", (await b.exists("/js")).pzxid]);
expected.push(["NodeDataChanged", "/js/once", (await b.setData("/js/once", "changed")).mzxid]);
check(a.state !== "connected", "the changes were made while the client was away");
const meanwhile = a.getData("/js/r");
await until(() => a.state === "connected", "the reconnect");
same((await meanwhile).data, "1", "a request made while disconnected");
same(a.sessionId, sessionId, "the same session");
check((await b.exists(ephemeral)) !== null, "the ephemeral survives the reconnect");
await until(() => recursive.length >= expected.length, "the resumed watch's events");
same(recursive.map((e) => [e.type, e.path, e.zxid]), expected, "events missed while away, in order");
await until(() => once.length === 1, "the re-armed one-shot watch");
same([once[0].type, once[0].path, once[0].zxid], ["NodeDataChanged", "/js/once", null], "a setWatches event");
const live = await b.setData("/js/r", "2");
await until(() => recursive.length === expected.length + 1, "a live event after the resume");
same(recursive[expected.length].zxid, live.mzxid, "the live event");
await a.sync();
same(recursive.length, expected.length + 1, "nothing repeated");
console.log("PASS resume");

// Past the node's history (the test node keeps 20 txns): HistoryGone, then everything from the oldest held zxid.
recursive.length = 0;
states.length = 0;
a.dropConnection();
await until(() => states.includes("disconnected"), "the second disconnect");
const zxids = [];
for (let i = 0; i < 30; i++) {
  zxids.push((await b.setData("/js/r", "v" + i)).mzxid);
}
await until(() => a.state === "connected", "the second reconnect");
await until(() => recursive.length > 0 && recursive[recursive.length - 1].zxid === zxids[29], "the replay to the last change");
same(recursive[0].type, "HistoryGone", "the watch is told that history is gone");
const oldest = BigInt(recursive[0].oldestZxid);
const held = zxids.filter((zxid) => BigInt(zxid) > oldest);
check(held.length > 0 && held.length < zxids.length, "the node held some of the changes, not all");
same(recursive.slice(1).map((e) => e.zxid), held, "every change after the oldest held zxid, in order");
console.log("PASS history gone");

// Older than memory but after a snapshot: the node replays the changes from its snapshot and txn log.
await a.sync();
const snapshot = await fetch(url.replace(/^ws/, "http").replace(/\/ws$/, "/admin/snapshot"), { method: "POST" });
same(snapshot.status, 200, "the admin snapshot");
check(BigInt((await snapshot.json()).zxid) <= BigInt(a.lastZxid), "the snapshot is at or before what the client saw");
recursive.length = 0;
states.length = 0;
a.dropConnection();
await until(() => states.includes("disconnected"), "the third disconnect");
const fromDisk = [];
for (let i = 0; i < 30; i++) {
  fromDisk.push((await b.setData("/js/r", "d" + i)).mzxid);
}
await until(() => a.state === "connected", "the third reconnect");
await until(() => recursive.length >= fromDisk.length, "the replay from disk");
same(recursive.map((e) => e.zxid), fromDisk, "every change while away, from disk then memory, in order");
console.log("PASS resume from disk");

// Expiry: a client away longer than its timeout finds its session expired.
const c = await PaddockClient.connect(url, { sessionTimeoutMs: 400, reconnectDelayMs: 4000 });
const mine = await c.create("/js/c-", null, { mode: "EPHEMERAL_SEQUENTIAL" });
c.dropConnection();
const waiting = rejects(c.getData("/js"), "SESSIONEXPIRED", "a request of an expired session");
await until(() => c.state === "expired", "the expiry", 20000);
await waiting;
check((await b.exists(mine.path)) === null, "the expired session's ephemeral is gone");
console.log("PASS expiry");

await a.close();
same(a.state, "closed", "closed");
check((await b.exists(ephemeral)) === null, "close ends the session and its ephemerals");
await rejects(a.getData("/js"), "CLOSED", "a request after close");
await b.close();
clearTimeout(watchdog);
console.log("ALL PASSED");
