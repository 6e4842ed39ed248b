package io.steadyflow.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.steadyflow.bpmn.Outcome;
import io.steadyflow.docs.ProcessDocument.Branch;
import io.steadyflow.docs.ProcessDocument.Continue;
import io.steadyflow.docs.ProcessDocument.Entry;
import io.steadyflow.docs.ProcessDocument.Step;
import org.flowable.bpmn.model.BoundaryEvent;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.EndEvent;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.FlowNode;
import org.flowable.bpmn.model.Process;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated documentation of every diagram in {@code processes/}, and how a change of
 * the diagram shows in it.
 */
class DocsGeneratorTest {

	static List<Path> diagrams() throws IOException {
		return Examples.diagrams();
	}

	private static ProcessDocument generate(BpmnModel model, String source) throws IOException {
		return new DocsGenerator(Examples.forms()).generate(model, source, null).get(0);
	}

	@ParameterizedTest
	@MethodSource("diagrams")
	void mentionsEveryStepEveryEndingWithItsOutcomeAndEveryExceptionPath(Path file) throws IOException {
		BpmnModel model = Examples.read(file);
		Process process = model.getMainProcess();
		ProcessDocument document = generate(model, file.getFileName().toString());
		String markdown = MarkdownDocs.render(document);
		Map<String, Step> numbered = document.numberedSteps();

		for (FlowElement element : process.findFlowElementsOfType(FlowNode.class, true)) {
			if (element instanceof BoundaryEvent boundary) {
				assertThat(markdown).as("exception path %s", boundary.getId())
					.contains("Exception path " + boundary.getName() + ": on ");
				continue;
			}
			assertThat(numbered).as("step %s is numbered", element.getId()).containsKey(element.getId());
			assertThat(markdown).as("step %s", element.getId())
				.contains("**" + numbered.get(element.getId()).number() + ". " + element.getName() + "** — ");
			if (element.getDocumentation() != null) {
				assertThat(markdown).as("the documentation of %s, verbatim", element.getId())
					.contains(element.getDocumentation().strip());
			}
		}
		assertThat(numbered.values().stream().map(Step::number).toList()).as("numbered 1..n in reading order")
			.isEqualTo(java.util.stream.IntStream.rangeClosed(1, numbered.size()).boxed().toList());
		for (EndEvent end : process.findFlowElementsOfType(EndEvent.class, true)) {
			String outcome = Outcome.of(end).orElseThrow().id();
			assertThat(markdown).as("end event %s", end.getId())
				.contains("| " + end.getName() + " (`" + end.getId() + "`) | " + numbered.get(end.getId()).number()
						+ " | " + outcome + " | " + (outcome.equals("done") ? "met" : "not met") + " |");
		}
		assertThat(markdown).contains(process.getDocumentation().strip())
			.contains(process.getAttributeValue(Outcome.SF_NS, "owner"))
			.contains(process.getAttributeValue(Outcome.SF_NS, "doneWhen"));
		assertThat(MarkdownDocs.render(generate(Examples.read(file), file.getFileName().toString())))
			.as("the same diagram gives the same text")
			.isEqualTo(markdown);
	}

	@Test
	void walksTheFlowWithBranchesAsSubListsAndPointsBackInsteadOfRepeating() throws IOException {
		ProcessDocument document = generate(Examples.read(Path.of("processes/invoice-approval.bpmn20.xml")),
				"invoice-approval.bpmn20.xml");
		List<String> topLevel = document.steps()
			.stream()
			.filter(Step.class::isInstance)
			.map((entry) -> ((Step) entry).id())
			.toList();
		assertThat(topLevel).as("the main line; branches meet again at validation and at the posting")
			.containsExactly("invoiceReceived", "documentAttached", "validateInvoice", "amountCheck", "postToErp",
					"invoicePosted");
		Step amountCheck = step(document.steps(), "amountCheck");
		assertThat(amountCheck.branches()).extracting(Branch::label)
			.containsExactly(
					"**At or above the auto-approval limit**, when `${amount >= invoicePolicy.autoApproveBelow}`",
					"**Below the limit**, otherwise (default)");
		assertThat(amountCheck.branches().get(0).entries()).first()
			.isInstanceOfSatisfying(Step.class, (step) -> assertThat(step.id()).isEqualTo("approveInvoice"));
		assertThat(amountCheck.branches().get(1).entries()).singleElement()
			.isInstanceOfSatisfying(Continue.class, (goTo) -> assertThat(goTo.id()).isEqualTo("postToErp"));

		Step approve = step(document.steps(), "approveInvoice");
		assertThat(approve.facts()).extracting(ProcessDocument.Fact::label)
			.contains("Who", "Four eyes", "Due", "Service level", "Decision", "Form");
		assertThat(approve.branches()).singleElement().satisfies((late) -> {
			assertThat(late.kind()).isEqualTo("exception");
			assertThat(late.label()).contains("Approval late", "2 days", "the step goes on");
		});
		Step post = step(document.steps(), "postToErp");
		assertThat(post.branches()).singleElement()
			.satisfies((refused) -> assertThat(refused.label()).contains("ERP_REJECTED", "the step is cancelled"));
		Step extract = step(document.steps(), "extractInvoice");
		assertThat(fact(extract, "Human gate")).contains("Reading sure and complete?", "Review extracted invoice");
		assertThat(fact(extract, "Result")).contains("invoiceExtraction");
	}

