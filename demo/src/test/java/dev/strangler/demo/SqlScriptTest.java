package dev.strangler.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void parse_splitsOnSemicolonsOutsideQuotesCommentsAndDollarBodies() {
        String text = """
                -- a comment; with a semicolon
                SET client_encoding = 'UTF8';
                INSERT INTO t VALUES ('it''s; fine', E'back\\'slash;', "odd;name");
                /* block; comment */
                CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
                SELECT $$a;b$$
                """;

        List<SqlScript.Statement> statements = SqlScript.parse("t.sql", text).statements();

        assertThat(statements).extracting(SqlScript.Statement::sql).containsExactly(
                "SET client_encoding = 'UTF8'",
                "INSERT INTO t VALUES ('it''s; fine', E'back\\'slash;', \"odd;name\")",
                "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
                "SELECT $$a;b$$");
        assertThat(statements).extracting(SqlScript.Statement::line).containsExactly(2, 3, 5, 6);
    }

    @Test
    void parse_positionalParametersAreNotDollarQuotes() {
        assertThat(SqlScript.parse("t.sql", "SELECT $1, $2; SELECT 3").statements())
                .extracting(SqlScript.Statement::sql).containsExactly("SELECT $1, $2", "SELECT 3");
    }

    @Test
    void resource_northwindDumpHasEveryInsert() {
        assertThat(SqlScript.resource("northwind/northwind.sql").statements())
                .filteredOn(statement -> statement.sql().startsWith("INSERT")).hasSize(3362);
    }
}
