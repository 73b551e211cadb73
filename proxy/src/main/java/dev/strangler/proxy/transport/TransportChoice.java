package dev.strangler.proxy.transport;

import dev.strangler.proxy.metrics.EventLog;
import io.vertx.core.json.JsonObject;
import io.vertx.core.transport.Transport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The socket transport chosen at start: the first of the preferred transports this machine allows, else NIO, with
 * the reason each preferred one was passed over. Netty's native transports (epoll, io_uring) spend fewer system calls
 * and copies per request than NIO; they need Linux x86-64 (their jars ship only that build), and io_uring also a
 * kernel that has not disabled it ({@code kernel.io_uring_disabled}) and a seccomp profile that allows it.
 *
 * @param transport   the transport the event loops run on
 * @param unavailable each preferred transport that was not used, with why, in order of preference
 */
public record TransportChoice(Transport transport, Map<String, String> unavailable) {

    /** The environment variable that overrides {@link #DEFAULT_PREFERENCE}: comma-separated names. */
    public static final String VARIABLE = "STRANGLER_TRANSPORT";
    /**
     * epoll first: the transport Netty and Vert.x have run in production longest, and the faster one in
     * bench/proxy.sh on this project's machine (io_uring served about half as many requests per second, NIO about
     * 0.8 times, bench/results/proxy.md); io_uring where epoll cannot load.
     */
    public static final List<String> DEFAULT_PREFERENCE = List.of("epoll", "io_uring");

    public TransportChoice {
        unavailable = Collections.unmodifiableMap(new LinkedHashMap<>(unavailable));
    }

    /** The preference from {@value #VARIABLE} in {@code environment}, else {@link #DEFAULT_PREFERENCE}. */
    public static TransportChoice fromEnvironment(Map<String, String> environment) {
        String names = environment.get(VARIABLE);
        if (names == null || names.isBlank()) {
            return choose(DEFAULT_PREFERENCE);
        }
        List<String> preference = new ArrayList<>();
        for (String name : names.split(",")) {
            preference.add(name.trim().toLowerCase(Locale.ROOT));
        }
        return choose(preference);
    }

    /**
     * The first transport of {@code preference} (names: {@code epoll}, {@code io_uring}, {@code kqueue},
     * {@code nio}) that is available here, else NIO. Only the Linux x86-64 native jars ship with Strangler, so
     * {@code kqueue} (macOS) always falls back.
     *
     * @throws IllegalArgumentException for a name that is none of these
     */
    public static TransportChoice choose(List<String> preference) {
        Map<String, Transport> candidates = new LinkedHashMap<>();
        preference.forEach(name -> candidates.put(name, named(name)));
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (String name : candidates.keySet()) {
            Transport candidate = candidates.get(name);
            if (candidate == null) {
                unavailable.put(name, "Netty's " + name + " classes are not on the class path");
            } else if (candidate.available()) {
                return new TransportChoice(candidate, unavailable);
            } else {
                unavailable.put(name, String.valueOf(candidate.unavailabilityCause()));
            }
        }
        return new TransportChoice(Transport.NIO, unavailable);
    }

    private static Transport named(String name) {
        return switch (name) {
            case "epoll" -> Transport.EPOLL;
            case "io_uring" -> Transport.IO_URING;
            case "kqueue" -> Transport.KQUEUE;
            case "nio" -> Transport.NIO;
            default -> throw new IllegalArgumentException(
                    VARIABLE + ": " + name + " (expected: a comma-separated list of epoll, io_uring, kqueue, nio)");
        };
    }

    /** The transport's name as Vert.x and Netty spell it: {@code epoll}, {@code io_uring} or {@code nio}. */
    public String name() {
        return transport.name();
    }

    /** Whether a preferred transport was passed over for one further down the list, or for NIO. */
    public boolean fellBack() {
        return !unavailable.isEmpty();
    }

    /**
     * One {@code transport} event: the transport chosen and, when it is a fallback, each transport passed over and
     * why, so a proxy running on NIO where epoll was expected says so in its first lines.
     */
    public void log(EventLog log) {
        JsonObject fields = new JsonObject().put("transport", name()).put("fallback", fellBack());
        if (fellBack()) {
            JsonObject reasons = new JsonObject();
            unavailable.forEach(reasons::put);
            fields.put("unavailable", reasons);
        }
        log.write("transport", fields);
    }
}
