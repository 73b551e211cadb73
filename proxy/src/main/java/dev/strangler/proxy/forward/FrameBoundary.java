package dev.strangler.proxy.forward;

import io.vertx.core.buffer.Buffer;

/**
 * Where WebSocket frames end in a byte stream the proxy relays without parsing (RFC 6455 §5.2): it reads only each
 * frame's header (2 to 14 bytes) and counts its payload, so that the proxy can put a frame of its own, a close,
 * between two frames and never inside one.
 */
final class FrameBoundary {

    private final byte[] header = new byte[14];
    private int headerLength;
    private long remaining;

    /** True when the bytes seen so far end exactly after a whole frame. */
    boolean atBoundary() {
        return headerLength == 0 && remaining == 0;
    }

    /** Follows the frames through the next bytes of the stream. */
    void advance(Buffer bytes) {
        advance(bytes, false);
    }

    /**
     * Follows the frames through the next bytes, stopping after the first frame that ends in them; returns how many
     * bytes were taken (all of them when no frame ends there).
     */
    int advanceToBoundary(Buffer bytes) {
        return advance(bytes, true);
    }

    private int advance(Buffer bytes, boolean stopAtBoundary) {
        int at = 0;
        int length = bytes.length();
        while (at < length) {
            if (stopAtBoundary && at > 0 && atBoundary()) {
                return at;
            }
            if (remaining > 0) {
                long take = Math.min(remaining, length - at);
                remaining -= take;
                at += (int) take;
                continue;
            }
            header[headerLength++] = bytes.getByte(at++);
            if (headerLength >= 2 && headerLength == headerSize()) {
                remaining = payloadLength();
                headerLength = 0;
            }
        }
        return at;
    }

    private int headerSize() {
        int length = header[1] & 0x7f;
        int extended = length == 126 ? 2 : length == 127 ? 8 : 0;
        int mask = (header[1] & 0x80) != 0 ? 4 : 0;
        return 2 + extended + mask;
    }

    private long payloadLength() {
        int length = header[1] & 0x7f;
        if (length < 126) {
            return length;
        }
        int bytes = length == 126 ? 2 : 8;
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value = value << 8 | (header[2 + i] & 0xff);
        }
        return value & Long.MAX_VALUE;
    }
}
