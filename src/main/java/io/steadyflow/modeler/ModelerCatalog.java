package io.steadyflow.modeler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.flowable.engine.delegate.ExecutionListener;
import org.flowable.engine.delegate.FutureJavaDelegate;
import org.flowable.engine.delegate.JavaDelegate;
import org.flowable.task.service.delegate.TaskListener;
import org.flowable.engine.impl.delegate.ActivityBehavior;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.stereotype.Component;

/**
 * What the modeler offers to choose from: the tools (delegate beans) this application
 * has, and the form definitions in the forms directory.
 */
@Component
class ModelerCatalog {

	/**
	 * Bean types a service task can call through {@code flowable:delegateExpression}, and
	 * the listener types a task or execution listener can name; each with the word the
	 * modeler shows.
	 */
	private static final Map<Class<?>, String> DELEGATE_TYPES = Map.of(JavaDelegate.class, "service task",
			FutureJavaDelegate.class, "service task", ActivityBehavior.class, "service task", TaskListener.class,
			"task listener", ExecutionListener.class, "execution listener");

	private final ListableBeanFactory beans;

	private final ModelerProperties properties;

	ModelerCatalog(ListableBeanFactory beans, ModelerProperties properties) {
		this.beans = beans;
		this.properties = properties;
	}

	/**
	 * A bean the diagram can call.
	 *
	 * @param name the bean name, as in {@code ${name}}
	 * @param type what it can be used as: "service task", "task listener" or "execution
	 * listener" (a bean can be more than one)
	 */
	record Tool(String name, String type) {
	}

	/**
	 * A form definition.
	 *
	 * @param key the form key a user task names (the file name without {@code .json})
	 * @param file the file name in the forms directory
	 */
	record Form(String key, String file) {
	}

	List<Tool> tools() {
		Map<String, List<String>> typesByBean = new TreeMap<>();
		DELEGATE_TYPES.forEach((type, label) -> {
			for (String name : this.beans.getBeanNamesForType(type, false, false)) {
				List<String> labels = typesByBean.computeIfAbsent(name, (key) -> new ArrayList<>());
				if (!labels.contains(label)) {
					labels.add(label);
				}
			}
		});
		List<Tool> tools = new ArrayList<>();
		typesByBean
			.forEach((name, labels) -> tools.add(new Tool(name, String.join(", ", labels.stream().sorted().toList()))));
		return tools;
	}

	List<Form> forms() {
		Path directory = this.properties.formsLocation();
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter(Files::isRegularFile)
				.map((file) -> file.getFileName().toString())
				.filter((name) -> name.toLowerCase(Locale.ROOT).endsWith(".json"))
				.map((name) -> new Form(name.substring(0, name.length() - ".json".length()), name))
				.sorted(Comparator.comparing(Form::key))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The forms directory " + directory + " cannot be listed", ex);
		}
	}

}
