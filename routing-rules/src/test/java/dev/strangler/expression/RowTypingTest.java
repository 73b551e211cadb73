package dev.strangler.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RowTypingTest {

    private static final RowTyping ORDERS = RowTyping.of(columns());

    private static Map<String, ValueType> columns() {
        Map<String, ValueType> columns = new LinkedHashMap<>();
        columns.put("order_id", ValueType.INT);
        columns.put("total", ValueType.DECIMAL);
        columns.put("freight", ValueType.DOUBLE);
        columns.put("ship_name", ValueType.STRING);
        columns.put("ordered_at", ValueType.TIMESTAMP);
        columns.put("tags", ValueType.LIST);
        return columns;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "row.total * 100                                   | DECIMAL",
            "row.order_id + 1                                  | INT",
            "row.freight * 2.5                                 | DOUBLE",
            "row.ship_name.trim()                              | STRING",
            "row.ship_name != null && row.ship_name.size() > 0 | BOOL",
            "row[\"ship_name\"].upper()                        | STRING",
            "row.ordered_at.getFullYear()                      | INT",
            "row.ordered_at != null                            | BOOL",
            "row.total == null ? decimal(0) : row.total        | DECIMAL",
            "int(row.total * 100)                              | INT",
            "row.tags != null                                  | BOOL",
            "has(row.email) ? row.email : null                 | DYN",
            "!has(row[\"email\"]) ? true : row.email.size() > 3 | BOOL",
    })
    void check_wellTypedExpressions(String source, ValueType expected) {
        TypedExpression typed = ORDERS.check(source.strip());
        assertThat(typed.issues()).isEmpty();
        assertThat(typed.type()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "row.total * 100.0         | 1 | 11 | cannot be exact",
            "row.nmae                  | 1 | 4  | undefined field 'nmae'",
            "has(row.total) && row.email.size() == 0 | 1 | 22 | undefined field 'email'",
            "row.ship_name + 1         | 1 | 15 | no matching overload",
            "round(row.total * 1.5, 2) | 1 | 17 | cannot be exact",
    })
    void check_typeErrorsWithTheirPosition(String source, int line, int column, String message) {
        TypedExpression typed = ORDERS.check(source.strip());
        assertThat(typed.issues()).isNotEmpty();
        TypedExpression.Issue first = typed.issues().get(0);
        assertThat(first.message()).contains(message);
        assertThat(first.line()).isEqualTo(line);
        assertThat(first.column()).isEqualTo(column);
    }

    @Test
    void check_typeErrorOnTheSecondLine_pointsIntoThatLine() {
        TypedExpression typed = ORDERS.check("row.order_id > 0 &&\n  row.total * 1.5 > 10");
        assertThat(typed.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.line()).isEqualTo(2);
            assertThat(issue.column()).isEqualTo(13);
        });
    }

    /** A draft plan maps a column named {@code Display Name} as {@code row["Display Name"]}: it must check. */
    @Test
    void check_columnWhoseNameIsNoIdentifier_isTypedThroughItsIndex() {
        Map<String, ValueType> columns = new LinkedHashMap<>();
        columns.put("id", ValueType.INT);
        columns.put("Display Name", ValueType.STRING);
        columns.put("_c0", ValueType.DECIMAL);
        RowTyping typing = RowTyping.of(columns);

        assertThat(typing.check("row[\"Display Name\"]").type()).isEqualTo(ValueType.STRING);
        assertThat(typing.check("row['Display Name'].trim().size() + row.id").type()).isEqualTo(ValueType.INT);
        assertThat(typing.check("row._c0 * 100").type()).isEqualTo(ValueType.DECIMAL);
        assertThat(typing.check("row[\"Display Name\"] + 1").issues()).singleElement()
                .satisfies(issue -> assertThat(issue.column()).isEqualTo(21));
        assertThat(typing.check("row[\"No Such\"]").issues()).isNotEmpty();
    }
}
