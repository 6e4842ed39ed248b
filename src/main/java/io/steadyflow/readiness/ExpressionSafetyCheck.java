package io.steadyflow.readiness;

import static io.steadyflow.readiness.ProcessView.isBlank;
import static io.steadyflow.readiness.ProcessView.label;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.ExtensionAttribute;
import org.flowable.bpmn.model.ExtensionElement;
import org.flowable.bpmn.model.FieldExtension;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowableListener;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ScriptInfo;
import org.flowable.bpmn.model.ScriptTask;
import org.flowable.bpmn.model.ServiceTask;

/**
 * {@code safe-expressions}: deploying a BPMN file is deploying code. Flowable evaluates
 * expressions in conditions, assignments, timers, names, listeners and more, some of them
 * already while deploying (a timer start event's date), and its expression language can
 * call any public method. So an expression that reaches into the JVM or into
 * infrastructure beans, a script in a language nobody allowed, or a task type that runs
 * OS commands or integration routes is refused before the engine sees it.
 * <p>
 * Expressions are found by walking every string property of every element (listeners,
 * fields, timers, multi-instance settings, extension elements and attributes included),
 * so a new place where Flowable evaluates an expression is covered without a change here.
 */
final class ExpressionSafetyCheck implements ReadinessCheck {

	/** Reaching into the JVM: reflection, processes, the runtime, class loading. */
	private static final Map<String, Pattern> JVM_ACCESS = patterns(Map.ofEntries(Map.entry("Runtime", "\\bRuntime\\b"),
			Map.entry("ProcessBuilder", "\\bProcessBuilder\\b"), Map.entry("System.", "\\bSystem\\s*\\."),
			Map.entry("getClass", "\\bgetClass\\b"),
			Map.entry(".class", "\\.\\s*class\\b|\\[\\s*['\"]class['\"]\\s*\\]"), Map.entry("forName", "\\bforName\\b"),
			Map.entry(".invoke(", "\\.\\s*invoke\\s*\\("), Map.entry("T(", "(?<![\\w.$])T\\s*\\("),
			Map.entry("reflection",
					"\\b(getMethod|getMethods|getDeclaredMethods?|getDeclaredFields?|getDeclaredConstructors?|getConstructors?|newInstance|getClassLoader|ClassLoader|MethodHandles?|setAccessible)\\b"),
			Map.entry("java.* types", "\\bjavax?\\s*\\.\\s*(lang|io|nio|net|script|naming|management)\\b"),
			Map.entry("threads", "\\b(Thread|Unsafe|ScriptEngineManager)\\b")));

	/**
	 * Infrastructure beans that Flowable's Spring integration exposes to expressions by
	 * name: configuration and secrets, the database, the container, and the engine's own
	 * services (which could deploy around this gate or change other processes).
	 */
	private static final Pattern INFRASTRUCTURE = Pattern.compile("(?<![\\w.$])(environment|systemProperties|"
			+ "systemEnvironment|dataSource|jdbcTemplate|namedParameterJdbcTemplate|entityManager|entityManagerFactory|"
			+ "transactionManager|applicationContext|beanFactory|processEngine|processEngineConfiguration|"
			+ "springProcessEngineConfiguration|repositoryService|managementService|identityService|"
			+ "idmIdentityService|dynamicBpmnService|processMigrationService)\\b");

	/** Task types refused unless allowed; shell is refused in any case. */
	private static final Set<String> RESTRICTED_TYPES = Set.of("camel", "mule");

	/** Properties that are never evaluated, or are judged as scripts instead. */
	private static final Set<String> SKIPPED_PROPERTIES = Set.of("getParentContainer", "getSubProcess",
			"getIncomingFlows", "getOutgoingFlows", "getSourceFlowElement", "getTargetFlowElement", "getAttachedToRef",
			"getBoundaryEvents", "getFlowElements", "getFlowElementMap", "getArtifacts", "getArtifactMap",
			"getDataObjects", "getLanes", "getInitialFlowElement", "getDocumentation", "getBehavior", "getInstance",
			"getScript", "getClass", "getWaypoints");

	private static final Map<Class<?>, List<Method>> GETTERS = new ConcurrentHashMap<>();

	private final ReadinessProperties properties;

	ExpressionSafetyCheck(ReadinessProperties properties) {
		this.properties = properties;
	}

