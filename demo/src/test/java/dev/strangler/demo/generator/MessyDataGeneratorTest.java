package dev.strangler.demo.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.strangler.testkit.Postgres;
import dev.strangler.testkit.PostgresExtension;
import dev.strangler.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class MessyDataGeneratorTest {

    private static final String CUSTOMERS_CHECKSUM = "SELECT md5(string_agg(c::text, '|' ORDER BY customer_id)) "
            + "FROM customers c";
    private static final String ORDERS_CHECKSUM = "SELECT md5(string_agg(o::text, '|' ORDER BY order_id)) "
            + "FROM orders o";

    @Test
    void generate_sameSeed_sameData(@Postgres("first") TestDatabase first, @Postgres("second") TestDatabase second,
                                    @Postgres("other") TestDatabase other) throws SQLException {
        GeneratorReport one = generator(first).generate(2_000, 42, DefectRates.uniform(0.05), done -> { });
        GeneratorReport two = generator(second).generate(2_000, 42, DefectRates.uniform(0.05), done -> { });
        GeneratorReport three = generator(other).generate(2_000, 43, DefectRates.uniform(0.05), done -> { });

        assertThat(two.sha256ByTable()).isEqualTo(one.sha256ByTable());
        assertThat(three.sha256ByTable()).isNotEqualTo(one.sha256ByTable());
        assertThat(single(second, CUSTOMERS_CHECKSUM)).isEqualTo(single(first, CUSTOMERS_CHECKSUM));
        assertThat(single(second, ORDERS_CHECKSUM)).isEqualTo(single(first, ORDERS_CHECKSUM));
        assertThat(single(other, CUSTOMERS_CHECKSUM)).isNotEqualTo(single(first, CUSTOMERS_CHECKSUM));
    }

    @Test
    void generate_hundredThousandCustomers_northwindShapedAndMessy(@Postgres("large") TestDatabase large)
            throws SQLException {
        List<Long> progress = new ArrayList<>();

        GeneratorReport report = generator(large).generate(100_000, 7, DefectRates.uniform(0.02), progress::add);

        assertThat(count(large, "customers")).isEqualTo(100_000);
        assertThat(count(large, "orders")).isEqualTo(report.orders());
        assertThat(count(large, "order_details")).isEqualTo(report.orderLines());
        assertThat(report.orders() / 100_000.0).isCloseTo(15, within(0.5));
        assertThat((double) report.orderLines() / report.orders()).isCloseTo(2.55, within(0.1));
        assertThat(progress).hasSize(10).last().isEqualTo(100_000L);
        assertThat(count(large, "orders o WHERE NOT EXISTS "
                + "(SELECT 1 FROM customers c WHERE c.customer_id = o.customer_id)")).isEqualTo(report.orphanOrders())
                .isBetween(20_000L, 40_000L);
        assertThat(count(large, "customers WHERE btrim(company_name) = ''")).isBetween(1_500L, 2_500L);
        assertThat(count(large, "customers WHERE company_name LIKE '%Ã%'")).isBetween(1_500L, 2_500L);
        assertThat(count(large, "customers WHERE company_name LIKE '% '")).isGreaterThan(1_000);
        assertThat(count(large, "customers WHERE email IS NULL")).isBetween(1_500L, 2_500L);
        assertThat(count(large, "customers WHERE email NOT LIKE '%_@_%._%'")).isGreaterThan(1_000);
        assertThat(count(large, "customers WHERE customer_since !~ '^\\d{4}-\\d{2}-\\d{2}$'")).isGreaterThan(1_500);
        assertThat(count(large, "customers WHERE phone IS NULL")).isGreaterThan(1_500);
        assertThat(report.duplicateCustomers()).isBetween(1_500L, 2_500L);
        assertThat(count(large, "(SELECT company_name, contact_name, address FROM customers "
                + "GROUP BY 1, 2, 3 HAVING count(*) > 1) AS duplicated")).isGreaterThan(1_000);
        assertThat(count(large, "orders WHERE order_id < " + MessyDataGenerator.FIRST_ORDER_ID)).isZero();
    }

    @Test
    void generate_nonEmptyDatabase_isRefused(@Postgres("used") TestDatabase used) throws SQLException {
        try (Connection connection = used.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE precious (x int)");
        }

        assertThatThrownBy(() -> generator(used).generate(10, 1, DefectRates.none(), done -> { }))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("precious");
    }

    @Test
    void customerId_isABijectionOnFiveLetterIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (long i = 0; i < 200_000; i++) {
            ids.add(CustomerSynthesizer.customerId(i));
        }
        assertThat(ids).hasSize(200_000).allMatch(id -> id.matches("[A-Z]{5}"));
    }

    private static MessyDataGenerator generator(TestDatabase database) {
        return new MessyDataGenerator(database::connect, Clock.systemUTC());
    }

    private static long count(TestDatabase database, String from) throws SQLException {
        return Long.parseLong(single(database, "SELECT count(*) FROM " + from));
    }

    private static String single(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
