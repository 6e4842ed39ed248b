package io.steadyflow.docs;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steadyflow.bpmn.Outcome;
import io.steadyflow.docs.ProcessDocument.Branch;
import io.steadyflow.docs.ProcessDocument.Continue;
import io.steadyflow.docs.ProcessDocument.DataItem;
import io.steadyflow.docs.ProcessDocument.Ending;
import io.steadyflow.docs.ProcessDocument.Entry;
import io.steadyflow.docs.ProcessDocument.Fact;
import io.steadyflow.docs.ProcessDocument.FormLine;
import io.steadyflow.docs.ProcessDocument.Step;
import io.steadyflow.docs.ProcessDocument.Trigger;
import io.steadyflow.forms.FormDefinition;
import io.steadyflow.forms.FormField;
import io.steadyflow.readiness.ProcessView;
import io.steadyflow.triggers.TriggerAttributes;
import org.flowable.bpmn.model.Activity;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.CallActivity;
import org.flowable.bpmn.model.CompensateEventDefinition;
import org.flowable.bpmn.model.ConditionalEventDefinition;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.ErrorEventDefinition;
import org.flowable.bpmn.model.EscalationEventDefinition;
import org.flowable.bpmn.model.Event;
import org.flowable.bpmn.model.EventDefinition;
import org.flowable.bpmn.model.EventSubProcess;
import org.flowable.bpmn.model.ExtensionAttribute;
import org.flowable.bpmn.model.FieldExtension;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.Gateway;
import org.flowable.bpmn.model.ImplementationType;
import org.flowable.bpmn.model.Message;
import org.flowable.bpmn.model.MessageEventDefinition;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ReceiveTask;
import org.flowable.bpmn.model.ScriptTask;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.Signal;
import org.flowable.bpmn.model.SignalEventDefinition;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.SubProcess;
import org.flowable.bpmn.model.TerminateEventDefinition;
import org.flowable.bpmn.model.TimerEventDefinition;
import org.flowable.bpmn.model.UserTask;

/**
 * Generates a process's documentation from its parsed diagram and the forms its steps
 * name. Nothing else is read: what the text says is what the diagram declares.
 * <p>
 * The steps are listed by a stable walk of the graph: from each start event in document
 * order, along the sequence flows in document order. Where the flow splits, each branch
 * becomes a sub-list up to the step where the branches meet again (the nearest step all
 * of them reach without passing the split), and the list goes on there; a branch that
 * reaches a step already listed points to it. Exception paths (boundary events) are
 * sub-lists of the step they guard. Every step gets a number in that order, which the
 * docs page also draws on the diagram.
 * <p>
 * Plain Java, so that the command line can use it without an application.
 */
public final class DocsGenerator {

	private static final String SF_NS = ProcessView.SF_NS;

	/** Attributes that the text explains in their own words; others are listed as is. */
	private static final Set<String> EXPLAINED = Set.of("owner", "doneWhen", "sla", "outcome", "notSameAs", "decision",
			"outcomes", "reasonRequiredFor", "ai", "aiInput", "aiResult", "aiThreshold", "aiPrecision", "aiLabels",
			"aiSchema", "example");

