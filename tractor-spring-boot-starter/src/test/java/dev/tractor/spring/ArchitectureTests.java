package dev.tractor.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The starter is built on the public API and SPIs only, never on the runtime's internals. */
class ArchitectureTests {

    @Test
    void theStarterReachesTheRuntimeOnlyThroughThePublicApi() {
        JavaClasses starter = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tractor.spring");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.tractor.runtime..",
                "dev.tractor.transport..", "dev.tractor.wire..").check(starter);
    }
}
