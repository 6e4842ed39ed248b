package io.steadyflow.ai.learning;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.steadyflow.ai.AiProvenance;
import io.steadyflow.support.Api;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.Jobs;
import io.steadyflow.support.PageSession;
import org.flowable.engine.ManagementService;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.task.api.Task;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole loop on processes/ticket-triage.bpmn20.xml with the real embedded model, over
 * HTTP: a ticket the AI routes alone is sent back by the team, which counts as a misroute
 * and goes back to triage; the triage desk's choice is kept as a candidate; an author
 * accepts it; the new labels version goes through the deploy gate with its figures; the
 * next ticket is classified with it. On a database of its own, because it deploys a new
 * version of the example process that other tests would otherwise classify with.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:steadyflow-learning;DB_CLOSE_DELAY=-1",
				"flowable.async-executor-activate=false", "steadyflow.ai.warm-up=false" })
@ActiveProfiles("demo")
class LearningLoopTest {

	static final String TICKET_SUBJECT = "Invoice shows too many seats";

	static final String TICKET_BODY = "Hello, our latest invoice bills us for 60 seats but we only have 42 licences "
			+ "assigned. Please correct the amount and send us a new invoice. Thanks, Petra from accounting";

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	TestRestTemplate rest;

	@Autowired
	RuntimeService runtimeService;

	@Autowired
	TaskService taskService;

	@Autowired
	ManagementService managementService;

	@Autowired
	RepositoryService repositoryService;

	@Autowired
	AiProvenance provenance;

	@Autowired
	Candidates candidates;

	@Autowired
	LearningConfiguration learningConfiguration;

	@Autowired
	org.springframework.jdbc.core.JdbcTemplate jdbc;

	@LocalServerPort
	int port;

