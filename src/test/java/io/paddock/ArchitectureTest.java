package io.paddock;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.paddock.consensus.PeerMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of DESIGN.md: the pure rooms (model, tree, session, consensus, wire)
 * use no Vert.x, no java.io/java.net, no threads and no clock; only node imports Vert.x;
 * nothing imports node; each room imports only the rooms it may (cli: model, wire, config, and
 * only node's Main registers it; wire.peer: consensus's PeerMessage records and nothing else of it).
 */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.paddock");
    }

    private static final String[] PURE = {"io.paddock.model..", "io.paddock.tree..", "io.paddock.session..",
        "io.paddock.consensus..", "io.paddock.replica..", "io.paddock.wire.."};

    @Test
    void pureRoomsTouchNoVertxIoNetThreadsOrClock() {
        ArchRule rule = noClasses().that().resideInAnyPackage(PURE).should().dependOnClassesThat()
                .resideInAnyPackage("io.vertx..", "io.netty..", "java.io..", "java.net..", "java.util.concurrent..",
                        "java.nio.file..", "java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Instant")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.security.SecureRandom")
                .orShould().callMethod(Math.class, "random")
                .orShould().callMethod(System.class, "getProperty", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class, String.class)
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv");
        rule.check(classes);
    }

    /** Nothing pure asks java.time for the current time (an Instant or LocalDateTime of a given value is fine). */
    @Test
    void pureRoomsReadNoClockThroughJavaTime() {
        noClasses().that().resideInAnyPackage(PURE).should().callMethodWhere(
                com.tngtech.archunit.base.DescribedPredicate.describe("a java.time now()", call ->
                        call.getTargetOwner().getPackageName().equals("java.time") && call.getName().equals("now")))
                .check(classes);
    }

    @Test
    void replicaImportsOnlyThePureRoomsBelowIt() {
        noClasses().that().resideInAPackage("io.paddock.replica..").should().dependOnClassesThat()
                .resideInAnyPackage("io.paddock.storage..", "io.paddock.wire..", "io.paddock.config..",
                        "io.paddock.node..", "io.paddock.cli..").check(classes);
        noClasses().that().resideInAnyPackage("io.paddock.model..", "io.paddock.tree..", "io.paddock.session..",
                "io.paddock.consensus..", "io.paddock.storage..", "io.paddock.wire..", "io.paddock.config..")
                .should().dependOnClassesThat().resideInAPackage("io.paddock.replica..").check(classes);
    }

    @Test
    void onlyNodeUsesVertx() {
        noClasses().that().resideOutsideOfPackage("io.paddock.node..").should().dependOnClassesThat()
                .resideInAnyPackage("io.vertx..").check(classes);
    }

    @Test
    void nothingImportsNode() {
        noClasses().that().resideOutsideOfPackage("io.paddock.node..").should().dependOnClassesThat()
                .resideInAnyPackage("io.paddock.node..").check(classes);
    }

    @Test
    void cliIsAClientOfTheWireOnlyAndOnlyMainRegistersIt() {
        noClasses().that().resideInAPackage("io.paddock.cli..").should().dependOnClassesThat()
                .resideInAnyPackage("io.paddock.tree..", "io.paddock.session..", "io.paddock.consensus..",
                        "io.paddock.storage..", "io.paddock.node..").check(classes);
        noClasses().that().resideOutsideOfPackages("io.paddock.cli..", "io.paddock.node..").should()
                .dependOnClassesThat().resideInAnyPackage("io.paddock.cli..").check(classes);
    }

    @Test
    void roomsImportOnlyWhatTheyMay() {
        noClasses().that().resideInAPackage("io.paddock.model..").should().dependOnClassesThat()
                .resideInAnyPackage("io.paddock.tree..", "io.paddock.session..", "io.paddock.consensus..",
                        "io.paddock.storage..", "io.paddock.wire..", "io.paddock.config..").check(classes);
        noClasses().that().resideInAPackage("io.paddock.tree..").should().dependOnClassesThat()
                .resideInAnyPackage("io.paddock.session..", "io.paddock.consensus..", "io.paddock.storage..",
                        "io.paddock.wire..", "io.paddock.config..").check(classes);
        noClasses().that().resideInAPackage("io.paddock.session..").should().dependOnClassesThat()
                .resideInAnyPackage("io.paddock.consensus..", "io.paddock.storage..", "io.paddock.wire..",
                        "io.paddock.config..").check(classes);
        noClasses().that().resideInAPackage("io.paddock.consensus..").should().dependOnClassesThat()
                .resideInAnyPackage("io.paddock.tree..", "io.paddock.session..", "io.paddock.storage..",
                        "io.paddock.wire..", "io.paddock.config..").check(classes);
        noClasses().that().resideInAPackage("io.paddock.wire..").should().dependOnClassesThat()
                .resideInAnyPackage("io.paddock.tree..", "io.paddock.session..", "io.paddock.storage..",
                        "io.paddock.config..").check(classes);
        // wire.peer encodes the consensus room's message records, and that is all it may take from it.
        noClasses().that().resideInAPackage("io.paddock.wire..").should().dependOnClassesThat(
                resideInAPackage("io.paddock.consensus..").and(not(belongToAnyOf(PeerMessage.class)))).check(classes);
        noClasses().that().resideInAPackage("io.paddock.wire..").and().resideOutsideOfPackage("io.paddock.wire.peer..")
                .should().dependOnClassesThat().resideInAPackage("io.paddock.consensus..").check(classes);
        noClasses().that().resideInAPackage("io.paddock.storage..").should().dependOnClassesThat()
                .resideInAnyPackage("io.paddock.tree..", "io.paddock.session..", "io.paddock.consensus..",
                        "io.paddock.config..").check(classes);
        noClasses().that().resideInAPackage("io.paddock.config..").should().dependOnClassesThat()
                .resideInAnyPackage("io.paddock.model..", "io.paddock.tree..", "io.paddock.session..",
                        "io.paddock.consensus..", "io.paddock.storage..", "io.paddock.wire..").check(classes);
    }
}
