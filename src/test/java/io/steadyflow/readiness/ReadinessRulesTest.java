package io.steadyflow.readiness;

import static io.steadyflow.readiness.Bpmn.conditionalFlow;
import static io.steadyflow.readiness.Bpmn.flow;
import static io.steadyflow.readiness.Bpmn.line;
import static io.steadyflow.readiness.Bpmn.process;
import static io.steadyflow.readiness.Bpmn.serviceTask;
import static io.steadyflow.readiness.Bpmn.userTask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.steadyflow.bpmn.BpmnInputLimits;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * For every rule, a minimal BPMN that breaks it (exact rule, severity and element) and
 * one that satisfies it, which must come out without any finding at all.
 */
class ReadinessRulesTest {

	static final Set<String> BEANS = Set.of("erpPosting", "decisionGuard", "invoiceClassifier", "invoicePolicy",
			"cardCharging");

	static FileReport lint(String xml) {
		return lint(xml, ReadinessProperties.defaults());
	}

	static FileReport lint(String xml, ReadinessProperties properties) {
		return ReadinessLinter.standalone(BpmnInputLimits.defaults(), properties, BEANS::contains)
			.lint(Bpmn.source(xml));
	}

	static List<Finding> of(FileReport report, String rule) {
		return report.findings().stream().filter((finding) -> finding.rule().equals(rule)).toList();
	}

	static void assertClean(String xml) {
		assertThat(lint(xml).findings()).isEmpty();
	}

	@Test
	void soundInvoiceProcessHasNoFindings() throws Exception {
		byte[] content = getClass().getResourceAsStream("/readiness/sound-invoice.bpmn").readAllBytes();
		assertThat(lint(new String(content, java.nio.charset.StandardCharsets.UTF_8)).findings()).isEmpty();
	}

	@Test
	void soundCollaborationWithManyShapesOnlyNotesThePartnerPool() throws Exception {
		byte[] content = getClass().getResourceAsStream("/readiness/sound-shapes.bpmn").readAllBytes();
		assertThat(lint(new String(content, java.nio.charset.StandardCharsets.UTF_8)).findings())
			.extracting(Finding::rule, Finding::severity, Finding::elementId)
			.containsExactly(tuple("executable", Severity.INFO, "customer"));
	}

	@Nested
	class OutcomeAndServiceLevel {

		@Test
		void reportsAnEndEventWithoutOutcome() {
			FileReport report = lint(
					process(line(userTask("review", "Review request")).replace(" sf:outcome=\"done\"", "")));
			assertThat(of(report, "outcome")).singleElement().satisfies((finding) -> {
				assertThat(finding.severity()).isEqualTo(Severity.ERROR);
				assertThat(finding.elementId()).isEqualTo("end");
				assertThat(finding.message()).contains("does not declare its outcome class");
				assertThat(finding.hint()).contains("sf:outcome=\"done\"", "rejected", "cancelled", "failed",
						"escalated");
			});
		}

		@Test
		void reportsAnUnknownOutcomeClassListingTheValidOnes() {
			FileReport report = lint(process(line(userTask("review", "Review request")).replace("sf:outcome=\"done\"",
					"sf:outcome=\"finished\"")));
			assertThat(of(report, "outcome")).singleElement().satisfies((finding) -> {
				assertThat(finding.message()).contains("unknown outcome class 'finished'");
				assertThat(finding.hint()).contains("done, rejected, cancelled, failed, escalated");
			});
		}

		@Test
		void anEndEventInsideAnEmbeddedSubProcessNeedsNoOutcome() {
			String sub = """
					<subProcess id="prepare" name="Prepare answer">
					  <startEvent id="prepareStart"/>
					  <endEvent id="prepared" name="Answer prepared"/>
					  <sequenceFlow id="p1" sourceRef="prepareStart" targetRef="prepared"/>
					</subProcess>""";
			assertThat(of(lint(process(line(sub))), "outcome")).isEmpty();
		}

		@Test
		void reportsAServiceLevelThatIsNotADuration() {
			FileReport report = lint(process(
					"id=\"p\" name=\"Test process\" isExecutable=\"true\" "
							+ "sf:owner=\"operations\" sf:doneWhen=\"The request is answered\" sf:sla=\"2 days\"",
					line(userTask("review", "Review request").replace("<userTask ", "<userTask sf:sla=\"-PT1H\" "))));
			assertThat(of(report, "service-level")).extracting(Finding::elementId, Finding::severity)
				.containsExactly(tuple("p", Severity.ERROR), tuple("review", Severity.ERROR));
			assertThat(of(report, "service-level").get(0).message()).contains("'2 days' is not an ISO-8601 duration");
			assertThat(of(report, "service-level").get(1).message()).contains("must be longer than zero");
		}

		@Test
		void passesWithOutcomesAndServiceLevels() {
			assertClean(process(
					"id=\"p\" name=\"Test process\" isExecutable=\"true\" sf:owner=\"operations\" "
							+ "sf:doneWhen=\"The request is answered\" sf:sla=\"P2D\"",
					line(userTask("review", "Review request").replace("<userTask ", "<userTask sf:sla=\"PT4H\" "))));
		}

	}

	@Nested
	class FourEyes {