	@Test
	void aReturnedTicketBecomesAnExampleOfANewLabelsVersionThatTheNextTicketUses() {
		Api api = new Api(this.rest);
		Jobs jobs = new Jobs(this.managementService);
		int versionBefore = latestVersion();

		// a ticket the AI routes alone to billing
		String instance = start(api);
		jobs.runAll(instance);
		JsonNode classification = api.get("maria", "/api/process-instances/" + instance)
			.body()
			.path("variables")
			.path("ticketClassification");
		assertThat(classification.path("label").asText()).isEqualTo("billing");
		assertThat(classification.path("sure").asBoolean()).isTrue();
		String labelsBefore = classification.path("labelsVersion").asText();
		assertThat(labelsBefore).startsWith("ticket-triage.labels.json sha256:");

		// billing says it is not theirs: a misroute of the AI step, back to triage
		Task work = task(instance, "workTicket");
		assertThat(api
			.post("bea", "/api/tasks/" + work.getId() + "/complete", Map.of("variables",
					Map.of("ticketOutcome", "notOurTeam", "ticketOutcomeReason", "Seats are set up by onboarding")))
			.status()).isEqualTo(204);
		JsonNode view = api.get("maria", "/api/process-instances/" + instance).body();
		assertThat(view.path("misroutes")).hasSize(1);
		JsonNode misroute = view.path("misroutes").get(0);
		assertThat(misroute.path("activityId").asText()).isEqualTo("classifyTicket");
		assertThat(misroute.path("label").asText()).isEqualTo("billing");
		assertThat(misroute.path("confidence").asDouble()).isEqualTo(classification.path("confidence").asDouble());
		assertThat(misroute.path("returnedBy").asText()).isEqualTo("bea");
		assertThat(misroute.path("returnedFrom").asText()).isEqualTo("workTicket");
		assertThat(misroute.path("reason").asText()).isEqualTo("Seats are set up by onboarding");
		assertThat(misroute.path("labelsVersion").asText()).isEqualTo(labelsBefore);

		// the owner sees the misroute rate of auto-routed work
		JsonNode step = aiStep(api.get("maria", "/api/processes/ticket-triage/stats").body(), "classifyTicket");
		assertThat(step.path("misroutes").asLong()).isEqualTo(1);
		assertThat(step.path("misrouteRate").asDouble()).isEqualTo(1.0 / step.path("sure").asLong());

		// triage picks the team; a second return after a person's choice is no AI
		// misroute
		Task triage = task(instance, "triageTicket");
		assertThat(api
			.post("maria", "/api/tasks/" + triage.getId() + "/complete",
					Map.of("variables",
							Map.of("ticketTeam", "onboarding", "ticketTeamReason", "Seat set-up is onboarding's")))
			.status()).isEqualTo(204);
		jobs.runAll(instance);

		// both decisions are candidates: the return and the team chosen at triage
		List<JsonNode> candidates = candidatesOf(api, instance);
		assertThat(candidates).extracting((c) -> c.path("decision").asText())
			.containsExactlyInAnyOrder("returned", "labelled");
		JsonNode returned = byDecision(candidates, "returned");
		assertThat(returned.path("rejectedLabel").asText()).isEqualTo("billing");
		assertThat(returned.path("decidedBy").asText()).isEqualTo("bea");
		assertThat(returned.hasNonNull("humanLabel")).isFalse();
		JsonNode labelled = byDecision(candidates, "labelled");
		assertThat(labelled.path("text").asText()).isEqualTo(TICKET_SUBJECT + "\n\n" + TICKET_BODY);
		assertThat(labelled.path("aiLabel").asText()).isEqualTo("billing");
		assertThat(labelled.path("aiConfidence").asDouble()).isEqualTo(classification.path("confidence").asDouble());
		assertThat(labelled.path("aiSure").asBoolean()).isTrue();
		assertThat(labelled.path("humanLabel").asText()).isEqualTo("onboarding");
		assertThat(labelled.path("decidedBy").asText()).isEqualTo("maria");
		assertThat(labelled.path("decidedIn").asText()).isEqualTo("triageTicket");
		assertThat(labelled.path("labelsVersion").asText()).isEqualTo(labelsBefore);

		// an author accepts the triage desk's label and discards the bare return
		String path = "/api/processes/ticket-triage/candidates/";
		Api.Response accepted = api.post("ada", path + labelled.path("id").asText() + "/accept", null);
		assertThat(accepted.status()).isEqualTo(200);
		assertThat(accepted.text("status")).isEqualTo("accepted");
		assertThat(accepted.text("finalLabel")).isEqualTo("onboarding");
		assertThat(accepted.text("reviewedBy")).isEqualTo("ada");
		assertThat(api.post("ada", path + returned.path("id").asText() + "/discard", null).text("status"))
			.isEqualTo("discarded");

		// candidates other tests of this application left accepted are not this version's
		for (JsonNode other : api.get("ada", "/api/processes/ticket-triage/candidates?status=accepted").body()) {
			if (!instance.equals(other.path("processInstanceId").asText())) {
				api.post("ada", path + other.path("id").asText() + "/discard", null);
			}
		}

		// the gate's figures, then the new version through the gate
		Api.Response preview = api.post("ada", "/api/processes/ticket-triage/labels-versions/preview", null);
		assertThat(preview.status()).isEqualTo(200);
		assertThat(preview.body().path("added").asInt()).isEqualTo(1);
		JsonNode figures = preview.body().path("figures");
		assertThat(figures.path("before").path("labels")).hasSize(8);
		assertThat(figures.path("after").path("examples").asInt())
			.isEqualTo(figures.path("before").path("examples").asInt() + 1);
		JsonNode onboardingAfter = label(figures.path("after"), "onboarding");
		assertThat(onboardingAfter.path("examples").asInt())
			.isEqualTo(label(figures.path("before"), "onboarding").path("examples").asInt() + 1);
		assertThat(onboardingAfter.path("coverage").asDouble()).isBetween(0.0, 1.0);

		// without a reason the gate deploys only a version that is not worse than the
		// running one
		String labelsVersions = "/api/processes/ticket-triage/labels-versions";
		boolean worse = figures.path("worse").asBoolean();
		Api.Response unconfirmed = api.post("ada", labelsVersions, Map.of());
		assertThat(unconfirmed.status()).isEqualTo(worse ? 409 : 201);
		Api.Response published = unconfirmed;
		if (worse) {
			assertThat(unconfirmed.text("detail")).contains("worse than the running one", "reason");
			assertThat(unconfirmed.body().path("figures").path("why")).isNotEmpty();
			assertThat(latestVersion()).isEqualTo(versionBefore);
			published = api.post("ada", labelsVersions,
					Map.of("reason", "A team said seat set-up belongs to onboarding"));
			assertThat(published.status()).isEqualTo(201);
			assertThat(published.text("reason")).isEqualTo("A team said seat set-up belongs to onboarding");
		}
		assertThat(published.body().path("version").asInt()).isEqualTo(2);
		assertThat(published.body().path("examplesAdded").asInt()).isEqualTo(1);
		assertThat(published.body().path("processDefinitionVersion").asInt()).isEqualTo(versionBefore + 1);
		assertThat(published.body().path("figures").path("after").path("examples").asInt())
			.isEqualTo(figures.path("after").path("examples").asInt());
		assertThat(latestVersion()).isEqualTo(versionBefore + 1);
		assertThat(api.get("ada", "/api/processes/ticket-triage/candidates?status=published").body())
			.extracting((c) -> c.path("id").asText())
			.contains(labelled.path("id").asText());

		// the next ticket is classified with the new version, and says so
		String next = start(api);
		jobs.runAll(next);
		JsonNode nextClassification = api.get("maria", "/api/process-instances/" + next)
			.body()
			.path("variables")
			.path("ticketClassification");
		String sha = published.body().path("sha256").asText();
		assertThat(nextClassification.path("labelsVersion").asText())
			.isEqualTo("ticket-triage.labels.json sha256:" + sha);
		AiProvenance.AiRecord record = this.provenance.forInstance(next).get(0);
		assertThat(record.modelVersion()).contains("sha256:" + sha.substring(0, 12));
		assertThat(record.output()).contains(sha);
	}

