package dev.strangler.proxy.shadow;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * One side's answer as kept for comparison: status, headers (lower-case names, repeated values joined with
 * {@code ", "}), the body's first bytes up to the configured size, and its digest: the SHA-256 of its first bytes
 * ({@link BodyCapture#DIGEST_LIMIT}) and its length, as {@code HEX:LENGTH}.
 *
 * @param truncated true when the body was longer than what was kept: only its digest can be compared
 */
record Captured(int status, Map<String, String> headers, byte[] body, String digest, long length,
                boolean truncated) {

    Captured {
        headers = Map.copyOf(headers);
    }

    String contentType() {
        return headers.getOrDefault("content-type", "");
    }

    /** The part a stored mismatch shows: status, the compared headers, and the kept body as text. */
    JsonObject summary(Iterable<String> comparedHeaders, int maxChars) {
        Map<String, String> shown = new TreeMap<>();
        for (String name : comparedHeaders) {
            if (headers.containsKey(name)) {
                shown.put(name, headers.get(name));
            }
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.length() > maxChars) {
            int cut = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
            text = text.substring(0, cut);
        }
        return new JsonObject().put("status", status).put("headers", new JsonObject(new TreeMap<>(shown)))
                .put("body", text).put("bodyBytes", length).put("digest", digest).put("truncated", truncated);
    }
}