	@Test
	void describesAiStepsWithTheirInputResultThresholdAndHumanGate() throws IOException {
		ProcessDocument document = generate(Examples.read(Path.of("processes/ticket-triage.bpmn20.xml")),
				"ticket-triage.bpmn20.xml");
		Step classify = step(document.steps(), "classifyTicket");
		assertThat(fact(classify, "AI")).isEqualTo("classify");
		assertThat(fact(classify, "Reads")).isEqualTo("subject,body");
		assertThat(fact(classify, "Sure when")).contains("0.95", "process's precision target");
		assertThat(fact(classify, "Labels")).contains("ticket-triage.labels.json");
		assertThat(fact(classify, "Human gate")).contains("AI sure of the team?", "'Unsure'",
				"step " + document.numberedSteps().get("triageTicket").number() + " (Triage ticket)");
		assertThat(fact(classify, "Retries")).contains("3 times", "R3/PT1M");
		assertThat(document.data()).filteredOn((item) -> item.variable().equals("ticketClassification"))
			.singleElement()
			.satisfies((item) -> {
				assertThat(item.writtenBy()).containsExactly("step 2 (AI)");
				assertThat(item.readBy()).isNotEmpty();
			});
	}

	@Test
	void aChangedAttributeInACopyChangesTheDocs() throws IOException {
		String original = Files.readString(Path.of("processes/invoice-approval.bpmn20.xml"));
		String before = MarkdownDocs.render(generate(Examples.read("copy.bpmn20.xml", original), "copy.bpmn20.xml"));

		String regrouped = original.replace("flowable:candidateGroups=\"approvers\"",
				"flowable:candidateGroups=\"controllers\"");
		String after = MarkdownDocs.render(generate(Examples.read("copy.bpmn20.xml", regrouped), "copy.bpmn20.xml"));
		assertThat(after).isNotEqualTo(before)
			.contains("- Who: offered to group controllers")
			.doesNotContain("- Who: offered to group approvers");
		assertThat(DocsCommand.firstDifference(before, after)).as("--check names the line").isNotNull();

		String retried = original.replace(
				"<flowable:failedJobRetryTimeCycle>R3/PT1M</flowable:failedJobRetryTimeCycle>\n"
						+ "      </extensionElements>\n    </serviceTask>\n    <boundaryEvent id=\"erpRejected\"",
				"<flowable:failedJobRetryTimeCycle>R5/PT10M</flowable:failedJobRetryTimeCycle>\n"
						+ "      </extensionElements>\n    </serviceTask>\n    <boundaryEvent id=\"erpRejected\"");
		assertThat(retried).isNotEqualTo(original);
		ProcessDocument document = generate(Examples.read("copy.bpmn20.xml", retried), "copy.bpmn20.xml");
		assertThat(fact(step(document.steps(), "postToErp"), "Retries")).contains("5 times", "10 minutes");

		String owned = original.replace("sf:owner=\"finance-operations\"", "sf:owner=\"accounts-payable\"")
			.replace("sf:sla=\"P5D\"", "sf:sla=\"P10D\"");
		String ownedDocs = MarkdownDocs.render(generate(Examples.read("copy.bpmn20.xml", owned), "copy.bpmn20.xml"));
		assertThat(ownedDocs).contains("## Owner\n\naccounts-payable\n").contains("within 10 days (P10D)");
	}

