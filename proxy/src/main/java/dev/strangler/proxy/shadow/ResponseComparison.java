package dev.strangler.proxy.shadow;

import dev.strangler.config.CompareConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares two answers to the same request: the status ({@code status}), the compared headers
 * ({@code header:NAME}), and the body: JSON structurally with the ignore rules ({@link JsonDiff}), text
 * ({@code text/*}, XML, JavaScript, forms) after normalising line ends and runs of white space, anything else, and
 * any body longer than what was kept, by digest ({@link Captured#digest}; {@code body}). An empty list is a match.
 */
final class ResponseComparison {

    /** Headers that differ between any two servers or connections, never compared even under {@code "*"}. */
    private static final Set<String> NEVER = Set.of("connection", "keep-alive", "transfer-encoding", "date",
            "content-length", "server", "x-served-by", "proxy-connection", "trailer", "upgrade", "te");

    private ResponseComparison() {
    }

    static List<String> fields(CompareConfig compare, Captured a, Captured b) {
        List<String> fields = new ArrayList<>();
        if (a.status() != b.status()) {
            fields.add("status");
        }
        for (String header : comparedHeaders(compare, a, b)) {
            if (!Objects.equals(a.headers().get(header), b.headers().get(header))) {
                fields.add("header:" + header);
            }
        }
        fields.addAll(body(compare, a, b));
        return fields;
    }

    /** The headers compared for these two answers: the configured ones (or all under {@code "*"}), less ignored. */
    static Set<String> comparedHeaders(CompareConfig compare, Captured a, Captured b) {
        Set<String> names = new TreeSet<>();
        if (compare.allHeaders()) {
            names.addAll(a.headers().keySet());
            names.addAll(b.headers().keySet());
            names.removeAll(NEVER);
            names.removeIf(name -> name.startsWith("x-strangler-"));
        } else {
            names.addAll(compare.headers());
        }
        names.removeIf(compare::ignoresHeader);
        return names;
    }

    private static List<String> body(CompareConfig compare, Captured a, Captured b) {
        if (a.truncated() || b.truncated()) {
            return a.digest().equals(b.digest()) ? List.of() : List.of("body");
        }
        if (isJson(a.contentType()) && isJson(b.contentType())) {
            Object x = decode(a.body());
            Object y = decode(b.body());
            if (x != null && y != null) {
                return JsonDiff.of(compare, x, y);
            }
        }
        if (isText(a.contentType()) && isText(b.contentType())) {
            return normalised(a.body()).equals(normalised(b.body())) ? List.of() : List.of("body");
        }
        return a.digest().equals(b.digest()) ? List.of() : List.of("body");
    }

    private static Object decode(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return Json.decodeValue(Buffer.buffer(body));
        } catch (DecodeException e) {
            return null;
        }
    }

    private static String normalised(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).replace("\r\n", "\n").replaceAll("[ \\t]+", " ")
                .replaceAll(" ?\n ?", "\n").strip();
    }

    static boolean isJson(String contentType) {
        String type = mediaType(contentType);
        return type.equals("application/json") || type.endsWith("+json");
    }

    private static boolean isText(String contentType) {
        String type = mediaType(contentType);
        return type.startsWith("text/") || type.endsWith("+xml") || type.equals("application/xml")
                || type.equals("application/javascript") || type.equals("application/x-www-form-urlencoded");
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
