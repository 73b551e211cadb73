package dev.strangler.proxy.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** What is kept of a streamed body: its first bytes, its length, and a digest bounded in the work it costs. */
class BodyCaptureTest {

    private static Captured capture(long keep, byte[]... chunks) {
        BodyCapture capture = new BodyCapture(keep);
        capture.head(200, MultiMap.caseInsensitiveMultiMap().add("Content-Type", "a/b").add("Vary", "x")
                .add("vary", "y"));
        for (byte[] chunk : chunks) {
            capture.chunk(Buffer.buffer(chunk));
        }
        return capture.captured();
    }

    @Test
    void firstBytesAreKept_andALongerBodyIsMarkedTruncated() {
        Captured captured = capture(4, "abc".getBytes(), "def".getBytes());

        assertThat(new String(captured.body())).isEqualTo("abcd");
        assertThat(captured.length()).isEqualTo(6);
        assertThat(captured.truncated()).isTrue();
        assertThat(captured.headers()).containsEntry("content-type", "a/b").containsEntry("vary", "x, y");
        assertThat(capture(4, "abcd".getBytes()).truncated()).isFalse();
    }

    @Test
    void digest_coversTheBytesUpToItsLimitAndTheLength() {
        int limit = (int) BodyCapture.DIGEST_LIMIT;
        byte[] head = new byte[limit];
        byte[] tailA = {1, 2};
        byte[] tailB = {3, 4};

        Captured a = capture(16, head, tailA);
        Captured b = capture(16, head, tailB);
        Captured longer = capture(16, head, tailA, tailB);
        Captured differentHead = capture(16, new byte[] {9}, new byte[limit - 1], tailA);

        assertThat(a.digest()).isEqualTo(b.digest()).endsWith(":" + (limit + 2));
        assertThat(longer.digest()).isNotEqualTo(a.digest());
        assertThat(differentHead.digest()).isNotEqualTo(a.digest());
    }
}