		static String approval(String notSameAs) {
			return "<userTask id=\"approve\" name=\"Approve request\" flowable:candidateGroups=\"approvers\" "
					+ "flowable:dueDate=\"P2D\" sf:notSameAs=\"" + notSameAs + "\"/>";
		}

		@Test
		void reportsAnEntryThatIsNeitherTheInitiatorNorAUserTask() {
			FileReport report = lint(process(line(userTask("review", "Review request"), approval("initiator,reveiw"))));
			assertThat(of(report, "four-eyes")).singleElement().satisfies((finding) -> {
				assertThat(finding.elementId()).isEqualTo("approve");
				assertThat(finding.message()).contains("'reveiw'", "excludes nobody");
			});
		}

		@Test
		void reportsATaskAssignedToThePersonTheRuleExcludes() {
			String assigned = "<userTask id=\"approve\" name=\"Approve request\" flowable:assignee=\"${initiator}\" "
					+ "flowable:dueDate=\"P2D\" sf:notSameAs=\"initiator\"/>";
			FileReport report = lint(process(line(assigned)));
			assertThat(of(report, "four-eyes")).singleElement().satisfies((finding) -> {
				assertThat(finding.severity()).isEqualTo(Severity.ERROR);
				assertThat(finding.message()).contains("very person the rule excludes");
				assertThat(finding.hint()).contains("candidateGroups");
			});
		}

		@Test
		void warnsAboutADirectlyAssignedTaskWithARule() {
			String assigned = "<userTask id=\"approve\" name=\"Approve request\" flowable:assignee=\"fiona\" "
					+ "flowable:dueDate=\"P2D\" sf:notSameAs=\"initiator\"/>";
			FileReport report = lint(process(line(assigned)));
			assertThat(of(report, "four-eyes")).singleElement()
				.satisfies((finding) -> assertThat(finding.severity()).isEqualTo(Severity.WARNING));
		}

		@Test
		void acceptsTheInitiatorAndAnotherUserTask() {
			assertClean(process(line(userTask("review", "Review request"), approval("initiator, review"))));
		}

	}

	@Nested
	class Owner {

		@Test
		void reportsProcessWithoutOwner() {
			FileReport report = lint(process("id=\"p\" isExecutable=\"true\" sf:doneWhen=\"Answered\"",
					line(userTask("answer", "Answer request"))));
			assertThat(of(report, "owner")).extracting(Finding::severity, Finding::processId, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "p", "p"));
		}

		@Test
		void saysWhenTheOwnerIsInAnotherNamespace() {
			String xml = process("id=\"p\" isExecutable=\"true\" xmlns:x=\"urn:other\" x:owner=\"ops\" "
					+ "sf:doneWhen=\"Answered\"", line(userTask("answer", "Answer request")));
			assertThat(of(lint(xml), "owner")).singleElement()
				.satisfies((finding) -> assertThat(finding.message()).contains("urn:other"));
		}