	private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{([^}]*)}");

	private static final Pattern NAME_PATH = Pattern.compile("(?<![\\w.'\"])([A-Za-z_][A-Za-z0-9_]*)(?![\\w(])");

	private static final Set<String> EL_WORDS = Set.of("true", "false", "null", "empty", "not", "and", "or", "eq", "ne",
			"lt", "gt", "le", "ge", "div", "mod", "instanceof", "execution", "task", "vars", "variables");

	private final Function<String, Optional<FormDefinition>> forms;

	/**
	 * @param forms the form of a form key, if there is one
	 */
	public DocsGenerator(Function<String, Optional<FormDefinition>> forms) {
		this.forms = forms;
	}

	/**
	 * The documentation of every executable process of a model (every process when none
	 * is marked executable).
	 * @param source the file or resource name the model was read from
	 * @param version the deployed version, or {@code null}
	 */
	public List<ProcessDocument> generate(BpmnModel model, String source, Integer version) {
		List<Process> processes = model.getProcesses().stream().filter(Process::isExecutable).toList();
		if (processes.isEmpty()) {
			processes = model.getProcesses();
		}
		return processes.stream().map((process) -> generate(model, process, source, version)).toList();
	}

	/** The documentation of one process of a model. */
	public ProcessDocument generate(BpmnModel model, Process process, String source, Integer version) {
		return new Writer(model, process, this.forms).document(source, version);
	}

	/** One generation: the walk, the numbers, then the text of every step. */
	private static final class Writer {

		private final BpmnModel model;

		private final Process process;

		private final ProcessView view;

		private final Function<String, Optional<FormDefinition>> forms;

		private final Set<FlowElement> visited = new HashSet<>();

		private final Map<String, Integer> numbers = new HashMap<>();

		private final Map<String, DataBuilder> data = new TreeMap<>();

		/**
		 * Exception paths are walked after the flow they leave, so that the normal flow
		 * reads on in the main list and an exception path points back into it.
		 */
		private final Deque<ExceptionPath> exceptionPaths = new ArrayDeque<>();

		Writer(BpmnModel model, Process process, Function<String, Optional<FormDefinition>> forms) {
			this.model = model;
			this.process = process;
			this.view = new ProcessView(model, process);
			this.forms = forms;
		}

		ProcessDocument document(String source, Integer version) {
			List<StartEvent> starts = this.process.getFlowElements()
				.stream()
				.filter(StartEvent.class::isInstance)
				.map(StartEvent.class::cast)
				.sorted(Comparator.comparing((StartEvent start) -> !start.getEventDefinitions().isEmpty()))
				.toList();
			List<Plan> main = new ArrayList<>();
			for (StartEvent start : starts) {
				main.addAll(walk(start, Set.of()));
				walkExceptionPaths();
			}
			List<PlanBranch> handlerPlans = new ArrayList<>();
			for (EventSubProcess eventSubProcess : this.view.elements(EventSubProcess.class)) {
				for (FlowElement inner : eventSubProcess.getFlowElements()) {
					if (inner instanceof StartEvent start) {
						List<Plan> handler = walk(start, Set.of());
						walkExceptionPaths();
						handlerPlans.add(new PlanBranch(Branch.EXCEPTION, "When " + eventText(start)
								+ " occurs (event sub-process " + title(eventSubProcess) + (start.isInterrupting()
										? ", the instance's other work is cancelled)" : ", the other work goes on)"),
								handler));
					}
				}
			}
			List<Plan> unreachedPlans = new ArrayList<>();
			for (FlowElement element : this.view.elements()) {
				if (element instanceof FlowNode node && !(element instanceof BoundaryEvent)
						&& !(element instanceof EventSubProcess) && !this.visited.contains(element)
						&& isTopLevelOf(element)) {
					unreachedPlans.addAll(walk(node, Set.of()));
					walkExceptionPaths();
				}
			}
			int[] counter = { 0 };
			number(main, counter);
			handlerPlans.forEach((handler) -> number(handler.plans(), counter));
			number(unreachedPlans, counter);

			noteStartData(starts);
			List<Entry> steps = entries(main);
			List<Branch> handlers = handlerPlans.stream()
				.map((plan) -> new Branch(plan.kind(), plan.label(), entries(plan.plans())))
				.toList();
			List<Entry> unreached = entries(unreachedPlans);
			noteConditionReads();
			return new ProcessDocument(this.process.getId(), title(this.process), version, source,
					text(this.process.getDocumentation()), attribute(this.process, "owner"),
					attribute(this.process, "doneWhen"), attribute(this.process, "sla"), triggers(starts), endings(),
					steps, handlers, unreached,
					this.data.entrySet()
						.stream()
						.map((e) -> new DataItem(e.getKey(), List.copyOf(e.getValue().writtenBy),
								List.copyOf(e.getValue().readBy)))
						.toList());
		}

		private void walkExceptionPaths() {
			while (!this.exceptionPaths.isEmpty()) {
				ExceptionPath exception = this.exceptionPaths.poll();
				List<Plan> path = new ArrayList<>();
				for (FlowNode target : targets(exception.boundary())) {
					path.addAll(walk(target, exception.stops()));
				}
				exception.step()
					.branches()
					.add(new PlanBranch(Branch.EXCEPTION, boundaryLabel(exception.boundary()), path));
			}
		}

		/** An element not inside an event sub-process (those are walked as handlers). */
		private static boolean isTopLevelOf(FlowElement element) {
			for (SubProcess parent = element.getSubProcess(); parent != null; parent = parent.getSubProcess()) {
				if (parent instanceof EventSubProcess) {
					return false;
				}
			}
			return element.getSubProcess() == null;
		}

		// ---- the walk

		private List<Plan> walk(FlowNode from, Set<FlowNode> stops) {
			List<Plan> plans = new ArrayList<>();
			FlowNode node = from;
			while (node != null) {
				if (stops.contains(node) || this.visited.contains(node)) {
					plans.add(new PlanContinue(node));
					return plans;
				}
				this.visited.add(node);
				List<Plan> inside = new ArrayList<>();
				if (node instanceof SubProcess subProcess && !(node instanceof EventSubProcess)) {
					for (FlowElement inner : subProcess.getFlowElements()) {
						if (inner instanceof StartEvent start) {
							inside.addAll(walk(start, Set.of()));
						}
					}
				}
				List<PlanBranch> branches = new ArrayList<>();
				PlanStep step = new PlanStep(node, inside, branches);
				for (BoundaryEvent boundary : this.view.boundaryEventsOf(node)) {
					this.visited.add(boundary);
					this.exceptionPaths.add(new ExceptionPath(step, boundary, stops));
				}
				plans.add(step);
				List<SequenceFlow> outgoing = node.getOutgoingFlows()
					.stream()
					.filter((flow) -> flow.getTargetFlowElement() instanceof FlowNode)
					.toList();
				if (outgoing.isEmpty()) {
					return plans;
				}
				if (outgoing.size() == 1) {
					node = (FlowNode) outgoing.get(0).getTargetFlowElement();
					continue;
				}
				FlowNode join = join(node, outgoing, stops);
				Set<FlowNode> branchStops = new HashSet<>(stops);
				if (join != null) {
					branchStops.add(join);
				}
				for (SequenceFlow flow : outgoing) {
					branches.add(new PlanBranch(Branch.BRANCH, flowLabel(node, flow),
							walk((FlowNode) flow.getTargetFlowElement(), branchStops)));
				}
				if (join == null || stops.contains(join)) {
					return plans;
				}
				node = join;
			}
			return plans;
		}

		/**
		 * Where the branches leaving a split meet again: of the steps every branch
		 * reaches without passing the split again, the one nearest to all of them (the
		 * smallest of its largest distances, the first found on the first branch on a
		 * tie); the next stop of an enclosing split counts too, so branches end there.
		 * The branches are searched breadth-first in step, one level at a time, so the
		 * search ends at the first level where they meet.
		 */
		private FlowNode join(FlowNode split, List<SequenceFlow> outgoing, Set<FlowNode> stops) {
			int branches = outgoing.size();
			List<Map<FlowNode, Integer>> reached = new ArrayList<>();
			List<List<FlowNode>> frontiers = new ArrayList<>();
			for (SequenceFlow flow : outgoing) {
				FlowNode target = (FlowNode) flow.getTargetFlowElement();
				Map<FlowNode, Integer> distances = new LinkedHashMap<>();
				List<FlowNode> frontier = new ArrayList<>();
				if (target != split) {
					distances.put(target, 0);
					frontier.add(target);
				}
				reached.add(distances);
				frontiers.add(frontier);
			}
			for (int level = 0; frontiers.stream().anyMatch((frontier) -> !frontier.isEmpty()); level++) {
				for (FlowNode candidate : reached.get(0).keySet()) {
					boolean everywhere = true;
					for (int b = 1; b < branches && everywhere; b++) {
						everywhere = reached.get(b).containsKey(candidate);
					}
					if (everywhere) {
						return candidate;
					}
				}
				for (int b = 0; b < branches; b++) {
					frontiers.set(b, expand(frontiers.get(b), reached.get(b), split, stops, level + 1));
				}
			}
			return null;
		}

		/**
		 * The next level of a breadth-first search, not passing the split nor the stops.
		 */
		private List<FlowNode> expand(List<FlowNode> frontier, Map<FlowNode, Integer> distances, FlowNode split,
				Set<FlowNode> stops, int level) {
			List<FlowNode> next = new ArrayList<>();
			for (FlowNode node : frontier) {
				if (stops.contains(node)) {
					continue;
				}
				List<FlowNode> following = new ArrayList<>(targets(node));
				for (BoundaryEvent boundary : this.view.boundaryEventsOf(node)) {
					following.addAll(targets(boundary));
				}
				for (FlowNode target : following) {
					if (target != split && !distances.containsKey(target)) {
						distances.put(target, level);
						next.add(target);
					}
				}
			}
			return next;
		}

		private static List<FlowNode> targets(FlowNode node) {
			List<FlowNode> targets = new ArrayList<>();
			for (SequenceFlow flow : node.getOutgoingFlows()) {
				if (flow.getTargetFlowElement() instanceof FlowNode target) {
					targets.add(target);
				}
			}
			return targets;
		}

		private void number(List<Plan> plans, int[] counter) {
			for (Plan plan : plans) {
				if (plan instanceof PlanStep step) {
					this.numbers.put(step.node().getId(), ++counter[0]);
					number(step.inside(), counter);
					step.branches().forEach((branch) -> number(branch.plans(), counter));
				}
			}
		}

		private List<Entry> entries(List<Plan> plans) {
			List<Entry> entries = new ArrayList<>();
			for (Plan plan : plans) {
				if (plan instanceof PlanContinue goTo) {
					entries.add(new Continue(numberOf(goTo.node()), goTo.node().getId(), title(goTo.node())));
				}
				else if (plan instanceof PlanStep step) {
					entries.add(step(step));
				}
			}
			return entries;
		}

		private Step step(PlanStep plan) {
			FlowNode node = plan.node();
			int number = numberOf(node);
			List<Fact> facts = new ArrayList<>();
			List<FormLine> form = new ArrayList<>();
			if (node instanceof UserTask task) {
				userTaskFacts(task, number, facts, form);
			}
			if (ProcessView.isAiStep(node)) {
				aiFacts(node, number, facts);
			}
			else if (node instanceof ServiceTask task) {
				toolFacts(task, number, facts);
			}
			else if (ProcessView.isToolTask(node)) {
				facts.add(new Fact("Tool", ProcessView.kind(node)));
			}
			if (node instanceof ScriptTask script) {
				facts.add(new Fact("Script", "a " + script.getScriptFormat() + " script"));
			}
			if (node instanceof CallActivity call) {
				facts.add(new Fact("Calls", "the process '" + call.getCalledElement() + "'"));
			}
			if (node instanceof Activity activity && !(node instanceof ServiceTask)) {
				retryFacts(activity, facts);
			}
			if (node instanceof Event event && !(node instanceof StartEvent)) {
				eventFacts(event, facts);
			}
			if (node instanceof ReceiveTask task) {
				// with a messageRef it waits for the message like a catch event
				String message = TriggerAttributes.receiveTaskMessage(this.model, task);
				if (message != null) {
					facts.add(new Fact("Event", "by the message '" + message + "'"));
				}
			}
			if (node instanceof EndEvent end) {
				String outcome = attribute(end, Outcome.ATTRIBUTE);
				facts.add(new Fact("Outcome",
						(outcome == null) ? "not declared (sf:outcome)"
								: outcome + (Outcome.of(end).map((o) -> o == Outcome.DONE).orElse(false)
										? " — the definition of done is met"
										: " — the definition of done is not met")));
			}
			if (node instanceof StartEvent start && start.getSubProcess() == null) {
				facts.add(new Fact("Starts", triggerText(start)));
			}
			otherAttributes(node, facts);
			List<Branch> branches = plan.branches()
				.stream()
				.map((branch) -> new Branch(branch.kind(), branch.label(), entries(branch.plans())))
				.toList();
			return new Step(number, node.getId(), name(node), ProcessView.kind(node), text(node.getDocumentation()),
					List.copyOf(facts), List.copyOf(form), entries(plan.inside()), branches);
		}

		// ---- people

		private void userTaskFacts(UserTask task, int number, List<Fact> facts, List<FormLine> form) {
			List<String> who = new ArrayList<>();
			if (!blank(task.getAssignee())) {
				who.add("assigned to " + task.getAssignee());
			}
			if (!task.getCandidateGroups().isEmpty()) {
				who.add("offered to group" + plural(task.getCandidateGroups()) + " "
						+ String.join(", ", task.getCandidateGroups()));
			}
			if (!task.getCandidateUsers().isEmpty()) {
				who.add("offered to " + String.join(", ", task.getCandidateUsers()));
			}
			facts.add(new Fact("Who",
					who.isEmpty() ? "nobody is named (no assignee or candidates)" : String.join("; ", who)));
			String notSameAs = attribute(task, "notSameAs");
			if (notSameAs != null) {
				List<String> excluded = new ArrayList<>();
				for (String name : notSameAs.split(",")) {
					String id = name.strip();
					if (id.equals("initiator")) {
						excluded.add("the person who started the instance");
					}
					else if (!id.isEmpty()) {
						FlowElement other = this.process.getFlowElement(id, true);
						excluded.add("the person who did " + ((other instanceof FlowNode otherNode)
								? "step " + numberOf(otherNode) + " (" + title(otherNode) + ")" : "'" + id + "'"));
					}
				}
				facts.add(new Fact("Four eyes", "never " + String.join(", nor ", excluded)));
			}
			if (!blank(task.getDueDate())) {
				facts.add(new Fact("Due", readableDuration(task.getDueDate())));
			}
			String sla = attribute(task, "sla");
			if (sla != null) {
				facts.add(new Fact("Service level", "completed within " + readableDuration(sla)));
			}
			if (!blank(task.getPriority())) {
				facts.add(new Fact("Priority", task.getPriority()));
			}
			String decision = attribute(task, "decision");
			if (decision != null) {
				String outcomes = attribute(task, "outcomes");
				String reason = attribute(task, "reasonRequiredFor");
				facts.add(new Fact("Decision", "`" + decision + "`" + ((outcomes != null) ? ": " + outcomes : "")
						+ ((reason != null) ? "; a reason is required for " + reason : "")));
				writes(decision, step(number, "decision"));
				writes(decision + "Reason", step(number, "decision"));
			}
			formFacts(task.getFormKey(), step(number, "form"), facts, form);
		}

		private void formFacts(String formKey, String who, List<Fact> facts, List<FormLine> form) {
			if (blank(formKey)) {
				return;
			}
			Optional<FormDefinition> definition = this.forms.apply(formKey);
			facts.add(new Fact("Form", "`" + formKey + "`"
					+ definition.map((d) -> (d.title() != null) ? " (" + d.title() + ")" : "").orElse(" (not found)")));
			definition.ifPresent((d) -> {
				for (FormField field : d.fields()) {
					form.add(new FormLine(field.id(), field.label(), field.type(), field.required(), field.readOnly()));
					if (field.readOnly()) {
						reads(field.id(), who);
					}
					else {
						writes(field.id(), who);
						if (!blank(field.prefill())) {
							reads(field.prefill().split("\\.")[0], who);
						}
					}
				}
			});
		}

		// ---- tools

		private void toolFacts(ServiceTask task, int number, List<Fact> facts) {
			String bean = bean(task);
			Map<String, String> fields = new LinkedHashMap<>();
			for (FieldExtension field : task.getFieldExtensions()) {
				fields.put(field.getFieldName(),
						(field.getStringValue() != null) ? field.getStringValue() : field.getExpression());
			}
			String who = step(number, "tool");
			if ("httpTool".equals(bean)) {
				String method = fields.getOrDefault("method", "GET");
				String target = (fields.get("system") != null) ? "system `" + fields.get("system") + "`, " : "";
				facts.add(new Fact("Tool", "HTTP " + method.toUpperCase(Locale.ROOT) + " " + target + "`"
						+ fields.getOrDefault("url", "?") + "` (httpTool)"));
				fields.forEach((name, value) -> {
					switch (name) {
						case "resultVariable", "errorVariable" -> writes(value, who);
						case "responseMapping" -> io.steadyflow.tools.HttpStepFields.pairs(value, '=')
							.keySet()
							.forEach((variable) -> writes(variable, who));
						case "bodyVariable" -> reads(value, who);
						default -> expressionReads(value, who);
					}
				});
				if (fields.get("errorCodes") != null) {
					facts.add(new Fact("Answers", "HTTP statuses mapped to errors: " + fields.get("errorCodes")));
				}
				facts.add(new Fact("Time-out", (fields.get("timeout") != null) ? fields.get("timeout")
						: "the tool's default (steadyflow.tools.http.timeout)"));
			}
			else if ("mailTool".equals(bean)) {
				facts.add(new Fact("Tool", "mail to `" + fields.getOrDefault("to", "?") + "`, subject `"
						+ fields.getOrDefault("subject", "?") + "` (mailTool)"));
				fields.values().forEach((value) -> expressionReads(value, who));
			}
			else if (bean != null) {
				facts.add(new Fact("Tool", "`" + bean + "`"));
				if ("copyVariables".equals(bean)) {
					fields.forEach((variable, from) -> {
						writes(variable, who);
						reads(from.split("\\.")[0], who);
					});
				}
			}
			else if (!blank(task.getType())) {
				facts.add(new Fact("Tool", "Flowable's " + task.getType() + " task"));
			}
			else if (!blank(task.getImplementation())) {
				facts.add(new Fact("Tool", "`" + task.getImplementation() + "`"));
			}
			if (!fields.isEmpty()) {
				List<String> shown = new ArrayList<>();
				fields.forEach((name, value) -> shown.add(name + " = `" + value + "`"));
				facts.add(new Fact("Fields", String.join(", ", shown)));
			}
			retryFacts(task, facts);
		}

		private void retryFacts(Activity activity, List<Fact> facts) {
			String cycle = activity.getFailedJobRetryTimeCycleValue();
			if (activity.isAsynchronous()) {
				facts.add(new Fact("Runs", "asynchronously, in its own transaction"
						+ ((cycle != null) ? "" : "; a failure is retried by the engine's default (3 attempts)")));
			}
			else if (ProcessView.isToolTask(activity)) {
				facts.add(new Fact("Runs",
						"in the transaction of the step before: a failure rolls back to the last wait state"));
			}
			if (cycle != null) {
				facts.add(new Fact("Retries", retryText(cycle)));
			}
		}

		// ---- AI

		private void aiFacts(FlowNode step, int number, List<Fact> facts) {
			String kind = attribute(step, "ai");
			String who = step(number, "AI");
			facts.add(new Fact("AI", kind));
			String input = attribute(step, "aiInput");
			if (input != null) {
				facts.add(new Fact("Reads", input));
				for (String name : input.split(",")) {
					if (NAME_PATH.matcher(name.strip()).matches()) {
						reads(name.strip(), who);
					}
					else {
						expressionReads(name, who);
					}
				}
			}
			String result = attribute(step, "aiResult");
			if (result != null) {
				facts.add(new Fact("Result", "`" + result + "`, with a confidence"));
				writes(result, who);
			}
			String precision = attribute(step, "aiPrecision");
			String threshold = attribute(step, "aiThreshold");
			if (precision != null) {
				facts.add(new Fact("Sure when", "the precision target " + precision
						+ " is met (a threshold per label, derived from the labelled examples)"));
			}
			else if (threshold != null) {
				facts.add(new Fact("Sure when", "confidence ≥ " + threshold + " (the step's sf:aiThreshold)"));
			}
			else if ("classify".equals(kind) && attribute(this.process, "aiPrecision") != null) {
				facts.add(
						new Fact("Sure when", "the process's precision target " + attribute(this.process, "aiPrecision")
								+ " is met (a threshold per label, derived from the labelled examples)"));
			}
			else if (attribute(this.process, "aiThreshold") != null) {
				facts.add(new Fact("Sure when",
						"confidence ≥ " + attribute(this.process, "aiThreshold") + " (the process's sf:aiThreshold)"));
			}
			else {
				facts.add(new Fact("Sure when",
						"confidence ≥ the application's default (steadyflow.ai." + kind + "-threshold)"));
			}
			if (attribute(step, "aiLabels") != null) {
				facts.add(new Fact("Labels", "`" + attribute(step, "aiLabels") + "`"));
			}
			if (attribute(step, "aiSchema") != null) {
				facts.add(new Fact("Schema", "`" + attribute(step, "aiSchema") + "`"));
			}
			facts.add(new Fact("Human gate", humanGate(step)));
			if (step instanceof Activity activity) {
				retryFacts(activity, facts);
			}
		}

		/**
		 * The first person the AI step's result passes, and the branch that leads there.
		 */
		private String humanGate(FlowNode aiStep) {
			Deque<FlowNode> queue = new ArrayDeque<>(targets(aiStep));
			Set<FlowNode> seen = new HashSet<>(queue);
			while (!queue.isEmpty()) {
				FlowNode node = queue.poll();
				if (node instanceof UserTask && !ProcessView.isAiStep(node)) {
					return "every result goes to step " + numberOf(node) + " (" + title(node) + ")";
				}
				if (node instanceof Gateway gateway && gateway.getOutgoingFlows().size() > 1) {
					for (SequenceFlow flow : gateway.getOutgoingFlows()) {
						FlowNode person = firstPerson(flow);
						if (person != null) {
							return "at step " + numberOf(gateway) + " (" + title(gateway) + "), "
									+ branchName(gateway, flow) + " goes to step " + numberOf(person) + " ("
									+ title(person) + ")";
						}
					}
					return "none found after step " + numberOf(gateway) + " (" + title(gateway) + ")";
				}
				if (!ProcessView.isAiStep(node) && (ProcessView.isToolTask(node) || node instanceof EndEvent)) {
					continue;
				}
				for (FlowNode following : targets(node)) {
					if (seen.add(following)) {
						queue.add(following);
					}
				}
			}
			return "none found";
		}

		private FlowNode firstPerson(SequenceFlow flow) {
			Deque<FlowNode> queue = new ArrayDeque<>();
			if (flow.getTargetFlowElement() instanceof FlowNode target) {
				queue.add(target);
			}
			Set<FlowNode> seen = new HashSet<>(queue);
			while (!queue.isEmpty()) {
				FlowNode node = queue.poll();
				if (node instanceof UserTask && !ProcessView.isAiStep(node)) {
					return node;
				}
				if (ProcessView.isToolTask(node) && !ProcessView.isAiStep(node)) {
					continue;
				}
				for (FlowNode following : targets(node)) {
					if (seen.add(following)) {
						queue.add(following);
					}
				}
			}
			return null;
		}

		// ---- events, triggers, endings

		private void eventFacts(Event event, List<Fact> facts) {
			for (EventDefinition definition : event.getEventDefinitions()) {
				String text = definitionText(definition);
				if (text != null) {
					facts.add(new Fact("Event", text));
				}
			}
		}

		private List<Trigger> triggers(List<StartEvent> starts) {
			List<Trigger> triggers = new ArrayList<>();
			for (StartEvent start : starts) {
				List<Fact> facts = new ArrayList<>();
				String kind = start.getEventDefinitions().isEmpty() ? "rest"
						: start.getEventDefinitions()
							.get(0)
							.getClass()
							.getSimpleName()
							.replace("EventDefinition", "")
							.toLowerCase(Locale.ROOT);
				if (!blank(start.getFormKey())) {
					Optional<FormDefinition> form = this.forms.apply(start.getFormKey());
					facts.add(new Fact("Start form", "`" + start.getFormKey() + "`" + form
						.map((d) -> " with " + String.join(", ", d.fields().stream().map(FormField::id).toList()))
						.orElse(" (not found)")));
				}
				if (kind.equals("rest")) {
					List<String> starters = new ArrayList<>(this.process.getCandidateStarterGroups());
					starters.addAll(this.process.getCandidateStarterUsers());
					facts.add(new Fact("Who may start",
							starters.isEmpty() ? "anyone signed in" : String.join(", ", starters)));
				}
				if (!blank(start.getInitiator())) {
					facts.add(new Fact("Initiator", "the starting user is kept in `" + start.getInitiator() + "`"));
				}
				otherAttributes(start, facts);
				triggers.add(new Trigger(numberOf(start), start.getId(), title(start), kind, triggerText(start),
						List.copyOf(facts)));
			}
			return triggers;
		}

		private String triggerText(StartEvent start) {
			if (start.getEventDefinitions().isEmpty()) {
				return "started through the REST API, `POST /api/process-definitions/" + this.process.getId()
						+ "/instances`" + (blank(start.getFormKey()) ? ""
								: ", or the start page `/start/" + this.process.getId() + "`");
			}
			return "started " + eventText(start);
		}

		private String eventText(Event event) {
			List<String> texts = new ArrayList<>();
			for (EventDefinition definition : event.getEventDefinitions()) {
				texts.add(definitionText(definition));
			}
			return texts.isEmpty() ? "its start" : String.join(" and ", texts);
		}

		private String definitionText(EventDefinition definition) {
			if (definition instanceof TimerEventDefinition timer) {
				if (!blank(timer.getTimeDuration())) {
					return "by a timer after " + readableDuration(timer.getTimeDuration());
				}
				if (!blank(timer.getTimeDate())) {
					return "by a timer at " + timer.getTimeDate();
				}
				return "by a timer, cycle " + timer.getTimeCycle();
			}
			if (definition instanceof MessageEventDefinition message) {
				Message declared = this.model.getMessage(message.getMessageRef());
				String name = (declared != null && declared.getName() != null) ? declared.getName()
						: message.getMessageRef();
				return "by the message '" + name + "'";
			}
			if (definition instanceof SignalEventDefinition signal) {
				Signal declared = this.model.getSignal(signal.getSignalRef());
				String name = (declared != null && declared.getName() != null) ? declared.getName()
						: signal.getSignalRef();
				return "by the signal '" + name + "'";
			}
			if (definition instanceof ErrorEventDefinition error) {
				return "by the error " + errorCode(error.getErrorCode());
			}
			if (definition instanceof EscalationEventDefinition escalation) {
				return "by the escalation " + escalation.getEscalationCode();
			}
			if (definition instanceof ConditionalEventDefinition conditional) {
				return "when " + conditional.getConditionExpression();
			}
			if (definition instanceof CompensateEventDefinition) {
				return "by compensation";
			}
			if (definition instanceof TerminateEventDefinition) {
				return "terminating every other path of the instance";
			}
			return definition.getClass().getSimpleName();
		}

		private String errorCode(String errorRef) {
			if (errorRef == null) {
				return "(any)";
			}
			String code = this.model.getErrors().get(errorRef);
			return (code != null) ? code : errorRef;
		}

		private String boundaryLabel(BoundaryEvent boundary) {
			String what = boundary.getEventDefinitions().isEmpty() ? "its event"
					: definitionText(boundary.getEventDefinitions().get(0)).replaceFirst("^by ", "");
			// an error always ends the step it is caught on, whatever cancelActivity says
			boolean cancels = boundary.isCancelActivity()
					|| boundary.getEventDefinitions().stream().anyMatch(ErrorEventDefinition.class::isInstance);
			String effect = cancels ? "the step is cancelled" : "the step goes on";
			return "Exception path " + title(boundary) + ": on " + what + " (" + effect + ")";
		}

		private List<Ending> endings() {
			List<Ending> endings = new ArrayList<>();
			for (EndEvent end : this.view.elements(EndEvent.class)) {
				endings.add(new Ending(numberOf(end), end.getId(), title(end), attribute(end, Outcome.ATTRIBUTE),
						Outcome.of(end).map((o) -> o == Outcome.DONE).orElse(false), Outcome.endsTheProcess(end)));
			}
			return endings;
		}

		// ---- flows

		private String flowLabel(FlowNode split, SequenceFlow flow) {
			String condition = flow.getConditionExpression();
			boolean isDefault = flow.getId().equals(defaultFlow(split));
			String name = blank(flow.getName()) ? null : "**" + oneLine(flow.getName()) + "**";
			String when = (condition != null) ? "when `" + oneLine(condition) + "`"
					: (isDefault ? "otherwise (default)" : null);
			if (name == null && when == null) {
				return "in parallel";
			}
			return (name != null && when != null) ? name + ", " + when : (name != null) ? name : when;
		}

		private String branchName(FlowNode split, SequenceFlow flow) {
			if (!blank(flow.getName())) {
				return "the branch '" + oneLine(flow.getName()) + "'";
			}
			return flow.getId().equals(defaultFlow(split)) ? "the default branch" : "the branch " + flow.getId();
		}

		private static String defaultFlow(FlowNode node) {
			if (node instanceof Gateway gateway) {
				return gateway.getDefaultFlow();
			}
			if (node instanceof Activity activity) {
				return activity.getDefaultFlow();
			}
			return null;
		}

		// ---- data

		private void noteStartData(List<StartEvent> starts) {
			for (StartEvent start : starts) {
				if (!blank(start.getInitiator())) {
					writes(start.getInitiator(), "start (the starting user)");
				}
				if (!blank(start.getFormKey())) {
					this.forms.apply(start.getFormKey()).ifPresent((form) -> {
						for (FormField field : form.fields()) {
							if (field.readOnly()) {
								reads(field.id(), "start form");
							}
							else {
								writes(field.id(), "start form");
							}
						}
					});
				}
			}
		}

		/** Conditions read the variables the process writes (other names are beans). */
		private void noteConditionReads() {
			for (SequenceFlow flow : this.view.elements(SequenceFlow.class)) {
				if (flow.getConditionExpression() == null
						|| !(flow.getSourceFlowElement() instanceof FlowNode source)) {
					continue;
				}
				for (String name : names(flow.getConditionExpression())) {
					DataBuilder known = this.data.get(name);
					if (known != null && !known.writtenBy.isEmpty()) {
						known.readBy.add(step(numberOf(source), "condition"));
					}
				}
			}
		}

		private void expressionReads(String value, String who) {
			if (value == null) {
				return;
			}
			Matcher matcher = EXPRESSION.matcher(value);
			while (matcher.find()) {
				for (String name : names("${" + matcher.group(1) + "}")) {
					reads(name, who);
				}
			}
		}

		private static Set<String> names(String expression) {
			Set<String> names = new LinkedHashSet<>();
			Matcher outer = EXPRESSION.matcher(expression);
			while (outer.find()) {
				String body = outer.group(1).replaceAll("'[^']*'|\"[^\"]*\"", " ");
				Matcher matcher = NAME_PATH.matcher(body);
				while (matcher.find()) {
					if (!EL_WORDS.contains(matcher.group(1))) {
						names.add(matcher.group(1));
					}
				}
			}
			return names;
		}

		private void writes(String variable, String who) {
			if (!blank(variable)) {
				this.data.computeIfAbsent(variable.strip(), (v) -> new DataBuilder()).writtenBy.add(who);
			}
		}

		private void reads(String variable, String who) {
			if (!blank(variable)) {
				this.data.computeIfAbsent(variable.strip(), (v) -> new DataBuilder()).readBy.add(who);
			}
		}

		// ---- small helpers

		private int numberOf(FlowElement element) {
			return this.numbers.getOrDefault(element.getId(), 0);
		}

		private static String step(int number, String how) {
			return "step " + number + " (" + how + ")";
		}

		/**
		 * Steadyflow attributes the text does not explain otherwise, e.g. trigger ones.
		 */
		private static void otherAttributes(FlowElement element, List<Fact> facts) {
			for (List<ExtensionAttribute> attributes : element.getAttributes().values()) {
				for (ExtensionAttribute attribute : attributes) {
					if (SF_NS.equals(attribute.getNamespace()) && !EXPLAINED.contains(attribute.getName())) {
						facts.add(new Fact("sf:" + attribute.getName(), oneLine(attribute.getValue())));
					}
				}
			}
		}

		private static String bean(ServiceTask task) {
			if (ImplementationType.IMPLEMENTATION_TYPE_DELEGATEEXPRESSION.equals(task.getImplementationType())
					&& task.getImplementation() != null) {
				String expression = task.getImplementation().replaceAll("\\s+", "");
				if (expression.startsWith("${") && expression.endsWith("}")) {
					return expression.substring(2, expression.length() - 1);
				}
			}
			return null;
		}

		private static String attribute(FlowElement element, String name) {
			return text(element.getAttributeValue(SF_NS, name));
		}

		private static String attribute(Process process, String name) {
			return text(process.getAttributeValue(SF_NS, name));
		}

		private static String text(String value) {
			return (value == null || value.isBlank()) ? null : value.strip();
		}

		private static boolean blank(String value) {
			return value == null || value.isBlank();
		}

		private static String name(FlowElement element) {
			return blank(element.getName()) ? null : oneLine(element.getName());
		}

		private static String title(FlowElement element) {
			return blank(element.getName()) ? element.getId() : oneLine(element.getName());
		}

		private static String title(Process process) {
			return blank(process.getName()) ? process.getId() : oneLine(process.getName());
		}

		private static String oneLine(String text) {
			return text.strip().replaceAll("\\s+", " ");
		}

		private static String plural(List<String> list) {
			return (list.size() == 1) ? "" : "s";
		}

		private static String retryText(String cycle) {
			Matcher matcher = Pattern.compile("R(\\d+)/(P\\S+)").matcher(cycle.strip());
			if (matcher.matches()) {
				int times = Integer.parseInt(matcher.group(1));
				return times + " time" + ((times == 1) ? "" : "s") + ", " + readableDuration(matcher.group(2))
						+ " apart (" + cycle.strip() + "); then an incident";
			}
			return cycle.strip() + "; then an incident";
		}

		private static String readableDuration(String iso) {
			return readableDurationOf(iso);
		}

	}

	/** "P2D" as "2 days (P2D)"; anything else (expressions, dates) as written. */
	static String readableDurationOf(String iso) {
		String value = iso.strip();
		try {
			Duration duration = value.contains("Y") || (value.contains("M") && !value.contains("T")) ? null
					: Duration.parse(value);
			if (duration == null) {
				return value;
			}
			List<String> parts = new ArrayList<>();
			part(parts, duration.toDaysPart(), "day");
			part(parts, duration.toHoursPart(), "hour");
			part(parts, duration.toMinutesPart(), "minute");
			part(parts, duration.toSecondsPart(), "second");
			return (parts.isEmpty() ? "0 seconds" : String.join(" ", parts)) + " (" + value + ")";
		}
		catch (DateTimeParseException ex) {
			return value;
		}
	}

	private static void part(List<String> parts, long amount, String unit) {
		if (amount > 0) {
			parts.add(amount + " " + unit + ((amount == 1) ? "" : "s"));
		}
	}

	private static final class DataBuilder {

		final Set<String> writtenBy = new LinkedHashSet<>();

		final Set<String> readBy = new LinkedHashSet<>();

	}

	/** The walk's result before numbering: which step comes where. */
	private sealed interface Plan permits PlanStep, PlanContinue {

	}

	private record PlanStep(FlowNode node, List<Plan> inside, List<PlanBranch> branches) implements Plan {
	}

	private record PlanContinue(FlowNode node) implements Plan {
	}

	private record PlanBranch(String kind, String label, List<Plan> plans) {
	}

	private record ExceptionPath(PlanStep step, BoundaryEvent boundary, Set<FlowNode> stops) {
	}

}
