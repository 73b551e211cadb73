package dev.strangler.rules;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text as it arrives on the wire, read by one rule everywhere (SPEC §3.1): a header or cookie value is UTF-8 bytes,
 * a path segment or query value is percent-encoded UTF-8. HTTP servers hand over field values one char per byte
 * (ISO-8859-1), so {@code X-User-Id: Zoë} arrives as {@code ZoÃ«}; {@link #ofFieldValue} gives {@code Zoë} back,
 * and {@link #ofPercentEncoded} reads {@code Zo%C3%AB} as {@code Zoë}. Bytes that are not UTF-8 give null:
 * such a value has no text, and a user key must never be read in two ways.
 */
public final class WireText {

    private WireText() {
    }

    /** The UTF-8 text of a field value given one char per byte; null when those bytes are not UTF-8. */
    public static String ofFieldValue(String octets) {
        if (isAscii(octets)) {
            return octets;
        }
        byte[] bytes = new byte[octets.length()];
        for (int i = 0; i < octets.length(); i++) {
            char c = octets.charAt(i);
            if (c > 0xff) {
                return null;
            }
            bytes[i] = (byte) c;
        }
        return utf8(bytes, bytes.length);
    }

    /**
     * The UTF-8 text of a percent-encoded path segment or query component ({@code plusIsSpace} for query
     * components, where {@code +} is a space); null when an escape is malformed or the bytes are not UTF-8. A raw
     * char above 0x7f is taken as the byte the server read it from.
     */
    public static String ofPercentEncoded(String text, boolean plusIsSpace) {
        if (isAscii(text) && text.indexOf('%') < 0 && (!plusIsSpace || text.indexOf('+') < 0)) {
            return text;
        }
        byte[] bytes = new byte[text.length()];
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes[length++] = (byte) (high * 16 + low);
                i += 2;
            } else if (c > 0xff) {
                return null;
            } else {
                bytes[length++] = (byte) (plusIsSpace && c == '+' ? ' ' : c);
            }
        }
        return utf8(bytes, length);
    }

    private static String utf8(byte[] bytes, int length) {
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, length));
            return text.toString();
        } catch (CharacterCodingException notUtf8) {
            return null;
        }
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
