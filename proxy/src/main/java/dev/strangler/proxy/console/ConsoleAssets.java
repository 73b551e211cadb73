package dev.strangler.proxy.console;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The console's static files, read from the class path once: its style sheet and script, and htmx from its WebJar
 * ({@code org.webjars.npm:htmx.org}, version {@value #HTMX_VERSION}, managed in the root pom), all served from this
 * origin so the Content-Security-Policy allows {@code 'self'} and nothing else.
 */
final class ConsoleAssets {

    /** The WebJar's version: the root pom's {@code htmx.version}; a test fails if the two part. */
    static final String HTMX_VERSION = "2.0.4";
    static final String STYLE = "/console/static/console.css";
    static final String SCRIPT = "/console/static/console.js";
    static final String HTMX = "/console/static/htmx.min.js";

    private static final Map<String, Asset> ASSETS = Map.of(
            STYLE, new Asset("/dev/strangler/proxy/console/console.css", "text/css; charset=utf-8"),
            SCRIPT, new Asset("/dev/strangler/proxy/console/console.js", "text/javascript; charset=utf-8"),
            HTMX, new Asset("/META-INF/resources/webjars/htmx.org/" + HTMX_VERSION + "/dist/htmx.min.js",
                    "text/javascript; charset=utf-8"));

    private ConsoleAssets() {
    }

    static void mount(Router router) {
        ASSETS.forEach((path, asset) -> {
            Buffer content = Buffer.buffer(read(asset.resource()));
            router.get(path).handler(context -> context.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, asset.contentType())
                    .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
                    .end(content));
        });
    }

    /** The resource's bytes; a resource missing from the build stops the console from starting. */
    static byte[] read(String resource) {
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("console resource " + resource + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Asset(String resource, String contentType) {
    }
}
