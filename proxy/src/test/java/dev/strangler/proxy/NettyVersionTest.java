package dev.strangler.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.Version;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Netty 4.2.13 fixed HTTP request smuggling in its codec; an older Netty must never reach the class path. */
class NettyVersionTest {

    @Test
    void nettyOnTheClassPath_isAtLeast4_2_13() {
        Map<String, Version> versions = Version.identify();
        assertThat(versions).containsKey("netty-codec-http");
        versions.forEach((artifact, version) -> assertThat(compare(version.artifactVersion(), "4.2.13"))
                .as("%s %s", artifact, version.artifactVersion())
                .isGreaterThanOrEqualTo(0));
    }

    @Test
    void compare_ordersVersionsNumerically() {
        assertThat(compare("4.2.20.Final", "4.2.13")).isPositive();
        assertThat(compare("4.2.9.Final", "4.2.13")).isNegative();
        assertThat(compare("4.1.118.Final", "4.2.13")).isNegative();
        assertThat(compare("4.2.13.Final", "4.2.13")).isZero();
    }

    private static int compare(String version, String minimum) {
        String[] have = version.split("[.-]");
        String[] want = minimum.split("\\.");
        for (int i = 0; i < want.length; i++) {
            int difference = Integer.compare(Integer.parseInt(have[i]), Integer.parseInt(want[i]));
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }
}
