package dev.strangler.deploy;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The deployment tests (all of dist's code) reach the migrator only through its public API (and {@code spi}), like
 * the proxy and the demo: the public types of the migrator's implementation packages are public for their sibling
 * packages alone.
 */
class ArchitectureTest {

    private static final JavaClasses DIST = new ClassFileImporter()
            .importPackages("dev.strangler.deploy", "dev.strangler.history");

    @Test
    void deploymentTests_useOnlyTheMigratorsPublicApi() {
        noClasses().should().dependOnClassesThat(resideInAPackage("dev.strangler.migrator..")
                        .and(not(resideInAnyPackage("dev.strangler.migrator", "dev.strangler.migrator.spi"))))
                .check(DIST);
    }
}
