package io.steadyflow.modeler;

import java.io.IOException;
import java.io.InputStream;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.InvalidBpmnException;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.steadyflow.modeler.ConversionNote.Kind;
import io.steadyflow.readiness.FileReport;
import io.steadyflow.readiness.ReadinessLinter;
import io.steadyflow.readiness.ReadinessProperties;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.CallActivity;
import org.flowable.bpmn.model.FlowableListener;
import org.flowable.bpmn.model.ImplementationType;
import org.flowable.bpmn.model.Process;
import org.flowable.bpmn.model.ServiceTask;
import org.flowable.bpmn.model.StartEvent;
import org.flowable.bpmn.model.UserTask;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.job.api.Job;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Camunda Modeler files in the styles met in practice, converted to Flowable form: the
 * converted attributes are checked on the model Flowable parses, and every loss is
 * reported by element.
 */
class Camunda7ConverterTest {

	final SafeBpmnReader reader = new SafeBpmnReader(BpmnInputLimits.defaults());

	final Camunda7Converter converter = new Camunda7Converter(this.reader);

	@Test
	void userTasksKeepAssignmentDueDatesPriorityAndFormKeys() throws IOException {
		ConversionResult result = convert("user-tasks-with-forms.bpmn");
		Process process = parse(result).getProcessById("vacation-request");

		assertThat(result.fileName()).isEqualTo("user-tasks-with-forms.bpmn20.xml");
		assertThat(result.xmlText()).doesNotContain("camunda:").doesNotContain("camunda.org");
		assertThat(process.getCandidateStarterGroups()).containsExactly("employees");
		StartEvent start = (StartEvent) process.getFlowElement("requested");
		assertThat(start.getInitiator()).isEqualTo("employee");
		assertThat(start.getFormKey()).isEqualTo("request");

		UserTask approve = (UserTask) process.getFlowElement("approve");
		assertThat(approve.getCandidateGroups()).containsExactly("managers");
		assertThat(approve.getDueDate()).isEqualTo("${dueDate}");
		assertThat(approve.getPriority()).isEqualTo("60");
		assertThat(approve.getFormKey()).isEqualTo("approve");
		assertThat(approve.getTaskListeners())
			.extracting(FlowableListener::getEvent, FlowableListener::getImplementation)
			.containsExactly(tuple("assignment", "com.example.AssignmentListener"));
		assertThat(((UserTask) process.getFlowElement("confirm")).getAssignee()).isEqualTo("${employee}");

		assertThat(result.notes(Kind.LOST)).extracting(ConversionNote::elementId, ConversionNote::item)
			.contains(tuple("vacation-request", "camunda:versionTag=\"1.2\""),
					tuple("vacation-request", "camunda:historyTimeToLive=\"180\""),
					tuple("approve", "camunda:followUpDate=\"P1D\""), tuple("approve", "camunda:taskListener(timeout)"),
					tuple("confirm", "camunda:formData [confirmed, comment]"));
		assertThat(result.notes(Kind.APPROXIMATED)).extracting(ConversionNote::elementId)
			.containsExactlyInAnyOrder("requested", "approve");
		assertThat(result.xmlText()).as("diagram information passes through").contains("BPMNShape", "approve_di");
	}

