package dev.strangler.testkit;

/**
 * A running PostgreSQL server that hands out fresh databases. One per JVM, chosen by {@link PostgresFixture}.
 */
public interface PostgresServer {

    /** A new, empty database whose name starts with {@code prefix}. */
    TestDatabase createDatabase(String prefix);

    /** Drops a database made by {@link #createDatabase}, closing any connection still open to it. */
    void dropDatabase(TestDatabase database);

    /** Which kind of server this is and where, for test logs: {@code embedded PostgreSQL 17.6 on port 41234}. */
    String description();
}