		@Test
		void acceptsProcessWithOwner() {
			assertClean(process(line(userTask("answer", "Answer request"))));
		}

	}

	@Nested
	class DefinitionOfDone {

		@Test
		void reportsProcessWithoutMeasurableOutcome() {
			FileReport report = lint(
					process("id=\"p\" isExecutable=\"true\" sf:owner=\"ops\"", line(userTask("answer", "Answer"))));
			assertThat(of(report, "definition-of-done")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "p"));
		}

		@Test
		void warnsAboutEndEventNotNamedForItsOutcome() {
			String xml = process("""
					<startEvent id="start" name="Request received"/>
					<endEvent sf:outcome="done" id="finished"/>
					""" + flow("f1", "start", "finished"));
			assertThat(of(lint(xml), "definition-of-done")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.WARNING, "finished"));
		}

	}

	@Nested
	class ClearTrigger {

		@Test
		void reportsUnnamedStartEvent() {
			String xml = process("""
					<startEvent id="start"/>
					<endEvent sf:outcome="done" id="end" name="Answered"/>
					""" + flow("f1", "start", "end"));
			assertThat(of(lint(xml), "clear-trigger")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "start"));
		}

		@Test
		void reportsTimerStartEventWithoutSchedule() {
			String xml = process("""
					<startEvent id="nightly" name="Every night"><timerEventDefinition/></startEvent>
					<endEvent sf:outcome="done" id="end" name="Answered"/>
					""" + flow("f1", "nightly", "end"));
			assertThat(of(lint(xml), "clear-trigger")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "nightly"));
		}

		@Test
		void reportsMessageStartEventWithUndeclaredMessage() {
			String xml = process("""
					<startEvent id="received" name="Order received">
					  <messageEventDefinition messageRef="orderReceived"/>
					</startEvent>
					<endEvent sf:outcome="done" id="end" name="Answered"/>
					""" + flow("f1", "received", "end"));
			assertThat(lint(xml).findings()).extracting(Finding::rule, Finding::severity, Finding::elementId)
				.contains(tuple("clear-trigger", Severity.ERROR, "received"));
		}

		@Test
		void acceptsNamedTimerMessageAndSignalStartEvents() {
			String xml = Bpmn.definitions("""
					<message id="orderReceived" name="orderReceived"/>
					<signal id="restart" name="restart"/>
					<process id="p" isExecutable="true" sf:owner="ops" sf:doneWhen="Order answered">
					  <startEvent id="nightly" name="Every night at two">
					    <timerEventDefinition><timeCycle>0 0 2 * * ?</timeCycle></timerEventDefinition>
					  </startEvent>
					  <startEvent id="received" name="Order received">
					    <messageEventDefinition messageRef="orderReceived"/>
					  </startEvent>
					  <startEvent id="restarted" name="Restart signalled">
					    <signalEventDefinition signalRef="restart"/>
					  </startEvent>
					  <endEvent sf:outcome="done" id="end" name="Order answered"/>
					  <sequenceFlow id="f1" sourceRef="nightly" targetRef="end"/>
					  <sequenceFlow id="f2" sourceRef="received" targetRef="end"/>
					  <sequenceFlow id="f3" sourceRef="restarted" targetRef="end"/>
					</process>
					""");
			assertClean(xml);
		}

	}

	@Nested
	class ToolExceptionPath {

		@Test
		void reportsServiceTaskWithoutErrorPathOrRetries() {
			String xml = process(line(
					"<serviceTask id=\"post\" name=\"Post to ERP\" flowable:delegateExpression=\"${erpPosting}\"/>"));
			assertThat(of(lint(xml), "tool-exception-path")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "post"));
		}

		@Test
		void reportsAsynchronousServiceTaskWithoutExplicitRetryPolicy() {
			String xml = process(line("<serviceTask id=\"post\" name=\"Post to ERP\" flowable:async=\"true\" "
					+ "flowable:delegateExpression=\"${erpPosting}\"/>"));
			assertThat(of(lint(xml), "tool-exception-path")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "post"));
		}

		@Test
		void reportsSendTaskWithoutErrorPath() {
			String xml = process(line("<sendTask id=\"notify\" name=\"Notify customer\" flowable:type=\"mail\">"
					+ "<extensionElements><flowable:field name=\"to\" stringValue=\"a@example.com\"/>"
					+ "<flowable:field name=\"text\" stringValue=\"Hello\"/></extensionElements></sendTask>"));
			assertThat(of(lint(xml), "tool-exception-path")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "notify"));
		}

		@Test
		void acceptsAsynchronousServiceTaskWithRetryCycle() {
			assertClean(process(line(serviceTask("post", "Post to ERP"))));
		}

		@Test
		void acceptsServiceTaskWithErrorBoundaryEvent() {
			String xml = Bpmn.definitions("<error id=\"erpDown\" errorCode=\"ERP_DOWN\"/>\n" + """
					<process id="p" isExecutable="true" sf:owner="ops" sf:doneWhen="Posted">
					""" + line(
					"<serviceTask id=\"post\" name=\"Post to ERP\" flowable:delegateExpression=\"${erpPosting}\"/>")
					+ """
							<boundaryEvent id="postFailed" name="ERP down" attachedToRef="post">
							  <errorEventDefinition errorRef="erpDown"/>
							</boundaryEvent>
							<endEvent sf:outcome="done" id="notPosted" name="Posting failed"/>
							<sequenceFlow id="fail" sourceRef="postFailed" targetRef="notPosted"/>
							</process>
							""");
			assertClean(xml);
		}

		@Test
		void acceptsServiceTaskInsideSubProcessWithErrorBoundaryEvent() {
			String xml = Bpmn.definitions("<error id=\"erpDown\" errorCode=\"ERP_DOWN\"/>\n" + """
					<process id="p" isExecutable="true" sf:owner="ops" sf:doneWhen="Posted">
					""" + line("<subProcess id=\"booking\" name=\"Book invoice\">" + "<startEvent id=\"bookingStart\"/>"
					+ "<serviceTask id=\"post\" name=\"Post to ERP\" flowable:delegateExpression=\"${erpPosting}\"/>"
					+ "<endEvent sf:outcome=\"done\" id=\"booked\" name=\"Booked\"/>"
					+ flow("b1", "bookingStart", "post") + flow("b2", "post", "booked") + "</subProcess>") + """
							<boundaryEvent id="bookingFailed" name="ERP down" attachedToRef="booking">
							  <errorEventDefinition errorRef="erpDown"/>
							</boundaryEvent>
							<endEvent sf:outcome="done" id="notPosted" name="Posting failed"/>
							<sequenceFlow id="fail" sourceRef="bookingFailed" targetRef="notPosted"/>
							</process>
							""");
			assertClean(xml);
		}

		@Test
		void acceptsServiceTaskCoveredByErrorEventSubProcess() {
			String xml = process(line(
					"<serviceTask id=\"post\" name=\"Post to ERP\" flowable:delegateExpression=\"${erpPosting}\"/>")
					+ """
							<subProcess id="onError" name="Handle posting error" triggeredByEvent="true">
							  <startEvent id="errorCaught" name="Posting failed"><errorEventDefinition/></startEvent>
							  <endEvent sf:outcome="done" id="errorHandled" name="Posting error handled"/>
							  <sequenceFlow id="e1" sourceRef="errorCaught" targetRef="errorHandled"/>
							</subProcess>
							""");
			assertClean(xml);
		}

	}

	@Nested
	class HumanAssignment {

		@Test
		void reportsUserTaskThatNobodyIsOffered() {
			String xml = process(line("<userTask id=\"approve\" name=\"Approve\" flowable:dueDate=\"P1D\"/>"));
			assertThat(of(lint(xml), "human-assignment")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "approve"));
		}

		@Test
		void acceptsAssigneeCandidateUsersOrPotentialOwner() {
			assertClean(process(line(
					"<userTask id=\"a\" name=\"A\" flowable:assignee=\"${initiator}\" flowable:dueDate=\"P1D\"/>",
					"<userTask id=\"b\" name=\"B\" flowable:candidateUsers=\"ada\" flowable:dueDate=\"P1D\"/>",
					"<userTask id=\"c\" name=\"C\" flowable:dueDate=\"P1D\"><potentialOwner><resourceAssignmentExpression>"
							+ "<formalExpression>group(approvers)</formalExpression></resourceAssignmentExpression>"
							+ "</potentialOwner></userTask>")));
		}

	}

	@Nested
	class LateHumanStep {

		@Test
		void warnsAboutUserTaskWithoutDueDateOrTimer() {
			String xml = process(line("<userTask id=\"approve\" name=\"Approve\" flowable:candidateGroups=\"a\"/>"));
			assertThat(of(lint(xml), "late-human-step")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.WARNING, "approve"));
		}

		@Test
		void acceptsTimerBoundaryEventInsteadOfDueDate() {
			String xml = process(line("<userTask id=\"approve\" name=\"Approve\" flowable:candidateGroups=\"a\"/>")
					+ """
							<boundaryEvent id="overdue" name="Approval overdue" attachedToRef="approve" cancelActivity="false">
							  <timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition>
							</boundaryEvent>
							<endEvent sf:outcome="done" id="reminded" name="Approver reminded"/>
							<sequenceFlow id="remind" sourceRef="overdue" targetRef="reminded"/>
							""");
			assertClean(xml);
		}

	}

	@Nested
	class AiNeedsHumanGate {

		static final String AI_STEP = "<serviceTask id=\"classify\" name=\"Classify invoice\" sf:ai=\"classify\" "
				+ "flowable:delegateExpression=\"${invoiceClassifier}\" flowable:async=\"true\"><extensionElements>"
				+ "<flowable:failedJobRetryTimeCycle>R3/PT5M</flowable:failedJobRetryTimeCycle></extensionElements>"
				+ "</serviceTask>";

		@Test
		void reportsAiResultThatActsWithoutAPerson() {
			String xml = process(line(AI_STEP, serviceTask("post", "Post to ERP")));
			assertThat(of(lint(xml), "ai-needs-human-gate")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "classify"));
		}

		@Test
		void reportsGatewayWithoutABranchToAPerson() {
			String xml = process("""
					<startEvent id="start" name="Invoice received"/>
					""" + AI_STEP + """
					<exclusiveGateway id="confident" name="Confident?" default="low"/>
					""" + serviceTask("post", "Post to ERP") + """
					<endEvent sf:outcome="done" id="dropped" name="Invoice dropped"/>
					<endEvent sf:outcome="done" id="posted" name="Invoice posted"/>
					""" + flow("f1", "start", "classify") + flow("f2", "classify", "confident")
					+ conditionalFlow("high", "confident", "post", "${confidence >= 0.8}")
					+ flow("low", "confident", "dropped") + flow("f3", "post", "posted"));
			assertThat(of(lint(xml), "ai-needs-human-gate")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "classify"));
		}

		@Test
		void acceptsGatewayThatSendsLowConfidenceToAPerson() {
			String xml = process("""
					<startEvent id="start" name="Invoice received"/>
					""" + AI_STEP + """
					<exclusiveGateway id="confident" name="Confident?" default="low"/>
					""" + userTask("review", "Review classification") + serviceTask("post", "Post to ERP") + """
					<endEvent sf:outcome="done" id="posted" name="Invoice posted"/>
					""" + flow("f1", "start", "classify") + flow("f2", "classify", "confident")
					+ conditionalFlow("high", "confident", "post", "${confidence >= 0.8}")
					+ flow("low", "confident", "review") + flow("f3", "review", "post") + flow("f4", "post", "posted"));
			assertClean(xml);
		}

		@Test
		void acceptsAiResultThatAlwaysGoesToAPerson() {
			assertClean(process(line(AI_STEP, userTask("review", "Review classification"))));
		}

	}

	@Nested
	class GatewayConditions {

		static String decision(String gatewayAttributes, String secondFlow) {
			return process("""
					<startEvent id="start" name="Request received"/>
					<exclusiveGateway id="decide" name="Approved?" %s/>
					<endEvent sf:outcome="done" id="yes" name="Approved"/>
					<endEvent sf:outcome="done" id="no" name="Rejected"/>
					""".formatted(gatewayAttributes) + flow("f1", "start", "decide")
					+ conditionalFlow("approve", "decide", "yes", "${decision == 'approve'}") + secondFlow);
		}

		@Test
		void reportsBranchWithoutConditionThatIsNotTheDefault() {
			FileReport report = lint(decision("", flow("reject", "decide", "no")));
			assertThat(of(report, "gateway-conditions")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "decide"));
			assertThat(of(report, "gateway-conditions").get(0).message()).contains("reject");
		}

		@Test
		void acceptsDefaultFlow() {
			assertClean(decision("default=\"reject\"", flow("reject", "decide", "no")));
		}

		@Test
		void acceptsConditionOnEveryBranch() {
			assertClean(decision("", conditionalFlow("reject", "decide", "no", "${decision == 'reject'}")));
		}

	}

	@Nested
	class Reachability {

		@Test
		void reportsStepThatNoFlowLeadsTo() {
			String xml = process(line(userTask("answer", "Answer request")) + userTask("orphan", "Forgotten step")
					+ flow("orphanOut", "orphan", "end"));
			assertThat(of(lint(xml), "reachability")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "orphan"));
		}

		@Test
		void reportsDeadEnd() {
			String xml = process("""
					<startEvent id="start" name="Request received"/>
					<parallelGateway id="fork"/>
					""" + userTask("answer", "Answer request") + userTask("file", "File request") + """
					<endEvent sf:outcome="done" id="end" name="Request answered"/>
					""" + flow("f1", "start", "fork") + flow("f2", "fork", "answer") + flow("f3", "fork", "file")
					+ flow("f4", "answer", "end"));
			assertThat(of(lint(xml), "reachability")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "file"));
		}

		@Test
		void reportsEndlessLoopWithoutWaitState() {
			String xml = process("""
					<startEvent id="start" name="Request received"/>
					<scriptTask id="count" name="Count" scriptFormat="groovy"><script>x</script></scriptTask>
					<exclusiveGateway id="again" name="Again?"/>
					""" + flow("f1", "start", "count") + flow("f2", "count", "again") + flow("f3", "again", "count"));
			FileReport report = lint(xml, new ReadinessProperties(List.of("groovy"), List.of(), Map.of(), Map.of()));
			assertThat(of(report, "reachability")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "count"));
			assertThat(of(report, "reachability").get(0).message()).startsWith("Endless loop without a wait state");
		}

		@Test
		void reportsALoopOfSynchronousStepsThatCanBeLeftButNeverWaits() {
			String check = "<serviceTask id=\"check\" name=\"Check stock\" flowable:delegateExpression=\"${erpPosting}\"/>"
					+ "<boundaryEvent id=\"checkFailed\" name=\"Check failed\" attachedToRef=\"check\">"
					+ "<errorEventDefinition/></boundaryEvent>";
			String xml = process("""
					<startEvent id="start" name="Request received"/>
					""" + check + """
					<exclusiveGateway id="inStock" name="In stock?" default="again"/>
					<endEvent sf:outcome="done" id="end" name="Request answered"/>
					<endEvent sf:outcome="failed" id="failedEnd" name="Check failed"/>
					""" + flow("f1", "start", "check") + flow("f2", "check", "inStock")
					+ conditionalFlow("yes", "inStock", "end", "${inStock}") + flow("again", "inStock", "check")
					+ flow("f3", "checkFailed", "failedEnd"));
			assertThat(of(lint(xml), "synchronous-loop")).singleElement().satisfies((finding) -> {
				assertThat(finding.severity()).isEqualTo(Severity.ERROR);
				assertThat(finding.elementId()).isIn("check", "inStock");
				assertThat(finding.message()).contains("'Check stock' (check)", "'In stock?' (inStock)",
						"no wait state");
			});
			assertThat(of(lint(xml), "reachability")).isEmpty();

			String async = xml.replace("flowable:delegateExpression=\"${erpPosting}\"",
					"flowable:delegateExpression=\"${erpPosting}\" flowable:async=\"true\"");
			assertThat(of(lint(async), "synchronous-loop")).as("an asynchronous step commits each turn").isEmpty();
		}

		@Test
		void acceptsReworkLoopWithAPerson() {
			String xml = process("""
					<startEvent id="start" name="Request received"/>
					""" + userTask("draft", "Draft answer") + userTask("check", "Check answer") + """
					<exclusiveGateway id="ok" name="Answer good?" default="redo"/>
					<endEvent sf:outcome="done" id="end" name="Request answered"/>
					""" + flow("f1", "start", "draft") + flow("f2", "draft", "check") + flow("f3", "check", "ok")
					+ conditionalFlow("good", "ok", "end", "${answerGood}") + flow("redo", "ok", "draft"));
			assertClean(xml);
		}

		@Test
		void acceptsParallelBranchesSubProcessTerminateEndAndEventSubProcess() {
			String xml = process("""
					<startEvent id="start" name="Request received"/>
					<parallelGateway id="fork"/>
					<subProcess id="prepare" name="Prepare answer">
					  <startEvent id="prepareStart"/>
					""" + userTask("draft", "Draft answer") + """
					  <endEvent sf:outcome="done" id="prepared" name="Answer prepared"/>
					""" + flow("p1", "prepareStart", "draft") + flow("p2", "draft", "prepared") + """
					</subProcess>
					""" + userTask("file", "File request")
					+ """
							<parallelGateway id="join"/>
							<endEvent sf:outcome="done" id="end" name="Request answered"><terminateEventDefinition/></endEvent>
							<subProcess id="cancelled" name="Handle cancellation" triggeredByEvent="true">
							  <startEvent id="cancelReceived" name="Cancellation received">
							    <signalEventDefinition signalRef="cancel"/>
							  </startEvent>
							  <endEvent sf:outcome="done" id="cancelHandled" name="Request cancelled"><terminateEventDefinition/></endEvent>
							  <sequenceFlow id="c1" sourceRef="cancelReceived" targetRef="cancelHandled"/>
							</subProcess>
							"""
					+ flow("f1", "start", "fork") + flow("f2", "fork", "prepare") + flow("f3", "fork", "file")
					+ flow("f4", "prepare", "join") + flow("f5", "file", "join") + flow("f6", "join", "end"))
				.replace("<process", "<signal id=\"cancel\" name=\"cancel\"/>\n<process");
			assertClean(xml);
		}

		@Test
		void acceptsCompensationHandler() {
			String xml = process(line(serviceTask("book", "Book hotel")) + """
					<boundaryEvent id="undoBooking" name="Booking compensated" attachedToRef="book">
					  <compensateEventDefinition/>
					</boundaryEvent>
					""" + "<serviceTask id=\"cancelBooking\" name=\"Cancel hotel booking\" isForCompensation=\"true\" "
					+ "flowable:delegateExpression=\"${erpPosting}\" flowable:async=\"true\"><extensionElements>"
					+ "<flowable:failedJobRetryTimeCycle>R3/PT5M</flowable:failedJobRetryTimeCycle>"
					+ "</extensionElements></serviceTask>"
					+ "<association id=\"a1\" sourceRef=\"undoBooking\" targetRef=\"cancelBooking\" associationDirection=\"One\"/>");
			assertClean(xml);
		}

	}

	@Nested
	class Names {

		@Test
		void warnsAboutUnnamedActivityBranchingGatewayAndBoundaryEvent() {
			String xml = process("""
					<startEvent id="start" name="Request received"/>
					<userTask id="answer" flowable:candidateGroups="clerks" flowable:dueDate="P1D"/>
					<boundaryEvent id="late" attachedToRef="answer" cancelActivity="false">
					  <timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition>
					</boundaryEvent>
					<exclusiveGateway id="decide" default="f3"/>
					<endEvent sf:outcome="done" id="end" name="Request answered"/>
					<endEvent sf:outcome="done" id="reminded" name="Reminder sent"/>
					""" + flow("f1", "start", "answer") + flow("f2", "answer", "decide") + flow("f3", "decide", "end")
					+ conditionalFlow("f4", "decide", "end", "${urgent}") + flow("f5", "late", "reminded"));
			assertThat(of(lint(xml), "names")).extracting(Finding::severity, Finding::elementId)
				.containsExactlyInAnyOrder(tuple(Severity.WARNING, "answer"), tuple(Severity.WARNING, "late"),
						tuple(Severity.WARNING, "decide"));
		}

		@Test
		void acceptsUnnamedJoiningGateway() {
			String xml = process("""
					<startEvent id="start" name="Request received"/>
					<parallelGateway id="fork" name="Split work"/>
					""" + userTask("a", "Answer") + userTask("b", "File") + """
					<parallelGateway id="join"/>
					<endEvent sf:outcome="done" id="end" name="Request answered"/>
					""" + flow("f1", "start", "fork") + flow("f2", "fork", "a") + flow("f3", "fork", "b")
					+ flow("f4", "a", "join") + flow("f5", "b", "join") + flow("f6", "join", "end"));
			assertClean(xml);
		}

	}

	@Nested
	class SafeExpressions {

		@Test
		void refusesScriptTaskInLanguageThatIsNotAllowed() {
			String xml = process(line("<scriptTask id=\"compute\" name=\"Compute total\" scriptFormat=\"groovy\">"
					+ "<script>execution.setVariable('total', 1)</script></scriptTask>"));
			assertThat(of(lint(xml), "safe-expressions")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "compute"));
		}

		@Test
		void acceptsScriptTaskInAllowedLanguage() {
			String xml = process(line("<scriptTask id=\"compute\" name=\"Compute total\" scriptFormat=\"groovy\">"
					+ "<script>execution.setVariable('total', 1)</script></scriptTask>"));
			assertThat(lint(xml, new ReadinessProperties(List.of("groovy"), List.of(), Map.of(), Map.of())).findings())
				.isEmpty();
		}

		@Test
		void refusesScriptListener() {
			String xml = process(line("<userTask id=\"answer\" name=\"Answer\" flowable:candidateGroups=\"a\" "
					+ "flowable:dueDate=\"P1D\"><extensionElements><flowable:executionListener event=\"start\" "
					+ "class=\"org.flowable.engine.impl.bpmn.listener.ScriptExecutionListener\">"
					+ "<flowable:field name=\"script\"><flowable:string>1</flowable:string></flowable:field>"
					+ "<flowable:field name=\"language\" stringValue=\"javascript\"/>"
					+ "</flowable:executionListener></extensionElements></userTask>"));
			assertThat(of(lint(xml), "safe-expressions")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "answer"));
		}

		@Test
		void alwaysRefusesShellTask() {
			String xml = process(line("<serviceTask id=\"run\" name=\"Run command\" flowable:type=\"shell\" "
					+ "flowable:async=\"true\"><extensionElements><flowable:field name=\"command\" stringValue=\"ls\"/>"
					+ "<flowable:failedJobRetryTimeCycle>R3/PT5M</flowable:failedJobRetryTimeCycle>"
					+ "</extensionElements></serviceTask>"));
			FileReport report = lint(xml, new ReadinessProperties(List.of(), List.of("shell"), Map.of(), Map.of()));
			assertThat(of(report, "safe-expressions")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "run"));
		}

		@Test
		void refusesCamelTaskUnlessAllowed() {
			String xml = process(line("<serviceTask id=\"route\" name=\"Route order\" flowable:type=\"camel\" "
					+ "flowable:async=\"true\"><extensionElements>"
					+ "<flowable:failedJobRetryTimeCycle>R3/PT5M</flowable:failedJobRetryTimeCycle>"
					+ "</extensionElements></serviceTask>"));
			assertThat(of(lint(xml), "safe-expressions")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "route"));
			assertThat(of(lint(xml, new ReadinessProperties(List.of(), List.of("camel"), Map.of(), Map.of())),
					"safe-expressions"))
				.isEmpty();
		}

		@Test
		void refusesConditionThatReachesIntoTheJvm() {
			String xml = process("""
					<startEvent id="start" name="Request received"/>
					<exclusiveGateway id="decide" name="Approved?" default="no"/>
					<endEvent sf:outcome="done" id="end" name="Answered"/>
					""" + flow("f1", "start", "decide") + conditionalFlow("yes", "decide", "end",
					"${''.getClass().forName('java.lang.Runtime').getMethod('getRuntime').invoke(null).exec('id') != null}")
					+ flow("no", "decide", "end"));
			assertThat(of(lint(xml), "safe-expressions")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "yes"));
		}

		@Test
		void refusesExpressionsInAssignmentDueDateTimerAndNameThatReachInfrastructure() {
			String xml = process(line(
					"<userTask id=\"a\" name=\"A\" flowable:assignee=\"${environment.getProperty('spring.datasource.password')}\" flowable:dueDate=\"P1D\"/>",
					"<userTask id=\"b\" name=\"B\" flowable:candidateGroups=\"x\" flowable:dueDate=\"${dataSource.connection}\"/>",
					"<userTask id=\"c\" name=\"${applicationContext.getBean('x')}\" flowable:candidateGroups=\"x\" flowable:dueDate=\"P1D\"/>",
					"<intermediateCatchEvent id=\"d\" name=\"Wait\"><timerEventDefinition><timeDuration>${T(java.lang.System).exit(0)}</timeDuration></timerEventDefinition></intermediateCatchEvent>"));
			assertThat(of(lint(xml), "safe-expressions")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "a"), tuple(Severity.ERROR, "b"), tuple(Severity.ERROR, "c"),
						tuple(Severity.ERROR, "d"));
		}

		@Test
		void refusesExpressionInListenerFieldAndMultiInstanceCollection() {
			String xml = process(line(
					"<userTask id=\"a\" name=\"A\" flowable:candidateGroups=\"x\" "
							+ "flowable:dueDate=\"P1D\"><extensionElements><flowable:taskListener event=\"create\" "
							+ "delegateExpression=\"${decisionGuard}\"><flowable:field name=\"mode\">"
							+ "<flowable:expression>${execution.getClass().getClassLoader()}</flowable:expression>"
							+ "</flowable:field></flowable:taskListener></extensionElements></userTask>",
					"<userTask id=\"b\" name=\"B\" flowable:candidateGroups=\"x\" flowable:dueDate=\"P1D\">"
							+ "<multiInstanceLoopCharacteristics isSequential=\"false\" "
							+ "flowable:collection=\"${processEngineConfiguration.getBeans()}\" flowable:elementVariable=\"v\"/>"
							+ "</userTask>"));
			assertThat(of(lint(xml), "safe-expressions")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "a"), tuple(Severity.ERROR, "b"));
		}

		@Test
		void acceptsOrdinaryConditionsBeanPropertiesAndDelegateListenersWithFields() {
			String xml = process(
					"""
							<startEvent id="start" name="Invoice received"/>
							<exclusiveGateway id="small" name="Below limit?" default="large"/>
							<userTask id="approve" name="Approve invoice" flowable:candidateGroups="approvers"
							          flowable:dueDate="${dueDateFromNow}" flowable:assignee="${initiator}">
							  <extensionElements>
							    <flowable:taskListener event="complete" delegateExpression="${decisionGuard}">
							      <flowable:field name="reasonRequiredFor" stringValue="reject"/>
							      <flowable:field name="maximum"><flowable:expression>${invoicePolicy.autoApproveBelow * 10}</flowable:expression></flowable:field>
							    </flowable:taskListener>
							  </extensionElements>
							</userTask>
							<exclusiveGateway id="approved" name="Approved?"/>
							<endEvent sf:outcome="done" id="paid" name="Invoice paid"/>
							<endEvent sf:outcome="done" id="rejected" name="Invoice rejected"/>
							"""
							+ flow("f1", "start", "small")
							+ conditionalFlow("auto", "small", "paid",
									"${invoiceAmount < invoicePolicy.autoApproveBelow}")
							+ flow("large", "small", "approve") + flow("f2", "approve", "approved")
							+ conditionalFlow("yes", "approved", "paid", "${decision == 'approve'}")
							+ conditionalFlow("no", "approved", "rejected",
									"${decision == 'reject' && empty execution.getVariable('x')}"));
			assertClean(xml);
		}

	}

	@Nested
	class DelegatesResolve {

		@Test
		void reportsDelegateBeanThatDoesNotExist() {
			String xml = process(
					line("<serviceTask id=\"post\" name=\"Post\" flowable:delegateExpression=\"${erpPostng}\" "
							+ "flowable:async=\"true\"><extensionElements><flowable:failedJobRetryTimeCycle>R3/PT5M"
							+ "</flowable:failedJobRetryTimeCycle></extensionElements></serviceTask>"));
			assertThat(of(lint(xml), "delegates-resolve")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "post"));
		}

		@Test
		void reportsBeanOfExpressionAndListenerThatDoNotExist() {
			String xml = process(
					line("<serviceTask id=\"post\" name=\"Post\" flowable:expression=\"${erp.post(execution)}\" "
							+ "flowable:async=\"true\"><extensionElements><flowable:failedJobRetryTimeCycle>R3/PT5M"
							+ "</flowable:failedJobRetryTimeCycle><flowable:executionListener event=\"end\" "
							+ "delegateExpression=\"${auditTrail}\"/></extensionElements></serviceTask>"));
			assertThat(of(lint(xml), "delegates-resolve")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "post"), tuple(Severity.ERROR, "post"));
		}

		@Test
		void warnsAboutFlowableClass() {
			String xml = process(line("<serviceTask id=\"post\" name=\"Post\" flowable:class=\"com.example.Post\" "
					+ "flowable:async=\"true\"><extensionElements><flowable:failedJobRetryTimeCycle>R3/PT5M"
					+ "</flowable:failedJobRetryTimeCycle></extensionElements></serviceTask>"));
			assertThat(of(lint(xml), "delegates-resolve")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.WARNING, "post"));
		}

		@Test
		void isOnlyNotedWhereNoApplicationCanBeAsked() {
			String xml = process(line(serviceTask("post", "Post to ERP")));
			FileReport report = ReadinessLinter
				.standalone(BpmnInputLimits.defaults(), ReadinessProperties.defaults(), null)
				.lint(Bpmn.source(xml));
			assertThat(of(report, "delegates-resolve")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.INFO, "post"));
		}

		@Test
		void acceptsExistingBeansAndBuiltIns() {
			assertClean(process(line(serviceTask("post", "Post to ERP"),
					"<serviceTask id=\"note\" name=\"Note\" flowable:expression=\"${execution.setVariable('noted', true)}\" "
							+ "flowable:async=\"true\"><extensionElements><flowable:failedJobRetryTimeCycle>R3/PT5M"
							+ "</flowable:failedJobRetryTimeCycle></extensionElements></serviceTask>")));
		}

	}

	@Nested
	class Executable {

		@Test
		void reportsProcessNotMarkedExecutable() {
			String xml = process("id=\"p\" isExecutable=\"false\" sf:owner=\"ops\" sf:doneWhen=\"Answered\"",
					line(userTask("answer", "Answer request")));
			assertThat(of(lint(xml), "executable")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.ERROR, "p"));
		}

		@Test
		void onlyNotesNonExecutablePartnerPoolsOfACollaboration() {
			String xml = Bpmn.definitions(
					"""
							<collaboration id="c">
							  <participant id="customerPool" name="Customer" processRef="customer"/>
							  <participant id="supplierPool" name="Supplier" processRef="p"/>
							</collaboration>
							<process id="customer" name="Customer" isExecutable="false">
							  <task id="order"/>
							</process>
							<process id="p" isExecutable="true" sf:owner="ops" sf:doneWhen="Order answered">
							  <laneSet id="lanes"><lane id="clerkLane" name="Clerks"><flowNodeRef>answer</flowNodeRef></lane></laneSet>
							"""
							+ line(userTask("answer", "Answer order")) + "</process>");
			assertThat(lint(xml).findings()).extracting(Finding::rule, Finding::severity, Finding::elementId)
				.containsExactly(tuple("executable", Severity.INFO, "customer"));
		}

	}

	@Nested
	class RetryIgnored {

		@Test
		void warnsAboutRetryCycleOnAsynchronousUserTask() {
			String xml = process(line("<userTask id=\"answer\" name=\"Answer\" flowable:candidateGroups=\"a\" "
					+ "flowable:dueDate=\"P1D\" flowable:async=\"true\"><extensionElements>"
					+ "<flowable:failedJobRetryTimeCycle>R5/PT1M</flowable:failedJobRetryTimeCycle>"
					+ "</extensionElements></userTask>"));
			assertThat(of(lint(xml), "retry-ignored")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.WARNING, "answer"));
		}

		@Test
		void warnsAboutRetryCycleOnSynchronousServiceTask() {
			String xml = process(
					line("<serviceTask id=\"post\" name=\"Post\" flowable:delegateExpression=\"${erpPosting}\">"
							+ "<extensionElements><flowable:failedJobRetryTimeCycle>R5/PT1M</flowable:failedJobRetryTimeCycle>"
							+ "</extensionElements></serviceTask>"));
			assertThat(of(lint(xml), "retry-ignored")).extracting(Finding::severity, Finding::elementId)
				.containsExactly(tuple(Severity.WARNING, "post"));
		}

		@Test
		void acceptsRetryCycleOnAsynchronousServiceTask() {
			assertClean(process(line(serviceTask("post", "Post to ERP"))));
		}

	}

}