	@Test
	void authorsReviewOwnersLookOthersAreRefused() {
		Api api = new Api(this.rest);
		Candidate candidate = candidate("The export to our warehouse stopped after your update");
		String list = "/api/processes/ticket-triage/candidates";
		String accept = list + "/" + candidate.id() + "/accept";

		assertThat(api.get(null, list).status()).isEqualTo(401);
		// a worker of the process who is not of its owner group
		assertThat(api.get("sam", list).status()).isEqualTo(403);
		assertThat(api.post("sam", accept, null).status()).isEqualTo(403);
		// the owner group (support-operations) may look, not review
		assertThat(api.get("maria", list).status()).isEqualTo(200);
		Api.Response ownerAccepts = api.post("maria", accept, null);
		assertThat(ownerAccepts.status()).isEqualTo(403);
		assertThat(ownerAccepts.text("detail")).contains("authors");
		assertThat(api.post("maria", "/api/processes/ticket-triage/labels-versions", Map.of("reason", "x")).status())
			.isEqualTo(403);
		assertThat(this.candidates.find("ticket-triage", candidate.id()).orElseThrow().status()).isEqualTo("pending");
		// an author reviews
		assertThat(api.get("ada", list).body()).extracting((c) -> c.path("id").asText()).contains(candidate.id());
		assertThat(api.post("ada", accept, null).text("status")).isEqualTo("accepted");
		assertThat(api.post("ada", list + "/" + candidate.id() + "/discard", null).text("status"))
			.isEqualTo("discarded");
	}

	@Test
	void badInputIsA4xxNamingTheProblemAndChangesNothing() {
		Api api = new Api(this.rest);
		Candidate candidate = candidate("Where do I find the setup checklist for new admins?");
		String list = "/api/processes/ticket-triage/candidates";

		Api.Response unknown = api.post("ada", list + "/no-such-candidate/accept", null);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.text("detail")).contains("no-such-candidate");

		Api.Response unknownLabel = api.post("ada", list + "/" + candidate.id() + "/relabel", Map.of("label", "sales"));
		assertThat(unknownLabel.status()).isEqualTo(400);
		assertThat(unknownLabel.text("detail")).contains("'sales'", "ticket-triage.labels.json", "onboarding");
		assertThat(unknownLabel.text("parameter")).isEqualTo("label");
		assertThat(api.post("ada", list + "/" + candidate.id() + "/relabel", Map.of()).status()).isEqualTo(400);
		assertThat(this.candidates.find("ticket-triage", candidate.id()).orElseThrow().status()).isEqualTo("pending");

		Api.Response badStatus = api.get("ada", list + "?status=approved");
		assertThat(badStatus.status()).isEqualTo(400);
		assertThat(badStatus.text("detail")).contains("'approved'");
		Api.Response badFile = api.post("ada", "/api/processes/ticket-triage/labels-versions",
				Map.of("labelsFile", "other.labels.json"));
		assertThat(badFile.status()).isEqualTo(400);
		assertThat(badFile.text("detail")).contains("'other.labels.json'", "ticket-triage.labels.json");
		assertThat(api.get("ada", "/api/processes/no-such-process/candidates").status()).isEqualTo(404);

