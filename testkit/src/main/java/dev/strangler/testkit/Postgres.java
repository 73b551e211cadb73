package dev.strangler.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a {@link TestDatabase} parameter, so a test class can ask for several distinct databases:
 * {@code @Postgres("legacy") TestDatabase legacy, @Postgres("modern") TestDatabase modern}. Parameters with the
 * same name in one test class get the same database.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface Postgres {

    /** The database's name within the test class. */
    String value() default "main";

    /**
     * Whether the database must be on a server with {@code wal_level=logical} (replication slots, change data
     * capture): {@link PostgresFixture#logicalDecoding()}. Only the tests that ask for it pay for that server.
     */
    boolean logicalDecoding() default false;
}
