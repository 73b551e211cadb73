package dev.strangler.migrator;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The migrator's architecture, checked on its compiled classes: it knows nothing of the proxy or the demo, its
 * implementation packages form no cycle, the API package stays a small front door (a few capability interfaces
 * that own their vocabulary as nested records, enums and interfaces) and reaches the implementation only through
 * the factory, only the one mapping of database URLs builds Vert.x options, and what is MySQL's stays in the
 * legacy package.
 */
class ArchitectureTest {

    private static final JavaClasses MIGRATOR = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.strangler.migrator");

    /** A constructor of one of Vert.x's mutable {@code *Options} classes. */
    static final DescribedPredicate<JavaConstructorCall> VERTX_OPTIONS =
            DescribedPredicate.describe("a Vert.x *Options constructor", call ->
                    call.getTargetOwner().getPackageName().startsWith("io.vertx")
                            && call.getTargetOwner().getSimpleName().endsWith("Options"));

    @Test
    void migrator_doesNotDependOnProxyOrDemo() {
        noClasses().that().resideInAPackage("dev.strangler.migrator..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.strangler.proxy..", "dev.strangler.demo..")
                .check(MIGRATOR);
    }

    @Test
    void implementationPackages_areFreeOfCycles() {
        slices().matching("dev.strangler.migrator.(*)..").should().beFreeOfCycles().check(MIGRATOR);
    }

    @Test
    void apiPackage_reachesTheImplementationOnlyThroughTheFactory() {
        noClasses().that().resideInAPackage("dev.strangler.migrator")
                .should().dependOnClassesThat(resideInAPackage("dev.strangler.migrator..")
                        .and(not(resideInAnyPackage("dev.strangler.migrator", "dev.strangler.migrator.spi")))
                        .and(not(DescribedPredicate.describe("the factory or the snapshot encoding", javaClass ->
                                javaClass.getName().equals("dev.strangler.migrator.engine.Wiring")
                                        || javaClass.getName().equals("dev.strangler.migrator.state.Snapshots")))))
                .check(MIGRATOR);
    }

    /** The public top-level types of the API package: 16 when this rule was written, plus two of headroom. */
    private static final int API_TYPES_AT_MOST = 18;

    @Test
    void apiPackage_hasAFewPublicTopLevelTypes() {
        List<String> types = MIGRATOR.stream()
                .filter(type -> type.getPackageName().equals("dev.strangler.migrator") && type.isTopLevelClass()
                        && type.getModifiers().contains(JavaModifier.PUBLIC))
                .map(JavaClass::getSimpleName).sorted().toList();
        assertThat(types)
                .as("the migrator's front door: a new value type nests in the capability that owns it")
                .hasSizeLessThanOrEqualTo(API_TYPES_AT_MOST);
    }

    @Test
    void apiPackage_nestsOnlyRecordsEnumsInterfacesAndExceptions() {
        List<String> others = MIGRATOR.stream()
                .filter(type -> type.getPackageName().equals("dev.strangler.migrator") && type.isMemberClass()
                        && type.getModifiers().contains(JavaModifier.PUBLIC))
                .filter(type -> !type.isRecord() && !type.isEnum() && !type.isInterface()
                        && !type.isAssignableTo(Throwable.class))
                .map(JavaClass::getName).sorted().toList();
        assertThat(others).as("public nested types of the API that are classes (implementations belong in "
                + "implementation packages)").isEmpty();
    }

    @Test
    void onlyTheDatabaseMapping_buildsVertxOptions() {
        noClasses().that().resideInAPackage("dev.strangler.migrator..")
                .and().doNotHaveFullyQualifiedName("dev.strangler.migrator.DatabaseConnections")
                .and().doNotHaveFullyQualifiedName("dev.strangler.migrator.engine.DatabasePools")
                .should().callConstructorWhere(VERTX_OPTIONS)
                .check(MIGRATOR);
    }

    @Test
    void onlyTheLegacyPackageAndTheDatabaseMapping_knowTheMySqlClient() {
        noClasses().that().resideInAPackage("dev.strangler.migrator..")
                .and().resideOutsideOfPackage("dev.strangler.migrator.legacy")
                .and().doNotHaveFullyQualifiedName("dev.strangler.migrator.DatabaseConnections")
                .and().doNotHaveFullyQualifiedName("dev.strangler.migrator.engine.DatabasePools")
                .should().dependOnClassesThat().resideInAPackage("io.vertx.mysqlclient..")
                .check(MIGRATOR);
    }

    @Test
    void legacyPackage_dependsOnNoOtherImplementationPackage() {
        noClasses().that().resideInAPackage("dev.strangler.migrator.legacy")
                .should().dependOnClassesThat().resideInAnyPackage("dev.strangler.migrator.engine..",
                        "dev.strangler.migrator.state..", "dev.strangler.migrator.bulk..",
                        "dev.strangler.migrator.backfill..", "dev.strangler.migrator.batch..",
                        "dev.strangler.migrator.verify..")
                .check(MIGRATOR);
    }

    @Test
    void nothing_readsTheEnvironment() {
        noClasses().that().resideInAPackage("dev.strangler.migrator..")
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .check(MIGRATOR);
    }
}
