package dev.strangler.config;

import dev.strangler.expression.InvalidExpressionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RowExpressionTest {

    private static Map<String, Object> northwindCustomer() {
        Map<String, Object> row = new HashMap<>();
        row.put("customer_id", "ALFKI");
        row.put("company_name", "  Alfreds Futterkiste ");
        row.put("region", null);
        row.put("country", "Germany");
        row.put("order_date", LocalDate.of(1996, 7, 4));
        row.put("shipped_at", LocalDateTime.of(1996, 7, 16, 10, 30));
        row.put("employee_id", 5);
        row.put("ship_via", (short) 3);
        row.put("freight", 32.38f);
        row.put("unit_price", new BigDecimal("14.00"));
        row.put("discontinued", Boolean.FALSE);
        row.put("picture", new byte[] {1, 2, 3});
        row.put("tags", new String[] {"vip", "eu"});
        row.put("uuid", java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        return row;
    }

    private static RowExpression compile(String source) throws InvalidExpressionException {
        return CelRowExpression.compile(source);
    }

    @Test
    void plainReference_returnsTheRowsOwnValueAndType() throws Exception {
        Map<String, Object> row = northwindCustomer();
        assertThat(compile("row.order_date").evaluate(row)).isEqualTo(LocalDate.of(1996, 7, 4));
        assertThat(compile("row.unit_price").evaluate(row)).isEqualTo(new BigDecimal("14.00"));
        assertThat(compile("row['employee_id']").evaluate(row)).isEqualTo(5);
        assertThat(compile("row.region").evaluate(row)).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "row.company_name.trim()                       | Alfreds Futterkiste",
        "row.company_name.trim().lower()               | alfreds futterkiste",
        "row.company_name.trim().upper()               | ALFREDS FUTTERKISTE",
        "row.country.lowerAscii()                      | germany",
        "row.customer_id + '-' + row.country           | ALFKI-Germany",
        "row.region == null ? 'none' : row.region      | none",
        "string(row.employee_id + row.ship_via)        | 8",
        "row.company_name.trim().replace('e', '3')     | Alfr3ds Futt3rkist3",
    })
    void computedString(String source, String expected) throws Exception {
        assertThat(compile(source).evaluate(northwindCustomer())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "row.company_name.size() > 0                                  | true",
        "row.region != null                                            | false",
        "row.region == null                                            | true",
        "has(row.region)                                               | true",
        "has(row.fax)                                                  | false",
        "row.customer_id.matches('^[A-Z]{5}$')                         | true",
        "row.customer_id.matches('^[0-9]+$')                           | false",
        "row.employee_id > 3 && row.ship_via <= 3                      | true",
        "row.freight > 32.0                                            | true",
        "row.unit_price >= 14                                          | true",
        "row.order_date < timestamp('1997-01-01T00:00:00Z')           | true",
        "row.order_date.getFullYear() == 1996                          | true",
        "row.shipped_at > row.order_date                               | true",
        "size(row.picture) == 3                                        | true",
        "!row.discontinued                                             | true",
        "row.country in ['Germany', 'France']                          | true",
        "'vip' in row.tags && size(row.tags) == 2                      | true",
        "row.uuid.startsWith('123e4567')                               | true",
    })
    void rule(String source, boolean expected) throws Exception {
        assertThat(compile(source).test(northwindCustomer())).isEqualTo(expected);
    }

    @Test
    void computedTimestamp_comesBackAsOffsetDateTimeInUtc() throws Exception {
        Object result = compile("row.order_date + duration('24h')").evaluate(northwindCustomer());
        assertThat(result).isEqualTo(OffsetDateTime.of(1996, 7, 5, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void computedBytes_comeBackAsByteArray() throws Exception {
        assertThat(compile("row.picture + b'\\x04'").evaluate(northwindCustomer())).isEqualTo(new byte[] {1, 2, 3, 4});
    }

    @Test
    void missingColumn_isAnExpressionException() throws Exception {
        RowExpression computed = compile("row.fax.size() > 0");
        assertThatThrownBy(() -> computed.evaluate(northwindCustomer()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("row.fax.size() > 0");
        RowExpression plain = compile("row.fax");
        assertThatThrownBy(() -> plain.evaluate(northwindCustomer()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("fax");
    }

    @Test
    void nullWhereAValueIsNeeded_isAnExpressionException() throws Exception {
        RowExpression rule = compile("row.region.size() > 0");
        assertThatThrownBy(() -> rule.test(northwindCustomer())).isInstanceOf(ExpressionException.class);
    }

    @Test
    void nonBooleanRule_isAnExpressionException() throws Exception {
        RowExpression rule = compile("row.customer_id");
        assertThatThrownBy(() -> rule.test(northwindCustomer()))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("expected a boolean");
    }

    @Test
    void divisionByZero_isAnExpressionException() throws Exception {
        RowExpression expression = compile("row.employee_id / 0");
        assertThatThrownBy(() -> expression.evaluate(northwindCustomer())).isInstanceOf(ExpressionException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "row.company_name.trim(                | 1 | 23",
        "request.path == '/'                   | 1 | 1",
        "row.x.frobnicate()                    | 1 | 17",
        "'a' + 1                               | 1 | 5",
    })
    void compileError_carriesLineAndColumn(String source, int line, int column) {
        assertThatThrownBy(() -> compile(source))
                .isInstanceOfSatisfying(InvalidExpressionException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.reason()).isNotBlank();
                });
    }

    @Test
    void compileErrorOnSecondLine_carriesThatLine() {
        assertThatThrownBy(() -> compile("row.a == 1 &&\n  row.b ==="))
                .isInstanceOfSatisfying(InvalidExpressionException.class, e -> assertThat(e.line()).isEqualTo(2));
    }
}
