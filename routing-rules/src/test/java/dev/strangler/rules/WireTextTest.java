package dev.strangler.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireTextTest {

    /** What a server hands over for these UTF-8 bytes: one char per byte. */
    private static String asServerReadsIt(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest
    @CsvSource({"ALFKI", "Zoë@example.com", "用户-1", "emoji-😀"})
    void ofFieldValue_readsTheBytesAsUtf8(String key) {
        assertThat(WireText.ofFieldValue(asServerReadsIt(key))).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource({"Zo\u00eb", "\u00c3", "a\u00ff"})
    void ofFieldValue_givesNullForBytesThatAreNotUtf8(String latin1) {
        assertThat(WireText.ofFieldValue(latin1)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"Zo%C3%AB@example.com,false,Zoë@example.com", "Zo%c3%ab,false,Zoë", "a+b,false,a+b",
            "a+b,true,a b", "a%2Bb,true,a+b", "%41LFKI,false,ALFKI", "plain,true,plain"})
    void ofPercentEncoded_decodesUtf8(String encoded, boolean plusIsSpace, String key) {
        assertThat(WireText.ofPercentEncoded(encoded, plusIsSpace)).isEqualTo(key);
    }

    @ParameterizedTest
    @CsvSource({"Zo%EB", "%C3", "%zz", "abc%", "abc%4", "%C3%28"})
    void ofPercentEncoded_givesNullForMalformedOrNonUtf8(String encoded) {
        assertThat(WireText.ofPercentEncoded(encoded, false)).isNull();
    }
}
