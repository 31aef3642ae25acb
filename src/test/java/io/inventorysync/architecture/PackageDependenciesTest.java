package io.inventorysync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of the service's classes is a DAG read from the top down (docs/development.md): wiring
 * ({@code config}) → front doors ({@code wazuh}, {@code router}) → {@code session} → {@code store} and
 * {@code indexer}; {@code protocol}, {@code tls}, {@code metrics} and {@code support} at the bottom.
 */
class PackageDependenciesTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.inventorysync");
    }

    @Test
    void noPackageCycles() {
        // every package its own slice: a subpackage that imports its parent, and the parent it, is a cycle too
        slices().matching("io.inventorysync.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void sessionCodeNeitherSendsNorWires() {
        noClasses()
                .that()
                .resideInAPackage("io.inventorysync.session..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.inventorysync.router..", "io.inventorysync.wazuh..", "io.inventorysync.config..")
                .check(classes);
    }

    @Test
    void theIndexerOwnsWhatItIsHanded() {
        noClasses()
                .that()
                .resideInAPackage("io.inventorysync.indexer..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.inventorysync.session..",
                        "io.inventorysync.store..",
                        "io.inventorysync.router..",
                        "io.inventorysync.wazuh..",
                        "io.inventorysync.config..")
                .check(classes);
    }

    @Test
    void theStoreKnowsOnlyTheBottom() {
        noClasses()
                .that()
                .resideInAPackage("io.inventorysync.store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.inventorysync.session..",
                        "io.inventorysync.indexer..",
                        "io.inventorysync.router..",
                        "io.inventorysync.wazuh..",
                        "io.inventorysync.config..",
                        "io.inventorysync.metrics..")
                .check(classes);
    }

    @Test
    void theBottomPackagesImportNothingAboveThem() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.inventorysync.protocol..",
                        "io.inventorysync.tls..",
                        "io.inventorysync.metrics..",
                        "io.inventorysync.support..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.inventorysync.session..",
                        "io.inventorysync.store..",
                        "io.inventorysync.indexer..",
                        "io.inventorysync.router..",
                        "io.inventorysync.wazuh..",
                        "io.inventorysync.config..",
                        "io.inventorysync.simulator..",
                        "io.inventorysync.tools..")
                .check(classes);
    }
}
