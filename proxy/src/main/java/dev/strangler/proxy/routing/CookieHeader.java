package dev.strangler.proxy.routing;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * The {@code name=value} pairs of {@code Cookie} headers, in the order sent, a quoted value without its quotes. One
 * reading for routing and for the identity screen, so both see the same cookies.
 */
final class CookieHeader {

    private CookieHeader() {
    }

    /** Calls {@code pair} with each cookie's name and raw value (one char per byte, as the server read it). */
    static void forEach(List<String> headers, BiConsumer<String, String> pair) {
        for (String header : headers) {
            for (String part : header.split(";")) {
                int equals = part.indexOf('=');
                if (equals > 0) {
                    String value = part.substring(equals + 1).trim();
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    pair.accept(part.substring(0, equals).trim(), value);
                }
            }
        }
    }
}
