package io.steadyflow.benchmark.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benchmark's diagrams, the same BPMN for every engine: their extension attributes
 * carry the prefix {@code engine:}, bound to Flowable's namespace in the files and to
 * Camunda's for Camunda.
 */
final class BenchDiagrams {

	static final String STRAIGHT_THROUGH = "bench-straight-through";

	static final String USER_TASK = "bench-user-task";

	static final String ASYNC_TASK = "bench-async-task";

	private static final String FLOWABLE_NAMESPACE = "http://flowable.org/bpmn";

	private static final String CAMUNDA_NAMESPACE = "http://camunda.org/schema/1.0/bpmn";

	private BenchDiagrams() {
	}

	/** Resource name to BPMN text, for Flowable (also Steadyflow) or Camunda. */
	static Map<String, String> forEngine(boolean camunda) {
		Map<String, String> diagrams = new LinkedHashMap<>();
		for (String name : new String[] { "straight-through", "user-task", "async-task" }) {
			String resource = name + ".bpmn20.xml";
			String xml = read(resource);
			diagrams.put(resource, camunda ? xml.replace(FLOWABLE_NAMESPACE, CAMUNDA_NAMESPACE) : xml);
		}
		return diagrams;
	}

	private static String read(String resource) {
		try (InputStream in = BenchDiagrams.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing benchmark diagram " + resource);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
