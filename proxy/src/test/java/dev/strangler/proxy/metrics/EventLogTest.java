package dev.strangler.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventLogTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);

    @Test
    void write_printsOneJsonLineWithTimeAndEventFirst() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EventLog log = new EventLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), CLOCK, false);

        log.write("admin_change", new JsonObject().put("action", "pin").put("user", log.user("ALFKI")));

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith(System.lineSeparator()).doesNotContain("\n{");
        assertThat(new JsonObject(text.strip()).getMap()).containsEntry("time", "2026-11-22T04:00:00Z")
                .containsEntry("event", "admin_change").containsEntry("action", "pin")
                .containsEntry("user", "ALFKI");
    }

    @Test
    void user_withHashUserKeys_isAStableHashPrefixNotTheKey() {
        EventLog log = new EventLog(System.out, CLOCK, true);

        assertThat(log.user("ALFKI")).startsWith("sha256:").hasSize(7 + 16).doesNotContain("ALFKI")
                .isEqualTo(log.user("ALFKI")).isNotEqualTo(log.user("ANATR"));
    }
}
