package dev.strangler.migrator.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.data.Money;
import io.vertx.sqlclient.Tuple;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MySqlStatementTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            SELECT * FROM t WHERE id = $1                          | SELECT * FROM t WHERE id = ?                          | 1
            SELECT * FROM t WHERE id = ?                           | SELECT * FROM t WHERE id = ?                          | 1
            SELECT * FROM t WHERE a = ? OR b = ?                   | SELECT * FROM t WHERE a = ? OR b = ?                  | 1,1
            UPDATE t SET a = $2, b = $1 WHERE c = $2               | UPDATE t SET a = ?, b = ? WHERE c = ?               | 2,1,2
            SELECT '$1', 'it''s ?', 'a\\'?' FROM t WHERE id = $1   | SELECT '$1', 'it''s ?', 'a\\'?' FROM t WHERE id = ?  | 1
            SELECT "?", `a?b`, `x``$1` FROM t WHERE id = $1        | SELECT "?", `a?b`, `x``$1` FROM t WHERE id = ?       | 1
            SELECT price$1 FROM t WHERE id = $1                    | SELECT price$1 FROM t WHERE id = ?                   | 1
            SELECT 1 /* $1 ? */ FROM t WHERE id = $1 # ? $2        | SELECT 1 /* $1 ? */ FROM t WHERE id = ? # ? $2       | 1
            SELECT 1--$1                                           | SELECT 1--?                                          | 1
            SELECT 1 /*!50000 + ? */ FROM t                        | SELECT 1 /*!50000 + ? */ FROM t                      | 1
            SELECT 1 FROM t                                        | SELECT 1 FROM t                                      | ""
            """)
    void translatesPlaceholdersOutsideQuotesAndComments(String plan, String expected, String parameters) {
        MySqlStatement statement = MySqlStatement.of(plan);

        assertThat(statement.sql()).isEqualTo(expected);
        assertThat(statement.parameters()).isEqualTo(parameters.isEmpty() ? List.of()
                : Arrays.stream(parameters.split(",")).map(Integer::valueOf).collect(Collectors.toList()));
    }

    @Test
    void lineCommentNeedsASpaceAfterTheDashes_asInMySql() {
        assertThat(MySqlStatement.of("SELECT 1 -- ?\n, $1").parameters()).containsExactly(1);
        assertThat(MySqlStatement.of("SELECT 1 -- ?\n, $1").sql()).isEqualTo("SELECT 1 -- ?\n, ?");
    }

    @Test
    void bind_reordersAndRepeatsThePlanValues_inFormsTheMySqlClientEncodes() {
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        MySqlStatement statement = MySqlStatement.of("INSERT INTO t VALUES ($1, $2, $3) ON DUPLICATE KEY UPDATE b = $2");

        Tuple bound = statement.bind(Tuple.of(id, new Money(new BigDecimal("19.99")), "x"));

        assertThat(bound.size()).isEqualTo(4);
        assertThat(bound.getValue(0)).isEqualTo(id.toString());
        assertThat(bound.getValue(1)).isEqualTo(new BigDecimal("19.99"));
        assertThat(bound.getValue(2)).isEqualTo("x");
        assertThat(bound.getValue(3)).isEqualTo(new BigDecimal("19.99"));
    }

    @Test
    void bind_withFewerValuesThanTheStatementTakes_saysWhichParameterIsMissing() {
        assertThatThrownBy(() -> MySqlStatement.of("UPDATE t SET a = $2 WHERE id = $1").bind(Tuple.of("k")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes $2 but 1 value(s) were bound");
    }
}
