package dev.strangler.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RequestPathEvents#both} tells both reporters every event: a method it does not override falls to the
 * interface's empty default, and the metric behind it stays at zero in the running server (as
 * {@code unknownStateLegacy} did until 2026-12-01).
 */
class RequestPathEventsTest {

    @Test
    void both_forwardsEveryEventToEachReporter() throws Exception {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        RequestPathEvents both = RequestPathEvents.both(recorder(first), recorder(second));
        List<String> events = new ArrayList<>();

        for (Method method : RequestPathEvents.class.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            events.add(method.getName());
            method.invoke(both, Arrays.stream(method.getParameterTypes()).map(type -> type == String.class
                    ? "x" : null).toArray());
        }

        assertThat(events).isNotEmpty();
        assertThat(first).as("the first reporter").containsExactlyInAnyOrderElementsOf(events);
        assertThat(second).as("the second reporter").containsExactlyInAnyOrderElementsOf(events);
    }

    private static RequestPathEvents recorder(List<String> seen) {
        InvocationHandler handler = (proxy, method, args) -> {
            seen.add(method.getName());
            return null;
        };
        return (RequestPathEvents) Proxy.newProxyInstance(RequestPathEvents.class.getClassLoader(),
                new Class<?>[] {RequestPathEvents.class}, handler);
    }
}