	@Override
	public void check(ProcessView view, Findings findings) {
		Process process = view.process();
		checkExpressions(process, process, findings);
		for (FlowElement element : view.elements()) {
			if (element instanceof ScriptTask scriptTask) {
				checkScript(process, element, "script task", scriptTask.getScriptFormat(), findings);
			}
			if (element instanceof ServiceTask serviceTask) {
				checkTaskType(process, serviceTask, findings);
			}
			checkExpressions(process, element, findings);
		}
	}

	private void checkTaskType(Process process, ServiceTask task, Findings findings) {
		String type = (task.getType() != null) ? task.getType().trim().toLowerCase(Locale.ROOT) : "";
		if (ServiceTask.SHELL_TASK.equals(type)) {
			findings.add(ReadinessRule.SAFE_EXPRESSIONS, Severity.ERROR, process, task,
					"The shell task " + label(task) + " would run operating-system commands on the server",
					"Shell tasks are never allowed. Call the tool through a service task delegate "
							+ "(flowable:delegateExpression=\"${beanName}\") that does one specific thing.");
		}
		else if (RESTRICTED_TYPES.contains(type) && !this.properties.taskTypeAllowed(type)) {
			findings.add(ReadinessRule.SAFE_EXPRESSIONS, Severity.ERROR, process, task,
					"The " + type + " task " + label(task)
							+ " runs integration routes on the server, and that task type is not allowed",
					"Use a service task delegate, or allow the type with steadyflow.readiness.allowed-task-types: ["
							+ type + "].");
		}
	}

	private void checkScript(Process process, BaseElement owner, String what, String language, Findings findings) {
		if (this.properties.scriptLanguageAllowed(language)) {
			return;
		}
		String where = (owner instanceof FlowElement element) ? label(element) : "process '" + owner.getId() + "'";
		findings.add(ReadinessRule.SAFE_EXPRESSIONS, Severity.ERROR, process, owner,
				"The " + what + " on " + where + " runs a "
						+ (isBlank(language) ? "script without a language" : "'" + language + "' script")
						+ ": scripts run with the server's full rights, and "
						+ (isBlank(language) ? "no language is" : "this language is not") + " allowed",
				"Move the logic into a service task delegate (a Spring bean), or allow the language with "
						+ "steadyflow.readiness.allowed-script-languages.");
	}

	private void checkExpressions(Process process, BaseElement root, Findings findings) {
		Map<String, String> expressions = new LinkedHashMap<>();
		List<ScriptInfo> scripts = new ArrayList<>();
		List<FlowableListener> listeners = new ArrayList<>();
		walk(root, root, "", expressions, scripts, listeners, Collections.newSetFromMap(new IdentityHashMap<>()));
		for (ScriptInfo script : scripts) {
			checkScript(process, root, "script", script.getLanguage(), findings);
		}
		for (FlowableListener listener : listeners) {
			if (isScriptListenerClass(listener.getImplementation())) {
				String language = listener.getFieldExtensions()
					.stream()
					.filter((field) -> "language".equals(field.getFieldName()))
					.map((field) -> isBlank(field.getStringValue()) ? field.getExpression() : field.getStringValue())
					.findFirst()
					.orElse(null);
				checkScript(process, root, "script listener", language, findings);
			}
		}
		expressions.forEach((property, expression) -> {
			String problem = problemOf(expression);
			if (problem != null) {
				String where = (root instanceof FlowElement element) ? label(element)
						: "process '" + root.getId() + "'";
				findings.add(ReadinessRule.SAFE_EXPRESSIONS, Severity.ERROR, process, root,
						"The expression " + abbreviate(expression) + " in " + property + " of " + where + " " + problem,
						"Expressions may read variables and call methods of the process's own delegate beans. "
								+ "Move what this expression does into a delegate bean that does one specific thing.");
			}
		});
	}

	/** Why an expression is refused, or null. */
	static String problemOf(String expression) {
		for (Map.Entry<String, Pattern> entry : JVM_ACCESS.entrySet()) {
			if (entry.getValue().matcher(expression).find()) {
				return "reaches into the JVM (" + entry.getKey()
						+ "): Flowable would run it with the server's full rights";
			}
		}
		Matcher infrastructure = INFRASTRUCTURE.matcher(expression);
		if (infrastructure.find()) {
			return "reaches the infrastructure bean '" + infrastructure.group(1)
					+ "': configuration, data and the engine are not the process's to touch";
		}
		return null;
	}

	static boolean isExpression(String value) {
		return value.contains("${") || value.contains("#{");
	}

