package io.steadyflow.readiness;

import static io.steadyflow.readiness.ProcessView.isBlank;
import static io.steadyflow.readiness.ProcessView.label;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.BusinessRuleTask;
import org.flowable.bpmn.model.EventListener;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowableListener;
import org.flowable.bpmn.model.ImplementationType;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.UserTask;

/**
 * {@code delegates-resolve}: the beans that delegate expressions name exist, so that a
 * typo fails the deployment instead of the first instance that reaches the step; and
 * {@code flowable:class} is discouraged, because such a delegate is instantiated by the
 * engine without dependency injection.
 */
final class DelegateCheck implements ReadinessCheck {

	/** The first identifier of an expression and what follows it. */
	private static final Pattern ROOT = Pattern.compile("^\\s*[$#]\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*([.\\[(}])");

	/** Names Flowable resolves itself before asking for a bean. */
	private static final Set<String> BUILT_INS = Set.of("execution", "task", "variableContainer", "authenticatedUserId",
			"processInstance", "empty", "not", "true", "false", "null");

	private final Predicate<String> beanExists;

	/**
	 * @param beanExists answers whether a bean exists, or {@code null} where no running
	 * application can be asked (the command line): bean references are then reported as
	 * not checked
	 */
	DelegateCheck(Predicate<String> beanExists) {
		this.beanExists = beanExists;
	}

	@Override
	public void check(ProcessView view, Findings findings) {
		Process process = view.process();
		for (FlowableListener listener : process.getExecutionListeners()) {
			checkListener(process, process, listener, findings);
		}
		for (EventListener listener : process.getEventListeners()) {
			checkReference(process, process, "event listener", listener.getImplementationType(),
					listener.getImplementation(), findings);
		}
		for (FlowElement element : view.elements()) {
			if (element instanceof ServiceTask task && isBlank(task.getType())) {
				checkReference(process, element, "service task", task.getImplementationType(), task.getImplementation(),
						findings);
			}
			else if (element instanceof BusinessRuleTask task && !isBlank(task.getClassName())) {
				checkReference(process, element, "business rule task", ImplementationType.IMPLEMENTATION_TYPE_CLASS,
						task.getClassName(), findings);
			}
			for (FlowableListener listener : element.getExecutionListeners()) {
				checkListener(process, element, listener, findings);
			}
			if (element instanceof UserTask userTask) {
				for (FlowableListener listener : userTask.getTaskListeners()) {
					checkListener(process, element, listener, findings);
				}
			}
		}
	}

	private void checkListener(Process process, BaseElement owner, FlowableListener listener, Findings findings) {
		checkReference(process, owner, "listener", listener.getImplementationType(), listener.getImplementation(),
				findings);
	}

	private void checkReference(Process process, BaseElement owner, String what, String type, String implementation,
			Findings findings) {
		if (isBlank(implementation) || type == null) {
			return;
		}
		switch (type) {
			case ImplementationType.IMPLEMENTATION_TYPE_CLASS ->
				checkClass(process, owner, what, implementation, findings);
			case ImplementationType.IMPLEMENTATION_TYPE_DELEGATEEXPRESSION,
					ImplementationType.IMPLEMENTATION_TYPE_EXPRESSION ->
				rootBean(implementation)
					.ifPresent((bean) -> checkBean(process, owner, what, implementation, bean, findings));
			default -> {
			}
		}
	}

	private void checkClass(Process process, BaseElement owner, String what, String className, Findings findings) {
		// The engine's own listener classes (e.g. script listeners) are not delegates
		// written
		// for the process; safe-expressions judges those.
		if (className.startsWith("org.flowable.")) {
			return;
		}
		findings.add(ReadinessRule.DELEGATES_RESOLVE, Severity.WARNING, process, owner,
				"The " + what + " on " + describe(owner) + " uses flowable:class=\"" + className
						+ "\": the engine instantiates it itself, without dependency injection or configuration",
				"Make the delegate a Spring bean and reference it with flowable:delegateExpression=\"${beanName}\".");
	}

	private void checkBean(Process process, BaseElement owner, String what, String expression, String bean,
			Findings findings) {
		if (this.beanExists == null) {
			findings.add(ReadinessRule.DELEGATES_RESOLVE, Severity.INFO, process, owner,
					"The " + what + " on " + describe(owner) + " uses bean '" + bean + "' (" + expression
							+ "); whether it exists is checked when the file is deployed to a running application",
					"Nothing to do here; deploy or use POST /api/lint on the running application to check it.");
		}
		else if (!this.beanExists.test(bean)) {
			findings.add(ReadinessRule.DELEGATES_RESOLVE, Severity.ERROR, process, owner,
					"The " + what + " on " + describe(owner) + " uses bean '" + bean + "' (" + expression
							+ "), but the application has no bean of that name",
					"Check the spelling against the delegate's bean name (the class name starting lower-case, "
							+ "or its @Component(\"name\")), or add the delegate to the application.");
		}
	}

	/** The bean an expression starts from, if it starts from one. */
	static Optional<String> rootBean(String expression) {
		Matcher matcher = ROOT.matcher(expression);
		if (matcher.find() && !BUILT_INS.contains(matcher.group(1))) {
			return Optional.of(matcher.group(1));
		}
		return Optional.empty();
	}

	private static String describe(BaseElement owner) {
		return (owner instanceof FlowElement element) ? label(element) : "process '" + owner.getId() + "'";
	}

}
