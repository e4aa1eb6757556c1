package dev.driftgate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.driftgate.core.config.Environment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules of DESIGN.md ("Modules: the target layout"), checked on the compiled main
 * classes of every module on the CLI's classpath (all but the gateway, which has its own test).
 * Arrows point down only: core knows no runtime; gate, flink-jobs and local-stack know only core;
 * only cli knows picocli; only one class reads the process environment.
 */
class LayoutRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // the other modules arrive as jars; their test-jars hold fixtures, not product code
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.driftgate");
    }

    @Test
    void coreIsDomainOnly() {
        noClasses().that().resideInAPackage("dev.driftgate.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.flink..", "io.micronaut..", "picocli..",
                        "kafka..", "scala..", "org.apache.kafka..", "io.zonky..",
                        "dev.driftgate.flink..", "dev.driftgate.gate..", "dev.driftgate.local..",
                        "dev.driftgate.cli..", "dev.driftgate.gateway..")
                .because("core holds the domain only: no runtime, no embedded servers, no module above it")
                .check(classes);
    }

    @Test
    void gateIsALibraryOverCore() {
        noClasses().that().resideInAPackage("dev.driftgate.gate..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.flink..", "picocli..", "io.micronaut..", "io.zonky..", "kafka..",
                        "dev.driftgate.flink..", "dev.driftgate.local..", "dev.driftgate.cli..")
                .because("the gate library depends on core only")
                .check(classes);
    }

    @Test
    void flinkJobsKnowCoreOnly() {
        noClasses().that().resideInAPackage("dev.driftgate.flink..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "picocli..", "io.micronaut..", "io.zonky..", "kafka..", "scala..",
                        "dev.driftgate.gate..", "dev.driftgate.local..", "dev.driftgate.cli..")
                .because("the job jar goes to a cluster: no CLI, no local stack, no broker")
                .check(classes);
    }

    @Test
    void flinkTypesStayInFlinkJobs() {
        noClasses().that().resideOutsideOfPackages("dev.driftgate.flink..", "dev.driftgate.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
                .because("Flink types live in flink-jobs (the cli submits jobs, nothing else touches Flink)")
                .check(classes);
    }

    @Test
    void localStackKnowsCoreOnly() {
        noClasses().that().resideInAPackage("dev.driftgate.local..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.apache.flink..", "picocli..", "io.micronaut..",
                        "dev.driftgate.flink..", "dev.driftgate.gate..", "dev.driftgate.cli..")
                .check(classes);
    }

    @Test
    void picocliOnlyInCli() {
        noClasses().that().resideOutsideOfPackage("dev.driftgate.cli..")
                .should().dependOnClassesThat().resideInAPackage("picocli..")
                .check(classes);
    }

    @Test
    void onlyEnvironmentReadsTheProcessEnvironment() {
        noClasses().that().doNotHaveFullyQualifiedName(Environment.class.getName())
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .because("every environment variable is named and read in one place (core.config.Environment)")
                .check(classes);
    }
}
