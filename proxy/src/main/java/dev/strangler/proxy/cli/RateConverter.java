package dev.strangler.proxy.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A rate as the README writes it, in events per second: {@code 100}, {@code 100/s}, {@code 6000/min} or
 * {@code 2/ms}; {@code 0} means no limit.
 */
final class RateConverter implements ITypeConverter<Double> {

    private static final Pattern RATE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(ms|s|sec|min|m|h))?\\s*");

    @Override
    public Double convert(String value) {
        Matcher m = RATE.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new TypeConversionException("'" + value + "' is not a rate: write 100, 100/s or 6000/min");
        }
        double count = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> count * 1000;
            case "min", "m" -> count / 60;
            case "h" -> count / 3600;
            default -> count;
        };
    }
}
