package dev.strangler.proxy.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The control channel's notifications as Prometheus metrics: {@code strangler_control_notifications_total}, every
 * notification received on {@code strangler_control} (the instance's own heartbeat, once a second, included), and
 * {@code strangler_control_last_notification_seconds}, the Unix time of the last one (0 before any). An instance whose
 * last notification is old has lost the change stream without noticing: the alert
 * {@code StranglerNoNotifications} watches it.
 */
public final class NotificationMeter {

    private final Counter received;
    private final AtomicLong lastSecond = new AtomicLong();
    private final Clock clock;

    public NotificationMeter(MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.received = Counter.builder("strangler.control.notifications")
                .description("Notifications received on the strangler_control channel").register(registry);
        Gauge.builder("strangler.control.last.notification", lastSecond, AtomicLong::get)
                .description("Unix time of the last notification received on the strangler_control channel")
                .baseUnit("seconds").register(registry);
    }

    /** One notification arrived. */
    public void received() {
        received.increment();
        lastSecond.set(clock.instant().getEpochSecond());
    }
}