	private static boolean isScriptListenerClass(String className) {
		return className != null && className.startsWith("org.flowable.") && className.contains("Script");
	}

	/**
	 * Collects every string under {@code node} that holds an expression, keyed by a
	 * readable property path; does not descend into other flow elements (they are roots
	 * of their own).
	 */
	private void walk(Object node, BaseElement root, String path, Map<String, String> expressions,
			List<ScriptInfo> scripts, List<FlowableListener> listeners, Set<Object> seen) {
		if (node == null) {
			return;
		}
		if (node instanceof String text) {
			if (isExpression(text)) {
				expressions.putIfAbsent(path.isEmpty() ? "the element" : path, text);
			}
			return;
		}
		if (!seen.add(node)) {
			return;
		}
		if (node instanceof Collection<?> collection) {
			for (Object item : collection) {
				walk(item, root, path, expressions, scripts, listeners, seen);
			}
			return;
		}
		if (node instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				walk(entry.getValue(), root, path, expressions, scripts, listeners, seen);
			}
			return;
		}
		if (node != root && (node instanceof FlowElement || node instanceof Process)) {
			return;
		}
		if (node instanceof ScriptInfo scriptInfo) {
			scripts.add(scriptInfo);
			return;
		}
		if (node instanceof FlowableListener listener) {
			listeners.add(listener);
		}
		if (node instanceof ExtensionAttribute attribute) {
			walk(attribute.getValue(), root, join(path, attributeName(attribute)), expressions, scripts, listeners,
					seen);
			return;
		}
		if (node instanceof ExtensionElement extension) {
			String extensionPath = join(path, extension.getName());
			walk(extension.getElementText(), root, extensionPath, expressions, scripts, listeners, seen);
			walk(extension.getAttributes(), root, extensionPath, expressions, scripts, listeners, seen);
			walk(extension.getChildElements(), root, extensionPath, expressions, scripts, listeners, seen);
			return;
		}
		if (node instanceof FieldExtension field) {
			String fieldPath = join(path, "field '" + field.getFieldName() + "'");
			walk(field.getStringValue(), root, fieldPath, expressions, scripts, listeners, seen);
			walk(field.getExpression(), root, fieldPath, expressions, scripts, listeners, seen);
			return;
		}
		if (!node.getClass().getName().startsWith("org.flowable.bpmn.model.")) {
			return;
		}
		for (Method getter : getters(node.getClass())) {
			Object value;
			try {
				value = getter.invoke(node);
			}
			catch (IllegalAccessException | InvocationTargetException | RuntimeException ex) {
				continue;
			}
			walk(value, root, join(path, property(getter)), expressions, scripts, listeners, seen);
		}
	}

	private static List<Method> getters(Class<?> type) {
		return GETTERS.computeIfAbsent(type,
				(key) -> Arrays.stream(key.getMethods())
					.filter((method) -> method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
							&& method.getName().startsWith("get") && !method.getReturnType().isPrimitive()
							&& !SKIPPED_PROPERTIES.contains(method.getName()) && !isScriptOfScriptTask(key, method))
					.sorted(java.util.Comparator.comparing(Method::getName))
					.toList());
	}

	/** The text of a script task is judged by its language, not as an expression. */
	private static boolean isScriptOfScriptTask(Class<?> type, Method method) {
		return ScriptTask.class.isAssignableFrom(type) && "getScript".equals(method.getName());
	}

	private static String property(Method getter) {
		String name = getter.getName().substring(3);
		return Character.toLowerCase(name.charAt(0)) + name.substring(1);
	}

	private static String attributeName(ExtensionAttribute attribute) {
		return isBlank(attribute.getNamespacePrefix()) ? attribute.getName()
				: attribute.getNamespacePrefix() + ":" + attribute.getName();
	}

	private static String join(String path, String property) {
		return path.isEmpty() ? property : path + "." + property;
	}

	private static String abbreviate(String expression) {
		String oneLine = expression.strip().replaceAll("\\s+", " ");
		return "'" + ((oneLine.length() > 120) ? oneLine.substring(0, 117) + "..." : oneLine) + "'";
	}

	private static Map<String, Pattern> patterns(Map<String, String> sources) {
		Map<String, Pattern> compiled = new LinkedHashMap<>();
		sources.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((entry) -> compiled.put(entry.getKey(), Pattern.compile(entry.getValue())));
		return compiled;
	}

}
