package io.paddock.node;

import io.paddock.model.ConnectResponse;
import io.paddock.model.OpCode;
import io.paddock.model.Response;
import io.paddock.model.WatchEvent;
import io.paddock.wire.json.CloseReason;
import io.paddock.wire.json.JsonMessage;
import io.paddock.wire.json.JsonReplies;
import io.paddock.wire.json.JsonWriter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection on the WebSocket protocol (docs/websocket-protocol.md): assembles JSON text
 * messages from WebSocket frames, bounding what it keeps of each to {@code messageBytesMax}
 * (an oversized message is read to its end and answered TOO_LARGE, the connection stays open),
 * and encodes replies, events and notices as JSON ({@link JsonReplies}) into {@link #out}, one
 * text message each, written at the end of the event-loop turn.
 *
 * <p>The session layer matches replies to requests by xid; on this protocol the xid is the
 * connection's own counter (from a random start, so that a session resumed on a new connection
 * cannot confuse the replies of its old one's writes with its new ones), and the client's
 * {@code id} travels in the pending request's tag.
 *
 * <p>Runs on the node's event loop only. Invariants: {@code assembled} holds at most
 * {@code messageBytesMax} bytes; {@link #early} is empty once the session is open.
 */
final class WebSocketConnection extends Connection {
    /** What of an oversized message is kept to find its id: the id comes first in practice. */
    private static final int PREFIX_BYTES_MAX = 64 * 1024;
    /** An idle connection keeps at most this much output buffer. */
    private static final int RETAINED_CHARS_MAX = 64 * 1024;

    final ServerWebSocket socket;
    private final WebSocketEndpoint endpoint;
    private final int messageBytesMax;
    final JsonWriter out = new JsonWriter();
    /** Requests that arrived while the session was being created; handled once it is. */
    final List<JsonMessage.Op> early = new ArrayList<>();
    private int nextXid;
    private Buffer assembled;
    private long messageBytes;
    private boolean inMessage;
    private boolean binary;

    WebSocketConnection(long id, ServerWebSocket socket, WebSocketEndpoint endpoint, int messageBytesMax,
                        int firstXid, long nowMs) {
        super(id, socket.remoteAddress(), nowMs);
        this.socket = socket;
        this.endpoint = endpoint;
        this.messageBytesMax = messageBytesMax;
        this.nextXid = firstXid;
    }

    /** The xid of the next request: positive, increasing, wrapping to 1. */
    int nextXid() {
        int xid = nextXid;
        nextXid = xid == Integer.MAX_VALUE ? 1 : xid + 1;
        return xid;
    }

    /**
     * Takes one frame; a completed message goes to the endpoint. Control frames (ping, pong,
     * close) are answered by Vert.x. Of a message over {@code messageBytesMax}, only the first
     * bytes are kept, for its id.
     */
    void frame(WebSocketFrame frame) {
        if (!frame.isText() && !frame.isBinary() && !frame.isContinuation()) {
            return;
        }
        if (!frame.isContinuation() || !inMessage) {
            inMessage = true;
            binary = frame.isBinary();
            messageBytes = 0;
            assembled = Buffer.buffer(Math.min(frame.binaryData().length(), messageBytesMax));
        }
        Buffer data = frame.binaryData();
        messageBytes += data.length();
        long keepBytesMax = messageBytes <= messageBytesMax ? messageBytesMax : Math.min(messageBytesMax, PREFIX_BYTES_MAX);
        long room = keepBytesMax - assembled.length();
        if (room > 0) {
            assembled.appendBuffer(data, 0, (int) Math.min(room, data.length()));
        }
        if (frame.isFinal()) {
            inMessage = false;
            byte[] bytes = assembled.getBytes();
            assembled = null;
            endpoint.message(this, bytes, messageBytes, binary);
        }
    }

    @Override
    void connectResponse(ConnectResponse response, long zxid, Object tag) {
        if (response.timeoutMs() == 0) {
            closing(CloseReason.SESSIONEXPIRED, "the session has expired (or the password is wrong): "
                    + "open a new session");
        } else {
            JsonReplies.connected(out, tag, response, zxid);
        }
    }

    @Override
    void reply(Pending pending, int xid, long zxid, int err, int opcode, Response body) {
        JsonMessage.Op op = (JsonMessage.Op) pending.tag;
        JsonReplies.reply(out, op.id(), zxid, err, opcode, pending.request, body, op.base64());
    }

    @Override
    void authReply(int err, Object tag, long zxid) {
        JsonMessage.Op op = (JsonMessage.Op) tag;
        JsonReplies.reply(out, op.id(), zxid, err, OpCode.AUTH, op.request(), Response.Empty.INSTANCE, false);
    }

    @Override
    void notification(long zxid, WatchEvent event, Object replayFor) {
        JsonReplies.event(out, zxid, event, replayFor == null ? null : ((JsonMessage.Op) replayFor).id());
    }

    /** A message the protocol cannot act on, answered with its typed error. */
    void invalid(Object requestId, long zxid, String code, String message) {
        JsonReplies.invalid(out, requestId, zxid, code, message);
    }

    @Override
    void closing(CloseReason reason, String message) {
        JsonReplies.closing(out, reason, message);
    }

    @Override
    void opened() {
        List<JsonMessage.Op> requests = new ArrayList<>(early);
        early.clear();
        for (JsonMessage.Op request : requests) {
            endpoint.request(this, request);
        }
    }

    @Override
    void pauseReading() {
        socket.pause();
    }

    @Override
    void resumeReading() {
        socket.resume();
    }

    @Override
    void writeOut() {
        int count = out.messageCount();
        for (int i = 0; i < count; i++) {
            socket.writeTextMessage(out.message(i));
        }
        out.reset(RETAINED_CHARS_MAX);
    }

    @Override
    void closeTransport() {
        socket.close();
    }

    @Override
    String protocol() {
        return "ws";
    }
}
