// Znode data as the console shows and edits it: UTF-8 text, pretty JSON, or a hex dump; and back
// from what a person typed to bytes.

const encoder = new TextEncoder();

/** The bytes as text, or null when they are not valid UTF-8. */
export function utf8(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (e) {
    return null;
  }
}

/** The bytes as text, invalid sequences shown as U+FFFD. */
export function utf8Lossy(bytes) {
  return new TextDecoder("utf-8").decode(bytes);
}

export function encodeUtf8(text) {
  return encoder.encode(text);
}

/** The data pretty-printed when it is a JSON document; null otherwise. */
export function prettyJson(bytes) {
  const text = utf8(bytes);
  if (text === null || text.trim() === "") {
    return null;
  }
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    return null;
  }
}

/** A hex dump: offset, 16 bytes in hex, the printable ASCII of them. At most `limit` bytes. */
export function hexDump(bytes, limit = 64 * 1024) {
  const shown = Math.min(bytes.length, limit);
  const lines = [];
  for (let offset = 0; offset < shown; offset += 16) {
    const row = bytes.subarray(offset, Math.min(offset + 16, shown));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, "0"));
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(offset.toString(16).padStart(8, "0") + "  " + hex.join(" ").padEnd(47) + "  " + ascii);
  }
  if (bytes.length > shown) {
    lines.push(`… ${bytes.length - shown} more bytes`);
  }
  return lines.join("\n");
}

/** The bytes as space-separated hex pairs, 16 a line: the hex editor's format. */
export function hexPairs(bytes) {
  const lines = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    lines.push(Array.from(bytes.subarray(offset, offset + 16), (b) => b.toString(16).padStart(2, "0")).join(" "));
  }
  return lines.join("\n");
}

/**
 * Hex typed by a person to bytes: pairs of hex digits, with any whitespace (and an optional
 * "0x" before a pair) between them. Throws an Error naming the problem otherwise.
 */
export function parseHex(text) {
  const cleaned = text.replace(/0x/gi, "").replace(/\s+/g, "");
  if (!/^[0-9a-fA-F]*$/.test(cleaned)) {
    const bad = cleaned.match(/[^0-9a-fA-F]/)[0];
    throw new Error(`not hex: '${bad}' is not a hex digit`);
  }
  if (cleaned.length % 2 !== 0) {
    throw new Error(`not hex: ${cleaned.length} digits, but every byte needs two`);
  }
  const out = new Uint8Array(cleaned.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(cleaned.substr(i * 2, 2), 16);
  }
  return out;
}
