package io.steadyflow.versions;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.SafeBpmnReader;
import io.steadyflow.versions.ProcessDiff.AttributeChange;
import io.steadyflow.versions.ProcessDiff.Change;
import org.flowable.bpmn.model.Process;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The catalogue of small edits: each is reported as exactly that edit, nothing more.
 */
class ModelDiffTest {

	private final SafeBpmnReader reader = new SafeBpmnReader(BpmnInputLimits.defaults());

	private List<Change> diff(String before, String after) {
		return ModelDiff.between(process(before), process(after));
	}

	private Process process(String xml) {
		return this.reader.read(new BpmnSource("review.bpmn20.xml", xml.getBytes(StandardCharsets.UTF_8)))
			.getMainProcess();
	}

	@Test
	void sameFileHasNoChanges() {
		assertThat(diff(VersionFixtures.base("request-review"), VersionFixtures.base("request-review"))).isEmpty();
	}

	@Test
	void movingShapesIsNoChange() {
		String withLayout = VersionFixtures.base("request-review")
			.replace("</definitions>",
					"""
							  <bpmndi:BPMNDiagram id="d" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
							      xmlns:dc="http://www.omg.org/spec/DD/20100524/DC">
							    <bpmndi:BPMNPlane id="p" bpmnElement="request-review">
							      <bpmndi:BPMNShape id="s" bpmnElement="check"><dc:Bounds x="10" y="10" width="100" height="80"/></bpmndi:BPMNShape>
							    </bpmndi:BPMNPlane>
							  </bpmndi:BPMNDiagram>
							</definitions>""");
		assertThat(diff(VersionFixtures.base("request-review"), withLayout)).isEmpty();
	}

	@Test
	void renameIsOneChangedName() {
		List<Change> changes = diff(VersionFixtures.base("request-review"), VersionFixtures.renamed("request-review"));
		assertThat(changes).extracting(Change::kind, Change::category, Change::elementId)
			.containsExactly(tuple("changed", "step", "check"));
		assertThat(changes.get(0).attributes())
			.containsExactly(new AttributeChange("name", "Check request", "Check the request"));
		assertThat(changes.get(0).summary()).contains("'Check request' → 'Check the request'");
	}

	@Test
	void rerouteIsOneReroutedFlow() {
		List<Change> changes = diff(VersionFixtures.base("request-review"), VersionFixtures.rerouted("request-review"));
		assertThat(changes).extracting(Change::kind, Change::category, Change::elementId)
			.containsExactly(tuple("rerouted", "flow", "reviewToDone"));
		assertThat(changes.get(0).attributes()).containsExactly(new AttributeChange("target", "reviewed", "dropped"));
	}

	@Test
	void addedBoundaryTimerIsOneAddedStepWithItsFlow() {
		List<Change> changes = diff(VersionFixtures.base("request-review"),
				VersionFixtures.withBoundaryTimer("request-review"));
		assertThat(changes).extracting(Change::kind, Change::category, Change::elementId, Change::type)
			.containsExactly(tuple("added", "step", "reviewLate", "boundaryEvent (timer)"));
		assertThat(changes.get(0).attributes()).contains(new AttributeChange("timer", null, "after P2D"),
				new AttributeChange("attachedTo", null, "review"));
		assertThat(changes.get(0).flows()).containsExactly("flow lateToDropped (reviewLate → dropped) added");
		assertThat(changes.get(0).summary())
			.startsWith("Added boundaryEvent (timer) 'Review late' (reviewLate) on review");
	}

	@Test
	void changedGroupIsOneChangedCandidateGroups() {
		List<Change> changes = diff(VersionFixtures.base("request-review"),
				VersionFixtures.otherGroup("request-review"));
		assertThat(changes).extracting(Change::kind, Change::elementId).containsExactly(tuple("changed", "review"));
		assertThat(changes.get(0).attributes())
			.containsExactly(new AttributeChange("candidateGroups", "approvers", "finance-leads"));
	}

	@Test
	void removedStepIsOneRemovedStepWithItsFlows() {
		List<Change> changes = diff(VersionFixtures.base("request-review"),
				VersionFixtures.withoutCheck("request-review"));
		assertThat(changes).extracting(Change::kind, Change::category, Change::elementId)
			.containsExactly(tuple("removed", "step", "check"));
		assertThat(changes.get(0).flows()).containsExactlyInAnyOrder(
				"flow toCheck now requested → route (was requested → check)", "flow toRoute (check → route) removed");
	}

	@Test
	void processLevelSlaOwnerAndDoneWhenAreOneProcessChange() {
		String after = VersionFixtures.edit(
				VersionFixtures.edit(VersionFixtures.base("request-review"), "sf:sla=\"P5D\"", "sf:sla=\"P3D\""),
				"sf:owner=\"test-team\"", "sf:owner=\"other-team\"");
		List<Change> changes = diff(VersionFixtures.base("request-review"), after);
		assertThat(changes).extracting(Change::category, Change::elementId)
			.containsExactly(tuple("process", "request-review"));
		assertThat(changes.get(0).attributes()).containsExactlyInAnyOrder(new AttributeChange("sf:sla", "P5D", "P3D"),
				new AttributeChange("sf:owner", "test-team", "other-team"));
	}

	@Test
	void conditionTimerRetriesAndAiThresholdAreAttributeChanges() {
		String after = VersionFixtures.edit(VersionFixtures.base("request-review"), "${path == 'timer'}",
				"${path == 'wait'}");
		after = VersionFixtures.edit(after, "<timeDuration>PT1H</timeDuration>", "<timeDuration>PT2H</timeDuration>");
		after = VersionFixtures.edit(after, "flowable:async=\"true\"",
				"flowable:async=\"true\" sf:aiThreshold=\"0.8\"");
		after = VersionFixtures.edit(after, "R3/PT5M", "R5/PT1M");
		List<Change> changes = diff(VersionFixtures.base("request-review"), after);
		assertThat(changes).extracting(Change::kind, Change::elementId)
			.containsExactlyInAnyOrder(tuple("changed", "toCooldown"), tuple("changed", "cooldown"),
					tuple("changed", "archive"));
		assertThat(changes).flatExtracting(Change::attributes)
			.contains(new AttributeChange("condition", "${path == 'timer'}", "${path == 'wait'}"),
					new AttributeChange("timer", "after PT1H", "after PT2H"),
					new AttributeChange("retries", "R3/PT5M", "R5/PT1M"),
					new AttributeChange("sf:aiThreshold", null, "0.8"));
	}

	@Test
	void everythingIsAddedAgainstNothing() {
		List<Change> changes = ModelDiff.between(null, process(VersionFixtures.base("request-review")));
		assertThat(changes).filteredOn((change) -> change.category().equals("step"))
			.extracting(Change::kind)
			.containsOnly("added")
			.hasSize(8);
	}

}
