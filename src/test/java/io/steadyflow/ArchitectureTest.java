package io.steadyflow;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the package-by-capability structure honest: capabilities do not depend on each
 * other in cycles, dependencies are injected through constructors, and production code
 * does not print.
 */
class ArchitectureTest {

	static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.steadyflow");

	@Test
	void capabilitiesAreFreeOfCycles() {
		slices().matching("io.steadyflow.(*)..").should().beFreeOfCycles().check(classes);
	}

	@Test
	void noFieldInjection() {
		noFields().should().beAnnotatedWith(Autowired.class).check(classes);
	}

	@Test
	void controllersDoNotReturnEngineTypes() {
		noClasses().that()
			.haveSimpleNameEndingWith("ApiController")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.flowable.engine.runtime..", "org.flowable.task.api..")
			.because("the API returns small records of our own, never Flowable's Task or ProcessInstance")
			.check(classes);
	}

	@Test
	void productionCodeDoesNotPrint() {
		noClasses().that()
			.resideOutsideOfPackage("io.steadyflow.readiness..")
			.should()
			.accessField(System.class, "out")
			.orShould()
			.accessField(System.class, "err")
			.because("logging goes through SLF4J; only the command-line linter prints its report")
			.check(classes);
	}

	@Test
	void aiCannotWorkOnTasks() {
		noClasses().that()
			.resideInAPackage("io.steadyflow.ai..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.steadyflow.tasks..", "org.flowable.task..", "org.flowable.identitylink..")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("org.flowable.engine.TaskService")
			.because("AI is assistance: it can never claim, complete or assign a user task (docs/ai.md)")
			.check(classes);
	}

}
