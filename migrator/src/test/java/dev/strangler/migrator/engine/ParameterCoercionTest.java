package dev.strangler.migrator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.data.Money;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParameterCoercionTest {

    static Stream<Arguments> conversions() {
        return Stream.of(
                Arguments.of("smallint", 15L, (short) 15),
                Arguments.of("smallint", "7", (short) 7),
                Arguments.of("integer", (short) 10643, 10643),
                Arguments.of("integer", 2.0d, 2),
                Arguments.of("bigint", 42, 42L),
                Arguments.of("numeric", 45.6d, new BigDecimal("45.6")),
                Arguments.of("numeric", 3L, new BigDecimal("3")),
                Arguments.of("numeric", "29.46", new BigDecimal("29.46")),
                Arguments.of("integer", new BigDecimal("1999.00"), 1999),
                Arguments.of("money", new BigDecimal("19.99"), new Money(new BigDecimal("19.99"))),
                Arguments.of("numeric", new Money(new BigDecimal("0.01")), new BigDecimal("0.01")),
                Arguments.of("real", 1.5d, 1.5f),
                Arguments.of("double precision", new BigDecimal("2.25"), 2.25d),
                Arguments.of("text", 10643L, "10643"),
                Arguments.of("character varying", LocalDate.of(1996, 7, 4), "1996-07-04"),
                Arguments.of("date", "1996-07-04", LocalDate.of(1996, 7, 4)),
                Arguments.of("date", "1996-07-04 13:00:00", LocalDate.of(1996, 7, 4)),
                Arguments.of("date", LocalDateTime.of(1996, 7, 4, 13, 0), LocalDate.of(1996, 7, 4)),
                Arguments.of("timestamp without time zone", LocalDate.of(1997, 8, 25),
                        LocalDateTime.of(1997, 8, 25, 0, 0)),
                Arguments.of("timestamp without time zone", "1997-08-25 10:30:00",
                        LocalDateTime.of(1997, 8, 25, 10, 30)),
                Arguments.of("timestamp with time zone", LocalDateTime.of(1997, 8, 25, 10, 30),
                        OffsetDateTime.of(1997, 8, 25, 10, 30, 0, 0, ZoneOffset.UTC)),
                Arguments.of("boolean", "true", true),
                Arguments.of("uuid", "6f1c8f5e-2b9a-4c1e-9d3e-0a1b2c3d4e5f",
                        UUID.fromString("6f1c8f5e-2b9a-4c1e-9d3e-0a1b2c3d4e5f")),
                Arguments.of("text", null, null),
                Arguments.of("some_enum", "GOLD", "GOLD"));
    }

    @ParameterizedTest(name = "{1} as {0}")
    @MethodSource("conversions")
    void coerce_convertsToTheClientsTypeForTheParameter(String sqlType, Object value, Object expected) {
        assertThat(ParameterCoercion.coerce(sqlType, value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{1} as {0}")
    @MethodSource("refusals")
    void coerce_refusesValuesThatDoNotFit(String sqlType, Object value) {
        assertThatThrownBy(() -> ParameterCoercion.coerce(sqlType, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot bind " + value)
                .hasMessageContaining(sqlType);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("smallint", 70000L),
                Arguments.of("integer", 2.5d),
                Arguments.of("integer", new BigDecimal("19.99")),
                Arguments.of("bigint", new BigDecimal("0.0000000001")),
                Arguments.of("date", "next tuesday"),
                Arguments.of("numeric", "twelve"));
    }
}
