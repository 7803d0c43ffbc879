package dev.tractor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The layering the README's layout table describes, checked on the compiled classes: Netty only in {@code transport}
 * and {@code wire}, a public API that depends on no package of the runtime, and no cycle between packages.
 */
class ArchitectureTests {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.tractor");

    @Test
    void nettyIsUsedOnlyByTheTransportAndTheWireFormat() {
        noClasses().that().resideOutsideOfPackages("dev.tractor.transport..", "dev.tractor.wire..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..").check(CORE);
    }

    @Test
    void thePublicApiDependsOnNoOtherPackageOfTheProject() {
        noClasses().that().resideInAPackage("dev.tractor")
                .should().dependOnClassesThat().resideInAPackage("dev.tractor.(*)..").check(CORE);
    }

    @Test
    void noTwoPackagesDependOnEachOther() {
        Map<String, Set<String>> uses = new TreeMap<>();
        for (JavaClass c : CORE) {
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String from = c.getPackageName();
                String to = d.getTargetClass().getPackageName();
                if (to.startsWith("dev.tractor") && !to.equals(from)) {
                    uses.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                }
            }
        }
        assertThat(uses).as("the packages found").containsKeys("dev.tractor.runtime", "dev.tractor.transport");
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            List<String> path = new ArrayList<>(List.of(start));
            findCycle(start, start, uses, path, new TreeSet<>(), cycles);
        }
        assertThat(cycles).as("package cycles").isEmpty();
    }

    private static void findCycle(String start, String at, Map<String, Set<String>> uses, List<String> path,
                                  Set<String> seen, List<String> cycles) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                cycles.add(String.join(" -> ", path) + " -> " + start);
            } else if (seen.add(next)) {
                path.add(next);
                findCycle(start, next, uses, path, seen, cycles);
                path.removeLast();
            }
        }
    }
}
