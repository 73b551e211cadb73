package dev.strangler.proxy.forward;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;

/**
 * Where WebSocket frames end in a byte stream the proxy relays without parsing (RFC 6455 §5.2): it reads only each
 * frame's header (2 to 14 bytes) and counts its payload, so that the proxy can put a frame of its own, a close,
 * between two frames and never inside one. Used by both data planes' tunnels (Vert.x {@code Buffer}s, Netty
 * {@code ByteBuf}s read from their reader index).
 */
public final class FrameBoundary {

    private final byte[] header = new byte[14];
    private int headerLength;
    private long remaining;

    /** The bytes of one chunk of the stream, by index from its start. */
    private interface Bytes {
        byte at(int index);
    }

    /** True when the bytes seen so far end exactly after a whole frame. */
    public boolean atBoundary() {
        return headerLength == 0 && remaining == 0;
    }

    /** Follows the frames through the next bytes of the stream. */
    void advance(Buffer bytes) {
        advance(bytes::getByte, bytes.length(), false);
    }

    /** Follows the frames through the readable bytes of {@code bytes} (its indexes are not moved). */
    public void advance(ByteBuf bytes) {
        int from = bytes.readerIndex();
        advance(index -> bytes.getByte(from + index), bytes.readableBytes(), false);
    }

    /**
     * Follows the frames through the next bytes, stopping after the first frame that ends in them; returns how many
     * bytes were taken (all of them when no frame ends there).
     */
    int advanceToBoundary(Buffer bytes) {
        return advance(bytes::getByte, bytes.length(), true);
    }

    /** {@link #advanceToBoundary(Buffer)} through the readable bytes of {@code bytes} (its indexes are not moved). */
    public int advanceToBoundary(ByteBuf bytes) {
        int from = bytes.readerIndex();
        return advance(index -> bytes.getByte(from + index), bytes.readableBytes(), true);
    }

    private int advance(Bytes bytes, int length, boolean stopAtBoundary) {
        int at = 0;
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
            header[headerLength++] = bytes.at(at++);
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
