package dev.strangler.config;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

class CelRowTest {

    /** A row that records which columns were read, and whether it was iterated (copied). */
    private static final class WatchedRow extends HashMap<String, Object> {
        final List<Object> read = new ArrayList<>();
        boolean iterated;

        @Override
        public Object get(Object key) {
            read.add(key);
            return super.get(key);
        }

        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            iterated = true;
            super.forEach(action);
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            iterated = true;
            return super.entrySet();
        }
    }

    private static WatchedRow wideRow() {
        WatchedRow row = new WatchedRow();
        for (int i = 0; i < 40; i++) {
            row.put("column_" + i, "value " + i);
        }
        row.put("country", "Germany");
        row.put("order_date", LocalDate.of(1996, 7, 4));
        row.put("region", null);
        return row;
    }

    @Test
    void anExpressionReadsOnlyTheColumnsItNames_notACopyOfTheRow() throws Exception {
        RowExpression expression = RowExpression.compile("row.country.matches('^G') && row.region == null");
        WatchedRow row = wideRow();

        assertThat(expression.evaluate(row)).isEqualTo(true);
        assertThat(row.iterated).isFalse();
        assertThat(row.read).containsOnly("country", "region");
    }

    @Test
    void columnsAreConverted_andAbsentOnesStayAbsent() throws Exception {
        WatchedRow row = wideRow();

        assertThat(RowExpression.compile("row.order_date.getFullYear() == 1996").evaluate(row)).isEqualTo(true);
        assertThat(RowExpression.compile("has(row.region) && !has(row.fax)").evaluate(row)).isEqualTo(true);
        assertThat(RowExpression.compile("row.exists(c, c == 'country')").evaluate(row)).isEqualTo(true);
    }
}