	@Test
	void rendersTriggersOfEveryKindAndTheAttributesTheDiagramDeclares() {
		String xml = """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:sf="urn:steadyflow:bpmn"
				             xmlns:flowable="http://flowable.org/bpmn" targetNamespace="urn:test">
				  <message id="orderPlaced" name="Order placed"/>
				  <signal id="recall" name="Recall"/>
				  <process id="orders" name="Orders" isExecutable="true" sf:owner="sales">
				    <startEvent id="byRest" name="Order entered"/>
				    <startEvent id="byMessage" name="Order message" sf:webhook="shop-orders" sf:businessKey="${orderId}">
				      <messageEventDefinition messageRef="orderPlaced"/>
				    </startEvent>
				    <startEvent id="nightly" name="Nightly run"><timerEventDefinition><timeCycle>0 0 2 * * ?</timeCycle></timerEventDefinition></startEvent>
				    <startEvent id="byRecall" name="Recall"><signalEventDefinition signalRef="recall"/></startEvent>
				    <sequenceFlow id="f1" sourceRef="byRest" targetRef="handle"/>
				    <sequenceFlow id="f2" sourceRef="byMessage" targetRef="handle"/>
				    <sequenceFlow id="f3" sourceRef="nightly" targetRef="handle"/>
				    <sequenceFlow id="f4" sourceRef="byRecall" targetRef="handle"/>
				    <userTask id="handle" name="Handle order" flowable:assignee="${initiator}" flowable:candidateUsers="ann, bob"/>
				    <sequenceFlow id="f5" sourceRef="handle" targetRef="done"/>
				    <endEvent id="done" name="Order handled"/>
				  </process>
				</definitions>
				""";
		ProcessDocument document = new DocsGenerator((key) -> Optional.empty())
			.generate(Examples.read("orders.bpmn", xml), "orders.bpmn", 4)
			.get(0);
		assertThat(document.triggers()).extracting(ProcessDocument.Trigger::id, ProcessDocument.Trigger::kind)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("byRest", "rest"),
					org.assertj.core.groups.Tuple.tuple("byMessage", "message"),
					org.assertj.core.groups.Tuple.tuple("nightly", "timer"),
					org.assertj.core.groups.Tuple.tuple("byRecall", "signal"));
		String markdown = MarkdownDocs.render(document);
		assertThat(markdown).contains("`POST /api/process-definitions/orders/instances`")
			.contains("started by the message 'Order placed'")
			.contains("  - sf:webhook: shop-orders\n")
			.contains("  - sf:businessKey: ${orderId}\n")
			.contains("started by a timer, cycle 0 0 2 * * ?")
			.contains("started by the signal 'Recall'")
			.contains("Process `orders`, version 4")
			.contains("*The diagram does not say (no `<documentation>` on the process).*")
			.contains("| Order handled (`done`) | 3 | *not declared* | not met |")
			.contains("- Who: assigned to ${initiator}; offered to ann, bob");
	}

	@Test
	void keepsDiagramTextFromBecomingHtmlInTheMarkdown() {
		assertThat(MarkdownDocs.escape("<script>alert(1)</script> and `a < b`"))
			.isEqualTo("&lt;script&gt;alert(1)&lt;/script&gt; and `a < b`");
	}

	@Test
	void aReceiveTaskWithAMessageIsDocumentedLikeAMessageCatchEvent() {
		String xml = """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="urn:test">
				  <message id="paymentMessage" name="paymentReceived"/>
				  <process id="payments" name="Payments" isExecutable="true" sf:owner="sales">
				    <startEvent id="ordered" name="Ordered"/>
				    <sequenceFlow id="f1" sourceRef="ordered" targetRef="byTask"/>
				    <receiveTask id="byTask" name="Receive payment" messageRef="paymentMessage"
				                 sf:correlationKey="${orderId}" sf:queue="payments"/>
				    <sequenceFlow id="f2" sourceRef="byTask" targetRef="byEvent"/>
				    <intermediateCatchEvent id="byEvent" name="Payment confirmed" sf:correlationKey="${orderId}">
				      <messageEventDefinition messageRef="paymentMessage"/>
				    </intermediateCatchEvent>
				    <sequenceFlow id="f3" sourceRef="byEvent" targetRef="plain"/>
				    <receiveTask id="plain" name="Resumed by the API"/>
				    <sequenceFlow id="f4" sourceRef="plain" targetRef="done"/>
				    <endEvent id="done" name="Paid"/>
				  </process>
				</definitions>
				""";
		ProcessDocument document = new DocsGenerator((key) -> Optional.empty())
			.generate(Examples.read("payments.bpmn", xml), "payments.bpmn", 1)
			.get(0);
		Step task = step(document.steps(), "byTask");
		Step event = step(document.steps(), "byEvent");
		assertThat(task.facts()).contains(new ProcessDocument.Fact("Event", "by the message 'paymentReceived'"))
			.contains(new ProcessDocument.Fact("sf:correlationKey", "${orderId}"))
			.contains(new ProcessDocument.Fact("sf:queue", "payments"));
		assertThat(event.facts()).contains(new ProcessDocument.Fact("Event", "by the message 'paymentReceived'"));
		assertThat(step(document.steps(), "plain").facts()).extracting(ProcessDocument.Fact::label)
			.doesNotContain("Event");
	}

	private static Step step(List<Entry> entries, String id) {
		List<Entry> queue = new ArrayList<>(entries);
		while (!queue.isEmpty()) {
			Entry entry = queue.remove(0);
			if (entry instanceof Step step) {
				if (step.id().equals(id)) {
					return step;
				}
				queue.addAll(step.inside());
				step.branches().forEach((branch) -> queue.addAll(branch.entries()));
			}
		}
		throw new AssertionError("no step " + id);
	}

	private static String fact(Step step, String label) {
		return step.facts()
			.stream()
			.filter((fact) -> fact.label().equals(label))
			.map(ProcessDocument.Fact::text)
			.findFirst()
			.orElseThrow(() -> new AssertionError(step.id() + " has no fact " + label + ": " + step.facts()));
	}

}
