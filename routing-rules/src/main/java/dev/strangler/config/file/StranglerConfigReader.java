package dev.strangler.config.file;

import dev.strangler.config.AdminConfig;
import dev.strangler.config.AdminTokenConfig;
import dev.strangler.config.LoadResult;
import dev.strangler.config.LoggingConfig;
import dev.strangler.config.MigrationPlan;
import dev.strangler.config.ProxyConfig;
import dev.strangler.config.RampsConfig;
import dev.strangler.config.ServerConfig;
import dev.strangler.config.ServerLimits;
import dev.strangler.config.ShadowConfig;
import dev.strangler.config.TrustedProxy;
import dev.strangler.config.UpstreamConfig;
import dev.strangler.config.UpstreamsConfig;
import dev.strangler.rules.RoutingConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a whole {@code strangler.yaml} into a {@link StranglerConfig}: the {@code server}, {@code admin},
 * {@code upstreams}, {@code proxy} and {@code logging} sections here, the others in their own readers.
 */
final class StranglerConfigReader {

    private static final Set<String> TOP = Set.of("server", "admin", "upstreams", "identity", "routing",
            "migration", "plan", "logging", "shadow", "prometheus", "proxy");
    private static final Set<String> SERVER = Set.of("host", "port", "trustedProxies", "drainTimeout", "limits",
            "preserveHost", "revealRouting");
    private static final Set<String> LIMITS = Set.of("maxHeaderSize", "maxInitialLineLength", "maxConnections",
            "idleTimeout", "headerReadTimeout", "maxBodySize");
    private static final Set<String> ADMIN = Set.of("host", "port", "token", "tokens", "limits");
    private static final Set<String> UPSTREAMS = Set.of("legacy", "modern");
    private static final Set<String> UPSTREAM = Set.of("url", "connectTimeout", "timeout", "idleTimeout",
            "poolSize", "ejection");
    private static final Set<String> LOGGING = Set.of("hashUserKeys");
    private static final Set<String> PROXY = Set.of("dataPlane");
    private static final Set<String> TRUSTED_PROXY = Set.of("address", "headers");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final int MIN_TOKEN_LENGTH = 16;

    private StranglerConfigReader() {
    }

    static StranglerConfig read(ConfigNode root, ConfigProblems problems, PlanFiles planFiles) {
        root.expectKeys(TOP);
        ServerConfig server = server(root.get("server"));
        AdminConfig admin = admin(root.get("admin"));
        UpstreamsConfig upstreams = upstreams(root.get("upstreams"));
        var identity = IdentityReader.read(root.get("identity"));
        RoutingConfig routing = RoutingReader.read(root.get("routing"));
        MigrationPlan migration = migration(root, problems, planFiles);
        RampsConfig ramps = RampsReader.read(root);
        ConfigNode logging = root.get("logging");
        logging.expectKeys(LOGGING);
        LoggingConfig loggingConfig = new LoggingConfig(logging.get("hashUserKeys").bool(false));
        ConfigNode proxy = root.get("proxy");
        proxy.expectKeys(PROXY);
        ProxyConfig proxyConfig = new ProxyConfig(proxy.get("dataPlane").choice(ProxyConfig.DataPlane.class,
                ProxyConfig.DEFAULTS.dataPlane(), false));
        ShadowConfig shadow = ShadowReader.read(root.get("shadow"), root.get("routing").get("routes"),
                loggingConfig.hashUserKeys());
        if (!problems.isEmpty()) {
            return null;
        }
        return new StranglerConfig(server, admin, upstreams, identity, routing, migration, loggingConfig, shadow,
                ramps, proxyConfig);
    }

    /** The plan: inline under {@code migration:}, or in the file that {@code plan:} names; not both. */
    private static MigrationPlan migration(ConfigNode root, ConfigProblems problems, PlanFiles planFiles) {
        ConfigNode planFile = root.get("plan");
        if (!planFile.isPresent()) {
            return MigrationPlanReader.read(root.get("migration"), problems);
        }
        if (root.get("migration").isPresent()) {
            planFile.error("given together with migration (expected: one of them)");
            return null;
        }
        String path = planFile.requiredText();
        if (path == null) {
            return null;
        }
        LoadResult<MigrationPlan> plan = planFiles.load(path);
        if (plan instanceof LoadResult.Invalid<MigrationPlan> invalid) {
            if (invalid.errors().stream().anyMatch(error -> error.message().startsWith("cannot be read"))) {
                planFile.error(path + " cannot be read (expected: a plan file, relative to this file)");
            }
            problems.addAll(invalid.errors());
            return null;
        }
        return ((LoadResult.Valid<MigrationPlan>) plan).value();
    }

    private static ServerConfig server(ConfigNode node) {
        node.expectKeys(SERVER);
        List<TrustedProxy> trusted = new ArrayList<>();
        for (ConfigNode item : node.get("trustedProxies").items()) {
            TrustedProxy proxy = trustedProxy(item);
            if (proxy != null) {
                trusted.add(proxy);
            }
        }
        ServerLimits serverLimits = limits(node.get("limits"), ServerLimits.DEFAULTS);
        return new ServerConfig(host(node.get("host"), "0.0.0.0"), node.get("port").integer(8080, 0, 65535),
                trusted, node.get("drainTimeout").duration(Duration.ofSeconds(30)), serverLimits,
                node.get("preserveHost").bool(false), node.get("revealRouting").bool(false));
    }

