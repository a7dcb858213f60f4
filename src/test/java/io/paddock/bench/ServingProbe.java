package io.paddock.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Waits until a ZooKeeper-protocol server serves: its {@code srvr} answer has a {@code Mode:} line
 * and, when {@code --expect-nodes K} is given, a {@code Node count: K} line. Used by
 * {@code scripts/bench-storage.sh} to time a restart; it is started right after the server and
 * polls every {@code --interval-ms} (default 10) on 127.0.0.1.
 *
 * <pre>java io.paddock.bench.ServingProbe --port P [--expect-nodes K] [--pid PID] [--timeout-seconds T]</pre>
 *
 * <p>Prints {@code ready_epoch_ms node_count} on stdout when the server serves and exits 0; exits 3
 * on timeout and 4 when the process {@code --pid} is gone (both with the last answer on stderr).
 * A ZooKeeper that is still loading its data answers {@code srvr} with "not currently serving",
 * and Paddock does not listen before recovery ends; neither has a Mode line, so both count as not ready.
 */
public final class ServingProbe {
    private ServingProbe() {}

    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        long expectNodes = -1;
        long pid = -1;
        long timeoutSeconds = 600;
        long intervalMs = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--expect-nodes" -> expectNodes = Long.parseLong(args[i + 1]);
                case "--pid" -> pid = Long.parseLong(args[i + 1]);
                case "--timeout-seconds" -> timeoutSeconds = Long.parseLong(args[i + 1]);
                case "--interval-ms" -> intervalMs = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (port <= 0) {
            throw new IllegalArgumentException("--port is required");
        }
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        Optional<ProcessHandle> server = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = fourLetterWord(port, "srvr");
            long nodes = nodeCount(last);
            if (last.contains("\nMode: ") || last.startsWith("Mode: ")) {
                if (expectNodes < 0 || nodes == expectNodes) {
                    System.out.println(System.currentTimeMillis() + " " + nodes);
                    System.exit(0);
                }
            }
            if (pid > 0 && (server.isEmpty() || !server.get().isAlive())) {
                System.err.println("probe: process " + pid + " is gone; last srvr answer: " + last);
                System.exit(4);
            }
            Thread.sleep(intervalMs);
        }
        System.err.println("probe: not serving after " + timeoutSeconds + " s; last srvr answer: " + last);
        System.exit(3);
    }

    /** The {@code Node count:} of a srvr answer, or -1 when it has none. */
    static long nodeCount(String srvr) {
        int at = srvr.indexOf("Node count: ");
        if (at < 0) {
            return -1;
        }
        int end = at + "Node count: ".length();
        int stop = end;
        while (stop < srvr.length() && Character.isDigit(srvr.charAt(stop))) {
            stop++;
        }
        return stop == end ? -1 : Long.parseLong(srvr.substring(end, stop));
    }

    /** Sends one four-letter word and reads the answer until the server closes; "" when it cannot. */
    static String fourLetterWord(int port, String word) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return "";
        }
    }
}
