package io.steadyflow.tools;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.Jobs;
import io.steadyflow.support.TestMail;
import org.awaitility.Awaitility;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The mail tool against a real SMTP server (GreenMail): recipients from a task's
 * candidate groups, the owner and variables; sent only after the step commits.
 */
@H2Test
class MailToolTest {

	static final String PROCESS = """
			<?xml version="1.0" encoding="UTF-8"?>
			<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
			             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
			             targetNamespace="urn:steadyflow:test">
			  <process id="mail-tool-test" name="Mail tool test" isExecutable="true" sf:owner="finance-operations"
			           sf:doneWhen="Everyone concerned is told about the request">
			    <startEvent id="requestArrived" name="Request arrived"/>
			    <sequenceFlow id="toNotify" sourceRef="requestArrived" targetRef="notifyPeople"/>
			    <serviceTask id="notifyPeople" name="Notify people" flowable:async="true" flowable:delegateExpression="${mailTool}">
			      <extensionElements>
			        <flowable:field name="subject" expression="Request ${requestId} needs a review"/>
			        <flowable:field name="body" expression="Please review request ${requestId} of ${requester}."/>
			        <flowable:field name="toCandidatesOf" stringValue="reviewRequest"/>
			        <flowable:field name="toOwner" stringValue="true"/>
			        <flowable:field name="toVariables" stringValue="customerEmail"/>
			        <flowable:failedJobRetryTimeCycle>R2/PT1M</flowable:failedJobRetryTimeCycle>
			      </extensionElements>
			    </serviceTask>
			    <sequenceFlow id="toGate" sourceRef="notifyPeople" targetRef="afterMail"/>
			    <serviceTask id="afterMail" name="Check request" flowable:expression="${failAfterMail ? requestId.foo() : true}"/>
			    <boundaryEvent id="checkFailed" name="Check failed" attachedToRef="afterMail">
			      <errorEventDefinition/>
			    </boundaryEvent>
			    <sequenceFlow id="toFailed" sourceRef="checkFailed" targetRef="checkFailedEnd"/>
			    <endEvent sf:outcome="done" id="checkFailedEnd" name="Check failed"/>
			    <sequenceFlow id="toReview" sourceRef="afterMail" targetRef="reviewRequest"/>
			    <userTask id="reviewRequest" name="Review request" flowable:candidateGroups="approvers" flowable:dueDate="P1D"/>
			    <sequenceFlow id="toDone" sourceRef="reviewRequest" targetRef="requestReviewed"/>
			    <endEvent sf:outcome="done" id="requestReviewed" name="Request reviewed"/>
			  </process>
			</definitions>
			""";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
		TestMail.register(registry);
	}

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	ManagementService managementService;

	final TestMail mail = TestMail.get();

	Jobs jobs;

	static boolean deployed;

	@BeforeEach
	void setUp() {
		this.jobs = new Jobs(this.managementService);
		if (!deployed) {
			this.repositoryService.createDeployment().addString("mail-tool-test.bpmn20.xml", PROCESS).deploy();
			deployed = true;
		}
	}

	@Test
	void mailsTaskCandidatesOwnerAndAddressesFromVariablesWithALinkToTheInstance() {
		ProcessInstance instance = start("R-1", "customer-r1@example.org", false);

		this.jobs.runAll(instance.getId());

		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> !this.mail.receivedBy("customer-r1@example.org").isEmpty());
		TestMail.Mail sent = this.mail.receivedBy("customer-r1@example.org").get(0);
		assertThat(sent.subject()).isEqualTo("Request R-1 needs a review");
		assertThat(sent.body()).contains("Please review request R-1 of Rita.")
			.contains("/instances/" + instance.getId());
		assertThat(sent.to()).contains("alex@steadyflow.example", "amir@steadyflow.example", "fiona@steadyflow.example",
				"carl@steadyflow.example", "finance-operations@steadyflow.example", "customer-r1@example.org");
		assertThat(sent.to()).doesNotContain("clara@steadyflow.example");
		assertThat(this.mail.receivedBy("carl@steadyflow.example"))
			.filteredOn((m) -> m.subject().equals("Request R-1 needs a review"))
			.hasSize(1);
	}

	@Test
	void sendsNothingWhenTheStepIsRolledBack() {
		ProcessInstance instance = start("R-2", "customer-r2@example.org", true);

		RuntimeException failure = this.jobs.runFailing(instance.getId());

		assertThat(failure).isNotNull();
		assertThat(this.managementService.createTimerJobQuery().processInstanceId(instance.getId()).count())
			.as("the step waits for its retry")
			.isOne();
		// Sending happens in the committing thread; nothing can still be on its way.
		assertThat(this.mail.receivedBy("customer-r2@example.org")).isEmpty();
	}

	@Test
	void aMailServerThatIsDownNeverFailsTheCaller() {
		JavaMailSenderImpl unreachable = new JavaMailSenderImpl();
		unreachable.setHost("127.0.0.1");
		unreachable.setPort(1);
		StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("mailSender", unreachable));
		Notifications notifications = new Notifications(beans.getBeanProvider(JavaMailSender.class),
				new NotificationProperties(null, Map.of()), new MailToolProperties("steadyflow@localhost"));

		assertThatCode(() -> notifications.sendAfterCommit(List.of("someone@example.org"), "Hello", "Text"))
			.doesNotThrowAnyException();
	}

	ProcessInstance start(String requestId, String customerEmail, boolean failAfterMail) {
		return this.runtimeService.startProcessInstanceByKey("mail-tool-test", Map.of("requestId", requestId,
				"requester", "Rita", "customerEmail", customerEmail, "failAfterMail", failAfterMail));
	}

}
