package dev.strangler.migrator.legacy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.mysqlclient.MySQLBuilder;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.desc.ColumnDescriptor;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/**
 * A MySQL or MariaDB legacy database: its pool, and what the engine learns from the server that PostgreSQL would
 * tell by itself. MySQL infers no parameter types when it prepares a statement (every {@code ?} is described as a
 * string), so the user key's type is taken from the plan's {@code users} query, whose first column is the key:
 * an {@code INT} key is bound as an integer in every statement, a {@code CHAR} or {@code VARCHAR} key as text,
 * exactly as PostgreSQL's declared types do (the server would otherwise compare an integer column with a string
 * as floating-point numbers).
 */
public final class MySqlLegacy {

    private static final Logger LOG = Logger.getLogger(MySqlLegacy.class.getName());

    /** How long after the engine's statement timeout the server ends a statement itself. */
    static final long BACKSTOP_MILLIS = 250;

    /** Where a connection of {@link #pool} keeps the engine's statement limit, to be put back after a raise. */
    private static final String ENGINE_LIMIT = "@strangler_statement_limit";

    private MySqlLegacy() {
    }

    /**
     * A pool whose statements are written as in the plan ({@link MySqlStatement}). Each connection waits at most
     * {@code lockTimeout} (whole seconds, at least one: InnoDB's unit) for a row lock, as PostgreSQL's
     * {@code lock_timeout} bounds the engine's, and runs a statement at most {@code statementTimeout}, as
     * PostgreSQL's {@code statement_timeout} does (MariaDB's {@code max_statement_time}; MySQL's
     * {@code max_execution_time}, which bounds only {@code SELECT}s), so an abandoned attempt's statement ends on the
     * server instead of holding the connection. The server's limit comes {@value #BACKSTOP_MILLIS} ms after
     * {@code statementTimeout}: MySQL has no cancel request, so an attempt past its deadline closes its connection
     * and the server ends the statement just after, leaving the deadline, not the server, to decide that the
     * attempt timed out.
     */
    public static Pool pool(Vertx vertx, MySQLConnectOptions connect, PoolOptions pool, NetClientOptions network,
                            Duration lockTimeout, Duration statementTimeout) {
        long seconds = Math.max(1, (lockTimeout.toMillis() + 999) / 1000);
        Duration backstop = statementTimeout.plusMillis(BACKSTOP_MILLIS);
        Pool mysql = MySQLBuilder.pool()
                .with(pool)
                .with(network)
                .connectingTo(connect)
                .withConnectHandler(connection -> connection
                        .query("SET SESSION innodb_lock_wait_timeout = " + seconds + ", "
                                + statementLimit(connection, backstop) + ", " + ENGINE_LIMIT + " = "
                                + limitValue(connection, backstop))
                        .execute()
                        .onFailure(error -> LOG.warning("legacy connection without its lock and statement limits: "
                                + error.getMessage()))
                        .onComplete(set -> connection.close()))
                .using(vertx)
                .build();
        return new TranslatingPool(mysql);
    }

    /**
     * Raises the connection's statement limit to {@code limit} for the operational statements over all users,
     * until {@link #restoreStatementLimit}.
     */
    public static Future<Void> raiseStatementLimit(SqlConnection connection, Duration limit) {
        return connection.query("SET SESSION " + statementLimit(connection, limit)).execute().mapEmpty();
    }

    /** Puts back the engine's statement limit the connection was opened with (none if it was not). */
    public static Future<Void> restoreStatementLimit(SqlConnection connection) {
        return connection.query("SET SESSION " + limitVariable(connection) + " = COALESCE(" + ENGINE_LIMIT + ", 0)")
                .execute().mapEmpty();
    }

    private static String statementLimit(SqlConnection connection, Duration limit) {
        return limitVariable(connection) + " = " + limitValue(connection, limit);
    }

    private static boolean mariaDb(SqlConnection connection) {
        return "MariaDB".equalsIgnoreCase(connection.databaseMetadata().productName());
    }

    private static String limitVariable(SqlConnection connection) {
        return mariaDb(connection) ? "max_statement_time" : "max_execution_time";
    }

    /** MariaDB counts seconds (with a fraction), MySQL milliseconds. */
    private static String limitValue(SqlConnection connection, Duration limit) {
        return mariaDb(connection) ? BigDecimal.valueOf(limit.toMillis(), 3).toPlainString()
                : Long.toString(limit.toMillis());
    }

    /**
     * Prepares the statement on the server (which checks its tables and columns) and closes it again; completes with
     * one unknown type per plan parameter ({@code null}: bound as the value is).
     */
    public static Future<List<String>> parameterTypes(SqlConnection connection, String sql) {
        MySqlStatement statement = MySqlStatement.of(sql);
        return connection.prepare(sql)
                .compose(prepared -> prepared.close())
                .map(closed -> Collections.nCopies(statement.arity(), (String) null));
    }

    /**
     * The user key's type, named as PostgreSQL names parameter types (so one coercion serves both): the type of the
     * first column of the {@code users} query, read from an empty result. Null when the type is not one a key is
     * coerced to (the key is then bound as text).
     */
    public static Future<String> keyType(SqlConnection connection, String usersSql) {
        String users = usersSql.strip();
        while (users.endsWith(";")) {
            users = users.substring(0, users.length() - 1).strip();
        }
        return connection.query("SELECT * FROM (" + users + ") AS strangler_users LIMIT 0").execute()
                .map(rows -> {
                    List<ColumnDescriptor> columns = new ArrayList<>(rows.columnDescriptors());
                    return columns.isEmpty() ? null : typeName(columns.get(0));
                });
    }

    private static String typeName(ColumnDescriptor column) {
        return switch (column.jdbcType()) {
            case TINYINT, SMALLINT -> "smallint";
            case INTEGER -> "integer";
            case BIGINT -> "bigint";
            case DECIMAL, NUMERIC -> "numeric";
            case CHAR, VARCHAR, LONGVARCHAR, NCHAR, NVARCHAR, LONGNVARCHAR, CLOB -> "text";
            case DATE -> "date";
            default -> null;
        };
    }
}