    /** {@code server.limits} or {@code admin.limits}: each key given, or its default. */
    private static ServerLimits limits(ConfigNode limits, ServerLimits d) {
        limits.expectKeys(LIMITS);
        return new ServerLimits(
                (int) size(limits.get("maxHeaderSize"), d.maxHeaderSize(), 1024, 1024 * 1024),
                (int) size(limits.get("maxInitialLineLength"), d.maxInitialLineLength(), 256, 1024 * 1024),
                limits.get("maxConnections").integer(d.maxConnections(), 1, 1_000_000),
                limits.get("idleTimeout").positiveDuration(d.idleTimeout()),
                limits.get("headerReadTimeout").positiveDuration(d.headerReadTimeout()),
                size(limits.get("maxBodySize"), d.maxBodySize(), 0, Long.MAX_VALUE));
    }

    /** {@code 10.0.0.0/8}, or {@code {address: 10.0.0.0/8, headers: [X-Forwarded-For, X-Real-IP]}}. */
    private static TrustedProxy trustedProxy(ConfigNode item) {
        ConfigNode address = item.isMapping() ? item.get("address") : item;
        if (item.isMapping()) {
            item.expectKeys(TRUSTED_PROXY);
        }
        String text = address.requiredText();
        if (text == null) {
            return null;
        }
        if (!isAddressOrBlock(text.trim())) {
            address.error(text + " (expected: an IP address or CIDR block such as 10.0.0.0/8)");
            return null;
        }
        if (!item.isMapping()) {
            return TrustedProxy.allHeaders(text.trim());
        }
        Set<String> headers = new HashSet<>();
        for (ConfigNode header : item.get("headers").items()) {
            String name = header.requiredText();
            if (name != null && !TrustedProxy.FORWARDING_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                header.error(name + " (expected: one of " + TrustedProxy.FORWARDING_HEADERS.stream().sorted().toList()
                        + ")");
            } else if (name != null) {
                headers.add(name);
            }
        }
        return new TrustedProxy(text.trim(), headers);
    }

    private static AdminConfig admin(ConfigNode node) {
        if (!node.isPresent()) {
            node.error("missing (required: admin.token or admin.tokens)");
        }
        node.expectKeys(ADMIN);
        ConfigNode tokenNode = node.get("token");
        String token = tokenNode.isPresent() ? tokenNode.requiredText() : null;
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            tokenNode.error("shorter than " + MIN_TOKEN_LENGTH + " characters (expected: a long random secret)");
        }
        List<AdminTokenConfig> tokens = AdminTokensReader.read(node.get("tokens"), token != null);
        if (node.isPresent() && !tokenNode.isPresent() && !node.get("tokens").isPresent()) {
            tokenNode.error("missing (required: admin.token, or named tokens under admin.tokens)");
        }
        return new AdminConfig(host(node.get("host"), "127.0.0.1"), node.get("port").integer(9090, 0, 65535),
                token, tokens, limits(node.get("limits"), AdminConfig.DEFAULT_LIMITS));
    }

    private static UpstreamsConfig upstreams(ConfigNode node) {
        if (!node.isPresent()) {
            node.error("missing (required: legacy and modern)");
            return null;
        }
        node.expectKeys(UPSTREAMS);
        return new UpstreamsConfig(upstream(node.get("legacy")), upstream(node.get("modern")));
    }

    private static UpstreamConfig upstream(ConfigNode node) {
        if (!node.isPresent()) {
            node.error("missing (required)");
        }
        node.expectKeys(UPSTREAM);
        URI url = node.get("url").parsed(StranglerConfigReader::upstreamUrl, URI.create("http://invalid"),
                node.isPresent());
        return new UpstreamConfig(url, node.get("connectTimeout").positiveDuration(Duration.ofSeconds(5)),
                node.get("timeout").positiveDuration(Duration.ofSeconds(30)),
                node.get("idleTimeout").positiveDuration(Duration.ofSeconds(60)),
                node.get("poolSize").integer(100, 1, 10_000), EjectionReader.read(node.get("ejection")));
    }

    static URI upstreamUrl(String text) {
        String expected = " (expected: http://host:port or https://host:port, without path)";
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean noPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !noPath
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException(text + expected);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(text + expected);
        }
    }

    private static String host(ConfigNode node, String fallback) {
        String host = node.text();
        if (host != null && (host.isBlank() || host.contains("/") || host.contains(" "))) {
            node.error(host + " (expected: a host name or IP address to bind)");
            return fallback;
        }
        return host == null ? fallback : host;
    }

    private static long size(ConfigNode node, long fallback, long min, long max) {
        return node.parsed(text -> {
            Matcher m = SIZE.matcher(text.trim());
            String expected = " (expected: a size from " + min + " bytes, such as 8192, 8KB or 10MB)";
            if (!m.matches()) {
                throw new IllegalArgumentException(text + expected);
            }
            long unit = switch (m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT)) {
                case "KB" -> 1024L;
                case "MB" -> 1024L * 1024;
                case "GB" -> 1024L * 1024 * 1024;
                default -> 1L;
            };
            long value = Long.parseLong(m.group(1)) * unit;
            if (value < min || value > max) {
                throw new IllegalArgumentException(text + expected.replace(")", ", at most " + max + " bytes)"));
            }
            return value;
        }, fallback, false);
    }

    static boolean isAddressOrBlock(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        int maxPrefix;
        Matcher v4 = IPV4.matcher(address);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return false;
                }
            }
            maxPrefix = 32;
        } else if (address.contains(":") && address.matches("[0-9A-Fa-f:.]+") && !address.contains(":::")) {
            maxPrefix = 128;
        } else {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        String prefix = text.substring(slash + 1);
        return prefix.matches("\\d{1,3}") && Integer.parseInt(prefix) <= maxPrefix;
    }
}
