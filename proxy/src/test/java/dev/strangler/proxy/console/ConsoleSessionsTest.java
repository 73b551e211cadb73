package dev.strangler.proxy.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.config.AdminConfig;
import dev.strangler.config.TokenScope;
import dev.strangler.proxy.tokens.AdminTokens;
import dev.strangler.proxy.tokens.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A console session's life: idle and absolute limits by an injected clock, and the token it signed in with. */
class ConsoleSessionsTest {

    private static final String TOKEN = "a-console-test-token-of-some-length";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final ConsoleSessions sessions = new ConsoleSessions(AdminTokens.of(
            new AdminConfig("127.0.0.1", 0, TOKEN), null), clock);

    @Test
    void session_endsAfterIdleMinutes_butRequestsKeepItAlive() {
        ConsoleSession session = sessions.signIn(new Caller("default", TokenScope.ADMIN), "Ada");
        clock.advance(Duration.ofMinutes(10));
        assertThat(sessions.find(session.id(), true)).contains(session);
        clock.advance(Duration.ofMinutes(14));
        assertThat(sessions.find(session.id(), true)).contains(session);
        clock.advance(ConsoleSessions.IDLE.plusSeconds(1));
        assertThat(sessions.find(session.id(), true)).isEmpty();
    }

    @Test
    void overviewRefreshes_doNotCountAsActivity() {
        ConsoleSession session = sessions.signIn(new Caller("default", TokenScope.ADMIN), null);
        for (int i = 0; i < 15; i++) {
            clock.advance(Duration.ofMinutes(1));
            assertThat(sessions.find(session.id(), false)).contains(session);
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.find(session.id(), false)).isEmpty();
    }

    @Test
    void session_endsAfterItsLifetime_howeverBusy() {
        ConsoleSession session = sessions.signIn(new Caller("default", TokenScope.ADMIN), null);
        for (Duration lived = Duration.ZERO; lived.compareTo(ConsoleSessions.LIFETIME) < 0;
                lived = lived.plusMinutes(5)) {
            assertThat(sessions.find(session.id(), true)).contains(session);
            clock.advance(Duration.ofMinutes(5));
        }
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.find(session.id(), true)).isEmpty();
    }

    @Test
    void session_endsWhenItsTokenIsNoLongerKnown_orChangedScope() {
        ConsoleSession unknown = sessions.signIn(new Caller("revoked-meanwhile", TokenScope.OPERATE), null);
        ConsoleSession narrowed = sessions.signIn(new Caller("default", TokenScope.READ), null);
        assertThat(sessions.find(unknown.id(), true)).isEmpty();
        assertThat(sessions.find(narrowed.id(), true)).isEmpty();
    }

    @Test
    void signOut_forgetsTheSession_andIdsAreUnguessable() {
        ConsoleSession session = sessions.signIn(new Caller("default", TokenScope.ADMIN), null);
        assertThat(session.id()).hasSize(43).isNotEqualTo(session.csrf());
        sessions.signOut(session.id());
        assertThat(sessions.find(session.id(), true)).isEmpty();
        assertThat(sessions.find(null, true)).isEmpty();
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