		assertThat(api.post("ada", list + "/" + candidate.id() + "/relabel", Map.of("label", "onboarding"))
			.text("finalLabel")).isEqualTo("onboarding");
		assertThat(api.post("ada", list + "/" + candidate.id() + "/discard", null).text("status"))
			.isEqualTo("discarded");
	}

	@Test
	void theReviewPageListsCandidatesAndItsFormsNeedTheCsrfToken() throws Exception {
		Candidate candidate = candidate("Can we get a walkthrough of the first steps for our new team?");
		PageSession author = PageSession.signIn(this.port, "ada");
		PageSession.Answer page = author.get("/processes/ticket-triage/learning");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.text()).contains("data-candidate-id=\"" + candidate.id() + "\"",
				"Can we get a walkthrough of the first steps", "name=\"_csrf\"");

		String relabel = "/processes/ticket-triage/learning/candidates/" + candidate.id() + "/relabel";
		PageSession.Answer forged = PageSession.signIn(this.port, "ada")
			.postJsonWithoutCsrf(relabel, Map.of("label", "onboarding"));
		assertThat(forged.status()).isEqualTo(403);
		PageSession.Answer relabelled = author.send("POST", relabel, "application/x-www-form-urlencoded",
				"label=onboarding");
		assertThat(relabelled.status()).isEqualTo(302);
		assertThat(this.candidates.find("ticket-triage", candidate.id()).orElseThrow().finalLabel())
			.isEqualTo("onboarding");
		assertThat(author.get("/processes/ticket-triage/learning").text())
			.contains("Accepted as &#39;onboarding&#39;.");
		PageSession.Answer badLabel = author.send("POST", relabel, "application/x-www-form-urlencoded", "label=sales");
		assertThat(badLabel.status()).isEqualTo(302);
		assertThat(author.get("/processes/ticket-triage/learning").text()).contains("&#39;sales&#39; is not a label");
		author.send("POST", "/processes/ticket-triage/learning/candidates/" + candidate.id() + "/discard",
				"application/x-www-form-urlencoded", "");

		// the owner group may look, without the forms; others may not
		PageSession owner = PageSession.signIn(this.port, "maria");
		PageSession.Answer ownerPage = owner.get("/processes/ticket-triage/learning");
		assertThat(ownerPage.status()).isEqualTo(200);
		assertThat(ownerPage.text()).doesNotContain("/relabel");
		assertThat(PageSession.signIn(this.port, "sam").get("/processes/ticket-triage/learning").status())
			.isEqualTo(403);
	}

	@Test
	void candidatesOlderThanTheRetentionPeriodArePurged() {
		Candidate old = candidate("Our old ticket about the invoice address");
		this.jdbc.update("UPDATE sf_ai_candidate SET decided_at = ? WHERE id = ?",
				java.sql.Timestamp.from(java.time.Instant.now().minus(java.time.Duration.ofDays(181))), old.id());
		Candidate recent = candidate("A recent ticket about the invoice address");

		assertThat(this.learningConfiguration.purge()).isGreaterThanOrEqualTo(1);

		assertThat(this.candidates.find("ticket-triage", old.id())).isEmpty();
		assertThat(this.candidates.find("ticket-triage", recent.id())).isPresent();
		this.candidates.review(recent.id(), Candidates.DISCARDED, null, "ada", java.time.Instant.now());
	}

	/** A candidate as the triage desk's decision records it (no model needed). */
	private Candidate candidate(String text) {
		Candidate candidate = new Candidate(Candidates.newId(), "ticket-triage", "instance-" + text.hashCode(),
				"classifyTicket", "ticket-triage.labels.json", null, text, "integrations", 0.61, false, "bug", null,
				"The sync broke after the release", Candidate.LABELLED, "triageTicket", "sam", java.time.Instant.now(),
				Candidates.PENDING, null, null, null, null);
		this.candidates.record(candidate);
		return candidate;
	}

	private String start(Api api) {
		Api.Response started = api.post("maria", "/api/process-definitions/ticket-triage/instances",
				Map.of("variables", Map.of("subject", TICKET_SUBJECT, "body", TICKET_BODY, "customer", "Petra")));
		assertThat(started.status()).isEqualTo(201);
		return started.text("id");
	}

	private Task task(String instance, String key) {
		return this.taskService.createTaskQuery().processInstanceId(instance).taskDefinitionKey(key).singleResult();
	}

	private int latestVersion() {
		return this.repositoryService.createProcessDefinitionQuery()
			.processDefinitionKey("ticket-triage")
			.latestVersion()
			.singleResult()
			.getVersion();
	}

	private static List<JsonNode> candidatesOf(Api api, String instance) {
		Api.Response answer = api.get("ada", "/api/processes/ticket-triage/candidates");
		assertThat(answer.status()).isEqualTo(200);
		List<JsonNode> found = new java.util.ArrayList<>();
		answer.body().forEach((c) -> {
			if (instance.equals(c.path("processInstanceId").asText())) {
				found.add(c);
			}
		});
		return found;
	}

	private static JsonNode byDecision(List<JsonNode> candidates, String decision) {
		return candidates.stream()
			.filter((c) -> decision.equals(c.path("decision").asText()))
			.findFirst()
			.orElseThrow();
	}

	private static JsonNode aiStep(JsonNode stats, String activityId) {
		for (JsonNode step : stats.path("aiSteps")) {
			if (activityId.equals(step.path("activityId").asText())) {
				return step;
			}
		}
		throw new AssertionError("no AI step " + activityId + " in " + stats);
	}

	private static JsonNode label(JsonNode figures, String label) {
		for (JsonNode l : figures.path("labels")) {
			if (label.equals(l.path("label").asText())) {
				return l;
			}
		}
		throw new AssertionError("no label " + label + " in " + figures);
	}

}
