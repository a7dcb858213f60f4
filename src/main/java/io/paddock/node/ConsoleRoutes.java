package io.paddock.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console's static files (src/main/resources/paddock/console/: one HTML page, plain ES
 * modules and a style sheet, nothing to build) on the node's HTTP port: {@code /console/NAME}
 * serves each file, {@code /console/} the page, and {@code GET /} the page too when the client
 * asks for HTML (a browser); any other client of {@code /} (curl, a monitoring script) still gets
 * the JSON index of the endpoints that {@link AdminVerticle} answers for that path. The page
 * talks to the node through {@code /paddock.js} over {@code /ws} and through the JSON admin API.
 *
 * <p>The files are read from the classpath once, on a worker, when the routes are registered,
 * and served from memory: a handful of small files, so that a request costs no file I/O and
 * the fat jar needs no file cache. Handlers run on the node's event loop. Invariant: only the
 * names in {@link #FILES} are served; anything else under {@code /console/} falls through to
 * the router's JSON 404.
 */
final class ConsoleRoutes {
    static final String PREFIX = "/console/";
    /** Where the console sits on the classpath. */
    static final String RESOURCE_DIR = "paddock/console/";
    static final String INDEX = "index.html";
    /** Every file of the console; a new module must be named here. */
    static final List<String> FILES = List.of(INDEX, "console.css", "main.js", "dom.js", "bytes.js", "admin.js",
            "live-tree.js", "node-view.js", "cluster-view.js", "sessions-view.js", "charts.js", "prometheus.js");
    /**
     * The page loads only its own files and talks only to this node (its WebSocket included):
     * znode data shown in it can never bring in a script.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final Map<String, Buffer> files = new LinkedHashMap<>();

    /** Loads the files (on a worker), then adds the routes; fails, naming the file, when one is missing. */
    Future<Void> register(Vertx vertx, Router router) {
        return vertx.executeBlocking(ConsoleRoutes::readAll, false).map(read -> {
            read.forEach((name, bytes) -> files.put(name, Buffer.buffer(bytes)));
            router.get("/").handler(this::root);
            router.get(PREFIX + "*").handler(this::file);
            return null;
        });
    }

    private static Map<String, byte[]> readAll() throws IOException {
        Map<String, byte[]> read = new LinkedHashMap<>();
        for (String name : FILES) {
            try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new IOException("the console file " + RESOURCE_DIR + name + " is missing from the classpath");
                }
                read.put(name, in.readAllBytes());
            }
        }
        return read;
    }

    /** A browser (it asks for HTML) gets the console; anyone else the JSON index, from the 404 handler. */
    private void root(RoutingContext rc) {
        String accept = rc.request().getHeader("accept");
        if (accept != null && accept.contains("text/html")) {
            serve(rc, INDEX);
        } else {
            rc.next();
        }
    }

    /** {@code /console/NAME}; the route matches {@code /console} too, which is sent to {@code /console/}. */
    private void file(RoutingContext rc) {
        String path = rc.request().path();
        if (path.length() < PREFIX.length()) {
            rc.redirect(PREFIX);
        } else {
            serve(rc, path.length() == PREFIX.length() ? INDEX : path.substring(PREFIX.length()));
        }
    }

    private void serve(RoutingContext rc, String name) {
        Buffer body = files.get(name);
        if (body == null) {
            rc.next();
            return;
        }
        rc.response().putHeader("content-type", contentType(name))
                // The files change with the jar, and a stale module next to a new one breaks the page.
                .putHeader("cache-control", "no-cache")
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("content-security-policy", CONTENT_SECURITY_POLICY)
                .end(body);
    }

    static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/javascript; charset=utf-8";
    }
}
