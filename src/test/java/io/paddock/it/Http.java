package io.paddock.it;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A small blocking HTTP client (java.net.http) for the tests of a node's HTTP port, with a
 * timeout on every call, and the way such tests pick a port for a node.
 */
final class Http {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private Http() {}

    /** A port that was free on the loopback address a moment ago (bound to 0, read, closed). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Flags for {@link TestNode#start(Path, Map)} that turn the HTTP port on, on a free port. */
    static Map<String, String> httpOn() throws IOException {
        return Map.of("http-port", Integer.toString(freePort()));
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(port, path)).timeout(TIMEOUT).GET().build());
    }

    /** GET with an Accept header. */
    static HttpResponse<String> get(int port, String path, String accept) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(port, path)).timeout(TIMEOUT).header("Accept", accept).GET().build());
    }

    static HttpResponse<String> post(int port, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(port, path)).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    /** GET, expecting {@code status} and a JSON body, which is returned. */
    static JsonObject json(int port, String path, int status) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, path);
        if (response.statusCode() != status) {
            throw new AssertionError("GET " + path + ": status " + response.statusCode() + ", expected " + status + ": "
                    + response.body());
        }
        if (!response.headers().firstValue("content-type").orElse("").startsWith("application/json")) {
            throw new AssertionError("GET " + path + ": not JSON: " + response.headers().map());
        }
        return new JsonObject(response.body());
    }

    /** GET into a file. */
    static HttpResponse<Path> download(int port, String path, Path to) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri(port, path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofFile(to));
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
