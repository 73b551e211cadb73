package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameBoundaryTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "empty text frame, 8100, true",
            "text frame 'hi', 81026869, true",
            "text frame cut in its payload, 810268, false",
            "header only, 8102, false",
            "first header byte only, 81, false",
            "two frames, 8101618100, true",
            "16-bit length 126 with 126 bytes missing, 817e007e, false",
            "masked client frame, 818201020304aabb, true",
            "masked frame cut in its mask, 8182010203, false"})
    void advance_tellsWhetherTheBytesEndBetweenFrames(String scenario, String hex, boolean boundary) {
        FrameBoundary frames = new FrameBoundary();

        frames.advance(Buffer.buffer(HexFormat.of().parseHex(hex)));

        assertThat(frames.atBoundary()).isEqualTo(boundary);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "16-bit length, 817e0100",
            "64-bit length, 817f0000000000000100"})
    void advance_countsExtendedLengths(String scenario, String header) {
        FrameBoundary frames = new FrameBoundary();

        frames.advance(Buffer.buffer(HexFormat.of().parseHex(header)));
        frames.advance(Buffer.buffer(new byte[255]));
        assertThat(frames.atBoundary()).isFalse();
        frames.advance(Buffer.buffer(new byte[1]));

        assertThat(frames.atBoundary()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"stops after the first whole frame, 8101618101, 3", "takes all of a cut frame, 810261, 3"})
    void advanceToBoundary_stopsAfterTheFirstFrameThatEnds(String scenario, String hex, int taken) {
        FrameBoundary frames = new FrameBoundary();

        assertThat(frames.advanceToBoundary(Buffer.buffer(HexFormat.of().parseHex(hex)))).isEqualTo(taken);
    }
}
