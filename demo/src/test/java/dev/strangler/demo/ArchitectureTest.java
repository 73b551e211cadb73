package dev.strangler.demo;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The demo, its tests included, reaches the migrator only through its public API (and {@code spi}), like the proxy:
 * the public types of the migrator's implementation packages are public for their sibling packages alone.
 */
class ArchitectureTest {

    private static final JavaClasses DEMO = new ClassFileImporter().importPackages("dev.strangler.demo");

    @Test
    void demo_usesOnlyTheMigratorsPublicApi() {
        noClasses().that().resideInAPackage("dev.strangler.demo..")
                .should().dependOnClassesThat(resideInAPackage("dev.strangler.migrator..")
                        .and(not(resideInAnyPackage("dev.strangler.migrator", "dev.strangler.migrator.spi"))))
                .check(DEMO);
    }
}
