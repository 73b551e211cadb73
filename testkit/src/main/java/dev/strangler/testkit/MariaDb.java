package dev.strangler.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a {@link MariaDbDatabase} parameter, so a test class can ask for several distinct databases; parameters with
 * the same name in one test class get the same database.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface MariaDb {

    /** The database's name within the test class. */
    String value() default "main";
}
