package dev.strangler.rules;

/**
 * UTF-8 encoding into a caller's buffer, byte for byte what {@link String#getBytes} with UTF-8 gives (a lone
 * surrogate becomes {@code ?}), so that bucketing hashes the same bytes without allocating them.
 */
final class Utf8 {

    private Utf8() {
    }

    /** Writes the UTF-8 of {@code text} at {@code offset}; the buffer holds at least 3 bytes per char. */
    static int encode(String text, byte[] buffer, int offset) {
        int at = offset;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                buffer[at++] = (byte) c;
            } else if (c < 0x800) {
                buffer[at++] = (byte) (0xc0 | c >> 6);
                buffer[at++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                buffer[at++] = (byte) (0xf0 | cp >> 18);
                buffer[at++] = (byte) (0x80 | cp >> 12 & 0x3f);
                buffer[at++] = (byte) (0x80 | cp >> 6 & 0x3f);
                buffer[at++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(c)) {
                buffer[at++] = '?';
            } else {
                buffer[at++] = (byte) (0xe0 | c >> 12);
                buffer[at++] = (byte) (0x80 | c >> 6 & 0x3f);
                buffer[at++] = (byte) (0x80 | c & 0x3f);
            }
        }
        return at;
    }
}
