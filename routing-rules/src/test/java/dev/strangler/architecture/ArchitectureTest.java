package dev.strangler.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * What keeps routing-rules pure: it is loaded by the proxy, the migrator and the command line alike, and decides
 * in microseconds, so it must not pull in a network stack, a database driver or an event loop.
 *
 * <p>{@code java.nio.file} is allowed in one place only: {@code config.file.ConfigLoader} reads the configuration and
 * plan files (a {@code plan:} key names a second file relative to the first, so the loader has to open it). Everything
 * else parses text it is given. {@code java.net.URI}, {@code URISyntaxException} and {@code URLDecoder} are
 * allowed because they only parse and decode strings (the upstream and database URLs); nothing else of
 * {@code java.net} (sockets, {@code URL}, the HTTP client, name resolution) is.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.strangler");
    }

    @Test
    void noEventLoopOrNetworkLibraries() {
        ArchRule rule = noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.vertx..", "io.netty..")
                .because("routing-rules is pure: the proxy owns Vert.x and Netty");
        rule.check(classes);
    }

    @Test
    void noJdbc() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .because("databases belong to the migrator").check(classes);
    }

    @Test
    void noNetworkAccess_onlyUrlParsing() {
        noClasses().should().dependOnClassesThat(
                        DescribedPredicate.describe("java.net other than URI parsing",
                                (JavaClass c) -> c.getPackageName().equals("java.net")
                                        && !c.getName().equals("java.net.URI")
                                        && !c.getName().equals("java.net.URISyntaxException")
                                        && !c.getName().equals("java.net.URLDecoder")))
                .because("routing-rules never opens a connection").check(classes);
    }

    @Test
    void onlyConfigLoaderTouchesTheFileSystem() {
        noClasses().that().doNotHaveFullyQualifiedName("dev.strangler.config.file.ConfigLoader")
                .should().dependOnClassesThat().resideInAnyPackage("java.nio.file..")
                .because("everything but the loader parses text it is given").check(classes);
    }

    @Test
    void configurationModel_usesNeitherTheRulesNorTheReading() {
        noClasses().that().resideInAPackage("dev.strangler.config")
                .should().dependOnClassesThat()
                .resideInAnyPackage("dev.strangler.rules..", "dev.strangler.config.file..")
                .because("the compiled rules depend on the configuration model, and the file is read into it, not the"
                        + " reverse").check(classes);
    }

    @Test
    void rules_useTheModelButNotTheReading() {
        noClasses().that().resideInAPackage("dev.strangler.rules..")
                .should().dependOnClassesThat().resideInAPackage("dev.strangler.config.file..")
                .because("rules are compiled from the model; reading the file is config.file's").check(classes);
    }

    @Test
    void expressions_useNeitherConfigNorRules() {
        noClasses().that().resideInAPackage("dev.strangler.expression..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.strangler.config..", "dev.strangler.rules..")
                .because("the CEL environment is shared by the plan and the routing rules").check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.strangler.(**)").should().beFreeOfCycles().check(classes);
    }
}
