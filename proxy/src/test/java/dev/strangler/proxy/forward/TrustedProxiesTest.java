package dev.strangler.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrustedProxiesTest {

    private final TrustedProxies trusted = TrustedProxies.of(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

    @ParameterizedTest
    @CsvSource({"10.1.2.3, true", "11.0.0.1, false", "192.168.1.7, true", "192.168.1.8, false",
            "fd12::1, true", "fe80::1, false", "::ffff:10.0.0.1, true", "not-an-address, false"})
    void trusts_matchesAddressesAndBlocks(String peer, boolean expected) {
        assertThat(trusted.trusts(peer)).isEqualTo(expected);
    }

    @Test
    void none_trustsNobody() {
        assertThat(TrustedProxies.none().trusts("127.0.0.1")).isFalse();
    }

    @Test
    void of_refusesHostNamesAndBadPrefixes() {
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.internal")))
                .hasMessageContaining("proxy.internal (expected: an IP address or CIDR block)");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33")))
                .hasMessageContaining("(expected: prefix 0..32)");
    }
}