	@Test
	void delegatesRetriesListenersAndMappingsConvertAndTheRestIsReported() throws IOException {
		ConversionResult result = convert("delegates-listeners-connectors.bpmn");
		Process process = parse(result).getProcessById("order-fulfilment");

		ServiceTask reserve = (ServiceTask) process.getFlowElement("reserveStock");
		assertThat(reserve.getImplementationType())
			.isEqualTo(ImplementationType.IMPLEMENTATION_TYPE_DELEGATEEXPRESSION);
		assertThat(reserve.getImplementation()).isEqualTo("${reserveStock}");
		assertThat(reserve.isAsynchronous()).isTrue();
		assertThat(reserve.getFailedJobRetryTimeCycleValue()).isEqualTo("R5/PT10M");
		assertThat(reserve.getFieldExtensions()).singleElement()
			.satisfies((field) -> assertThat(field.getStringValue()).isEqualTo("central"));
		assertThat(reserve.getExecutionListeners())
			.extracting(FlowableListener::getEvent, FlowableListener::getImplementation)
			.containsExactly(tuple("start", "${execution.setVariableLocal('sku', order.sku)}"),
					tuple("start", "${execution.setVariableLocal('channel', 'web')}"),
					tuple("end", "${execution.setVariable('reservationId', reservation.id)}"));

		ServiceTask charge = (ServiceTask) process.getFlowElement("chargeCard");
		assertThat(charge.getImplementation()).isEqualTo("com.example.ChargeCard");
		assertThat(charge.isAsynchronousLeave()).isTrue();
		assertThat(charge.getFailedJobRetryTimeCycleValue()).isEqualTo("R3/PT10M");
		assertThat(charge.getExecutionListeners()).as("the script listener is not converted").isEmpty();

		ServiceTask total = (ServiceTask) process.getFlowElement("computeTotal");
		assertThat(total.getImplementation()).isEqualTo("${pricing.total(order)}");
		assertThat(total.getResultVariableName()).isEqualTo("total");

		CallActivity ship = (CallActivity) process.getFlowElement("ship");
		assertThat(ship.isInheritVariables()).isTrue();
		assertThat(ship.getBusinessKey()).isEqualTo("#{execution.processBusinessKey}");
		assertThat(ship.getInParameters()).singleElement()
			.satisfies((in) -> assertThat(in.getSource() + "->" + in.getTarget()).isEqualTo("order->shipment"));
		assertThat(ship.getOutParameters()).singleElement()
			.satisfies((out) -> assertThat(out.getTarget()).isEqualTo("trackingId"));
		assertThat(process.getExecutionListeners()).extracting(FlowableListener::getImplementation)
			.containsExactly("${auditListener}");

		assertThat(result.notes(Kind.LOST)).extracting(ConversionNote::elementId, ConversionNote::item)
			.contains(tuple("order-fulfilment", "camunda:properties [sla=2d]"),
					tuple("reserveStock", "camunda:inputParameter lines"),
					tuple("chargeCard", "camunda:executionListener(end) with a groovy script"),
					tuple("notifyShop", "camunda:connector (http-connector)"),
					tuple("printLabel", "camunda:type=\"external\""),
					tuple("ship", "camunda:calledElementBinding=\"latest\""), tuple("logIt", "scriptTask"));
		assertThat(result.notes(Kind.APPROXIMATED)).extracting(ConversionNote::elementId, ConversionNote::detail)
			.anySatisfy((note) -> assertThat(note.toList()).containsExactly("chargeCard",
					"flowable:failedJobRetryTimeCycle \"R3/PT10M\": Flowable repeats one interval, so the 3 retries each wait the longest interval given (PT10M)"));
		assertThat(result.notes()).allSatisfy((note) -> assertThat(note.elementId()).isNotBlank());
	}

	@Test
	void losslessModelDeploysAndRunsOnTheEngine() throws IOException {
		ConversionResult result = convert("lossless.bpmn");
		assertThat(result.lossless()).as("notes: %s", result.notes()).isTrue();

		ProcessEngine engine = ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
			.setJdbcUrl("jdbc:h2:mem:camunda7-import;DB_CLOSE_DELAY=-1")
			.setAsyncExecutorActivate(false)
			.buildProcessEngine();
		try {
			engine.getRepositoryService().createDeployment().addBytes(result.fileName(), result.xml()).deploy();
			ProcessInstance instance = engine.getRuntimeService().startProcessInstanceByKey("expense-check");
			Task review = engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).singleResult();
			assertThat(review.getTaskDefinitionKey()).isEqualTo("review");
			assertThat(review.getPriority()).isEqualTo(70);
			assertThat(review.getDueDate()).isNotNull();
			assertThat(engine.getTaskService().createTaskQuery().taskCandidateGroup("controllers").count())
				.isEqualTo(1);
			engine.getTaskService().complete(review.getId());
			Job job = engine.getManagementService().createJobQuery().processInstanceId(instance.getId()).singleResult();
			assertThat(job).as("asyncBefore became an async job").isNotNull();
			engine.getManagementService().executeJob(job.getId());
			assertThat(engine.getHistoryService()
				.createHistoricVariableInstanceQuery()
				.processInstanceId(instance.getId())
				.variableName("booked")
				.singleResult()
				.getValue()).isEqualTo(true);
			assertThat(
					engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instance.getId()).count())
				.isZero();
		}
		finally {
			engine.close();
		}
	}

	@Test
	void convertedModelGoesThroughTheReadinessCheckLikeAnyOther() throws IOException {
		ConversionResult result = convert("lossless.bpmn");
		FileReport report = ReadinessLinter.standalone(BpmnInputLimits.defaults(), ReadinessProperties.defaults(), null)
			.lint(new BpmnSource(result.fileName(), result.xml()));

		assertThat(report.findings()).extracting((finding) -> finding.rule())
			.as("what the author must add: an owner and a definition of done")
			.contains("owner", "definition-of-done");
	}

	@Test
	void hostileFileIsRefusedBeforeConversion() {
		byte[] xxe = """
				<?xml version="1.0"?>
				<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" name="&x;"/></bpmn:definitions>
				"""
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThatThrownBy(() -> this.converter.convert(new BpmnSource("evil.bpmn", xxe)))
			.isInstanceOf(InvalidBpmnException.class)
			.hasMessageContaining("DOCTYPE");
	}

	private ConversionResult convert(String name) throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/camunda7/" + name)) {
			return this.converter.convert(new BpmnSource(name, in.readAllBytes()));
		}
	}

	private BpmnModel parse(ConversionResult result) {
		return this.reader.read(new BpmnSource(result.fileName(), result.xml()));
	}

}
