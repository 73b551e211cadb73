package dev.strangler.proxy.forward;

import dev.strangler.config.TrustedProxy;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

/**
 * The peers allowed to tell the proxy who the client is ({@code server.trustedProxies}): addresses or CIDR blocks,
 * IPv4 or IPv6. {@code 10.0.0.0/8} matches {@code 10.1.2.3}, not {@code 11.0.0.1}; {@code 127.0.0.1} matches only
 * itself. Each entry may set every forwarding header ({@link TrustedProxy#FORWARDING_HEADERS}) or only those its
 * configuration lists; anything else's forwarding headers are replaced or removed, never extended.
 */
public final class TrustedProxies {

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** Trusts nobody: every client-supplied forwarding header is discarded. */
    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * Parses addresses and blocks such as {@code 10.0.0.0/8} or {@code ::1}; host names are refused because a
     * lookup on the request path would be slow and spoofable.
     */
    public static TrustedProxies of(List<String> entries) {
        return configured(entries.stream().map(TrustedProxy::allHeaders).toList());
    }

    /** The configured peers ({@code server.trustedProxies}), each with the forwarding headers it may set. */
    public static TrustedProxies configured(List<TrustedProxy> entries) {
        return new TrustedProxies(entries.stream().map(entry -> parse(entry.address(), entry.headers())).toList());
    }

    /** The forwarding headers (lower case) the peer at this address may set: none unless it is trusted. */
    public Set<String> allowedHeaders(String peerAddress) {
        if (blocks.isEmpty() || peerAddress == null) {
            return Set.of();
        }
        byte[] address = literal(peerAddress);
        if (address == null) {
            return Set.of();
        }
        for (Block block : blocks) {
            if (block.contains(address)) {
                return block.headers();
            }
        }
        return Set.of();
    }

    /** True when the peer at this literal address (as Vert.x reports it) is trusted. */
    public boolean trusts(String peerAddress) {
        if (blocks.isEmpty() || peerAddress == null) {
            return false;
        }
        byte[] address = literal(peerAddress);
        if (address == null) {
            return false;
        }
        for (Block block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return blocks.toString();
    }

    private static Block parse(String entry, Set<String> headers) {
        String text = entry.trim();
        int slash = text.indexOf('/');
        byte[] network = literal(slash < 0 ? text : text.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("trustedProxies: " + entry + " (expected: an IP address or CIDR block)");
        }
        int bits = network.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("trustedProxies: " + entry + " (expected: prefix 0.." + bits + ")");
            }
        }
        return new Block(text, network, prefix, headers);
    }

    private static byte[] literal(String text) {
        String host = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        boolean looksNumeric = !host.isEmpty() && (host.indexOf(':') >= 0 || host.chars().allMatch(
                c -> c == '.' || (c >= '0' && c <= '9')));
        if (!looksNumeric) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Block(String text, byte[] network, int prefix, Set<String> headers) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = address.length * 8;
            BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                    .shiftRight(prefix).not();
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
