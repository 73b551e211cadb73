package dev.strangler.proxy;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.constructors;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The proxy's architecture, checked on its compiled classes: it uses only the migrator's public API, its packages
 * (the wiring package included) form no cycle, only the composition roots build Vert.x options or read the
 * environment, and the admin port's parts take a few services each.
 */
class ArchitectureTest {

    private static final JavaClasses PROXY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.strangler.proxy");

    /** The composition roots: the server's (with its body and its options) and the command line's session. */
    private static final String SERVER = "dev.strangler.proxy.StranglerServer";
    private static final String SERVER_WIRING = "dev.strangler.proxy.ServerWiring";
    private static final String SERVER_OPTIONS = "dev.strangler.proxy.ServerOptions";
    private static final String SESSION = "dev.strangler.proxy.cli.Session";

    private static final int MOST_PARAMETERS = 6;

    private static final DescribedPredicate<JavaConstructorCall> VERTX_OPTIONS =
            DescribedPredicate.describe("a Vert.x *Options constructor", call ->
                    call.getTargetOwner().getPackageName().startsWith("io.vertx")
                            && call.getTargetOwner().getSimpleName().endsWith("Options"));

    /** Each package of the proxy is a slice: {@code dev.strangler.proxy} itself, {@code admin}, {@code cli}, ... */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String name = javaClass.getPackageName();
            if (name.equals("dev.strangler.proxy")) {
                return SliceIdentifier.of("proxy");
            }
            if (name.startsWith("dev.strangler.proxy.")) {
                return SliceIdentifier.of(name.substring("dev.strangler.proxy.".length()).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the packages of dev.strangler.proxy";
        }
    };

    @Test
    void proxy_usesOnlyTheMigratorsPublicApi() {
        noClasses().that().resideInAPackage("dev.strangler.proxy..")
                .should().dependOnClassesThat(resideInAPackage("dev.strangler.migrator..")
                        .and(not(resideInAnyPackage("dev.strangler.migrator", "dev.strangler.migrator.spi"))))
                .check(PROXY);
    }

    @Test
    void packages_areFreeOfCycles() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(PROXY);
    }

    @Test
    void onlyTheCompositionRoots_buildVertxOptions() {
        noClasses().that().resideInAPackage("dev.strangler.proxy..")
                .and().doNotHaveFullyQualifiedName(SERVER).and().doNotHaveFullyQualifiedName(SERVER_WIRING)
                .and().doNotHaveFullyQualifiedName(SERVER_OPTIONS)
                .and().doNotHaveFullyQualifiedName(SESSION)
                .should().callConstructorWhere(VERTX_OPTIONS)
                .check(PROXY);
    }

    /**
     * The admin port's parts (the API's endpoint groups and the nodes they share, the console's pages) and the control
     * plane's (the listener, the fleet membership, what they keep in step) each take the few services they use from
     * the composition root, never a bag of them: no constructor, and so no record, of more than
     * {@value #MOST_PARAMETERS} parameters.
     */
    @Test
    void adminAndControlParts_takeAFewServicesEach() {
        constructors().that().areDeclaredInClassesThat()
                .resideInAnyPackage("dev.strangler.proxy.admin..", "dev.strangler.proxy.console..",
                        "dev.strangler.proxy.control..")
                .should(new ArchCondition<JavaConstructor>("take at most " + MOST_PARAMETERS + " parameters") {
                    @Override
                    public void check(JavaConstructor constructor, ConditionEvents events) {
                        int count = constructor.getRawParameterTypes().size();
                        if (count > MOST_PARAMETERS) {
                            events.add(SimpleConditionEvent.violated(constructor,
                                    constructor.getFullName() + " takes " + count + " parameters"));
                        }
                    }
                })
                .check(PROXY);
    }

    @Test
    void onlyTheCompositionRoots_readTheEnvironment() {
        noClasses().that().resideInAPackage("dev.strangler.proxy..")
                .and().doNotHaveFullyQualifiedName(SERVER).and().doNotHaveFullyQualifiedName(SERVER_WIRING)
                .and().doNotHaveFullyQualifiedName(SESSION)
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .check(PROXY);
    }
}
