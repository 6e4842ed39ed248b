package io.steadyflow;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import io.steadyflow.examples.ExampleWorkflow;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the package-by-capability structure honest: capabilities do not depend on each
 * other in cycles, the platform does not depend on the example workflows, dependencies
 * are injected through constructors, and production code does not print.
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
	void platformDoesNotDependOnTheExamples() {
		noClasses().that()
			.resideOutsideOfPackage("io.steadyflow.examples..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.steadyflow.examples..")
			.because("the example workflows sit beside the platform: they can be switched off and deleted "
					+ "without editing it")
			.check(classes);
	}

	/**
	 * The platform's code names no example process, form, delegate or demo system: a
	 * string literal that is one of them (or a path under /demo) would tie the platform
	 * to an example that can be switched off. Messages that use an example as an
	 * illustration inside a longer text are fine.
	 */
	@Test
	void platformCodeNamesNoExampleProcessFormBeanOrDemoSystem() throws IOException {
		Set<String> names = new TreeSet<>();
		try (Stream<Path> files = Files.list(Path.of("processes"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".bpmn20.xml")).toList()) {
				String xml = Files.readString(file);
				if (xml.contains("sf:example=\"true\"")) {
					names.addAll(matches(xml, "<process id=\"([^\"]+)\""));
					names.addAll(matches(xml, "flowable:formKey=\"([^\"]+)\""));
					names.addAll(matches(xml, "flowable:delegateExpression=\"\\$\\{([A-Za-z0-9_]+)\\}\""));
				}
			}
		}
		names.removeAll(platformBeans());
		assertThat(names).as("the example workflows' processes, forms and own delegates").contains("invoice-approval");

		List<String> offending = new ArrayList<>();
		try (Stream<Path> sources = Files.walk(Path.of("src/main/java/io/steadyflow"))) {
			for (Path source : sources.filter((f) -> f.toString().endsWith(".java"))
				.filter((f) -> !f.startsWith(Path.of("src/main/java/io/steadyflow/examples")))
				.toList()) {
				for (String literal : matches(Files.readString(source), "\"((?:[^\"\\\\\n]|\\\\.)*)\"")) {
					if (names.contains(literal) || literal.startsWith("/demo")) {
						offending.add(source + ": \"" + literal + "\"");
					}
				}
			}
		}
		assertThat(offending).isEmpty();
	}

	/** The delegates the platform itself provides (httpTool, aiStep, ...). */
	private static Set<String> platformBeans() {
		Set<String> beans = new TreeSet<>();
		for (JavaClass type : classes) {
			if (!type.getPackageName().startsWith("io.steadyflow.examples") && type.isAnnotatedWith(Component.class)) {
				String name = type.getAnnotationOfType(Component.class).value();
				beans.add(name.isEmpty()
						? Character.toLowerCase(type.getSimpleName().charAt(0)) + type.getSimpleName().substring(1)
						: name);
			}
		}
		return beans;
	}

	private static List<String> matches(String text, String regex) {
		List<String> found = new ArrayList<>();
		Matcher matcher = Pattern.compile(regex).matcher(text);
		while (matcher.find()) {
			found.add(matcher.group(1));
		}
		return found;
	}

	@Test
	void everyBeanOfTheExamplesIsSwitchedByTheExamplesSetting() {
		classes().that()
			.resideInAPackage("io.steadyflow.examples..")
			.and(DescribedPredicate.describe("are Spring components or configuration properties",
					(JavaClass type) -> type.isMetaAnnotatedWith(Component.class)
							|| type.isAnnotatedWith(ConfigurationProperties.class)))
			.should()
			.beAnnotatedWith(ExampleWorkflow.class)
			.because("steadyflow.examples.enabled=false must leave no example bean behind")
			.check(classes);
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
			.and()
			.doNotHaveFullyQualifiedName("io.steadyflow.docs.DocsCommand")
			.should()
			.accessField(System.class, "out")
			.orShould()
			.accessField(System.class, "err")
			.because("logging goes through SLF4J; only the command-line linter and documentation print")
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
