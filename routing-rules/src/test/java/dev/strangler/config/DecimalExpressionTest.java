package dev.strangler.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 15: decimal columns reach expressions as exact decimals, never as doubles. */
class DecimalExpressionTest {

    private static Map<String, Object> row(String total) {
        Map<String, Object> row = new HashMap<>();
        row.put("total", new BigDecimal(total));
        row.put("rate", 0.5d);
        row.put("quantity", 3);
        return row;
    }

    private static Object eval(String source, String total) throws Exception {
        return CelRowExpression.compile(source).evaluate(row(total));
    }

    @ParameterizedTest(name = "{1}: {0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "row.total * 100                      | 19.99        | 1999.00",
        "row.total * 100                      | 0.01         | 1.00",
        "row.total * 100                      | 99999999.99  | 9999999999.00",
        "100 * row.total                      | 0.0000000001 | 1.00E-8",
        "row.total + row.total                | 19.99        | 39.98",
        "row.total - 20                       | 19.99        | -0.01",
        "row.total * row.quantity             | 19.99        | 59.97",
        "row.total / 4                        | 19.99        | 4.9975",
        "row.total / 3                        | 1            | 0.3333333333333333333333333333333333",
        "-row.total                           | 19.99        | -19.99",
        "round(row.total, 1)                  | 19.95        | 20.0",
        "round(row.total, 1)                  | -19.95       | -20.0",
        "round(row.total * 100, 0)            | 0.015        | 2",
        "decimal('0.1') + decimal('0.2')      | 0            | 0.3",
        "decimal(1) + row.total               | 0.01         | 1.01",
    })
    void arithmeticIsExact(String source, String total, String expected) throws Exception {
        assertThat(eval(source, total)).isEqualTo(new BigDecimal(expected));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        "row.total > 19                       | 19.99 | true",
        "row.total < 20                       | 19.99 | true",
        "row.total >= 19.99                   | 19.99 | true",
        "row.total <= 0.01                    | 19.99 | false",
        "row.total > decimal('19.989')        | 19.99 | true",
        "int(row.total * 100) == 1999         | 19.99 | true",
        "string(row.total) == '19.99'         | 19.99 | true",
        "double(row.total) > 19.98            | 19.99 | true",
    })
    void comparesAndConverts(String source, String total, boolean expected) throws Exception {
        assertThat(eval(source, total)).isEqualTo(expected);
    }

    @Test
    void intOfAFractionRefusesToDropIt() {
        assertThatThrownBy(() -> eval("int(row.total)", "19.99"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("int(19.99)").hasMessageContaining("fractional part");
    }

    @Test
    void arithmeticWithADoubleIsRefusedWithAReason() {
        assertThatThrownBy(() -> eval("row.total * 100.0", "19.99"))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("cannot be exact").hasMessageContaining("decimal(\"100.0\")");
    }

    @Test
    void divisionByZeroFails() {
        assertThatThrownBy(() -> eval("row.total / 0", "19.99"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("division by zero");
    }

    @Test
    void doublesAndIntsKeepTheirOwnArithmetic() throws Exception {
        assertThat(eval("row.rate * 2.0", "0")).isEqualTo(1.0d);
        assertThat(eval("row.quantity * 2", "0")).isEqualTo(6L);
    }
}
