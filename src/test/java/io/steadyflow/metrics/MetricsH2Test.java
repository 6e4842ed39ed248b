package io.steadyflow.metrics;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.steadyflow.security.ConfiguredUsers;
import io.steadyflow.security.Roles;
import io.steadyflow.security.SecurityProperties;
import io.steadyflow.support.ErpProperty;
import io.steadyflow.support.H2Test;
import io.steadyflow.support.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@H2Test
// Spring Boot's tests export no metrics unless asked: the scrape is what is tested here.
@AutoConfigureObservability(tracing = false)
class MetricsH2Test extends MetricsScenarios {

	/** Metric names in PromQL: Steadyflow's own and the JVM's and HTTP server's. */
	private static final Pattern METRIC = Pattern.compile("\\b((?:steadyflow|jvm|http_server)_[a-z0-9_]+)\\b");

	private static final Pattern HISTOGRAM_PART = Pattern.compile("_(bucket|count|sum|max)$");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		ErpProperty.register(registry);
	}

	@Autowired
	ConfiguredUsers users;

	/**
	 * Docker cannot run here, so the dashboard is checked against the application itself:
	 * after real work has made every series exist, each metric a panel or variable
	 * queries is in a scrape, and each of Steadyflow's metrics has a panel.
	 */
	@Test
	void everyMetricTheDashboardQueriesExistsInARealScrapeAndEveryMetricHasAPanel() throws IOException {
		userTasksAreMeasuredOnceFromCreationToFirstClaimAndToCompletion();
		endedInstancesAndServiceLevelBreachesAreCountedByOutcomeClass();
		aFailedAttemptCountsItsFailureAndNothingOfTheWorkItRolledBack();
		aTriagedTicketCountsTheUnsureSuggestionAndWhetherThePersonKeptIt();
		PrometheusScrape scrape = scrape();

		JsonNode dashboard = new ObjectMapper().readTree(Path.of("docker/grafana/dashboards/steadyflow.json").toFile());
		Set<String> queried = new TreeSet<>();
		dashboard.findValues("expr").forEach((expr) -> queried.addAll(metricNames(expr.asText())));
		dashboard.path("templating")
			.path("list")
			.forEach((variable) -> queried.addAll(metricNames(variable.path("definition").asText())));
		assertThat(queried).isNotEmpty();
		assertThat(scrape.names()).containsAll(queried);

		Set<String> ours = scrape.names()
			.stream()
			.filter((name) -> name.startsWith("steadyflow_"))
			.map(MetricsH2Test::family)
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(ours).as("the metrics of docs/operations.md").hasSize(14);
		assertThat(queried.stream().map(MetricsH2Test::family).toList()).containsAll(ours);
	}

	/**
	 * The compose file's Prometheus scrapes both nodes with an account that exists and
	 * may scrape, and Grafana's datasource is the one the dashboard names.
	 */
	@Test
	void prometheusAndGrafanaFilesFitTheApplicationAndEachOther() throws IOException {
		Map<String, Object> compose = yaml("docker/compose.yaml");
		Map<?, ?> services = (Map<?, ?>) compose.get("services");
		assertThat(services.keySet().stream().map(Object::toString).toList()).contains("node1", "node2", "prometheus",
				"grafana");
		for (Object service : List.of("prometheus", "grafana")) {
			for (Object volume : (List<?>) ((Map<?, ?>) services.get(service)).get("volumes")) {
				String source = volume.toString().split(":")[0];
				if (source.startsWith("./")) {
					assertThat(Path.of("docker").resolve(source)).as(volume.toString()).exists();
				}
			}
		}

		Map<String, Object> prometheus = yaml("docker/prometheus/prometheus.yml");
		Map<?, ?> job = (Map<?, ?>) ((List<?>) prometheus.get("scrape_configs")).get(0);
		assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
		Map<?, ?> auth = (Map<?, ?>) job.get("basic_auth");
		SecurityProperties.User account = this.users.find(auth.get("username").toString()).orElseThrow();
		assertThat(account.roles()).containsExactly(Roles.MONITOR);
		assertThat(scrapeAs(account.username()).getStatusCode().value()).isEqualTo(200);
		List<?> targets = (List<?>) ((Map<?, ?>) ((List<?>) job.get("static_configs")).get(0)).get("targets");
		assertThat(targets.stream().map(Object::toString).toList()).containsExactlyInAnyOrder("node1:8080",
				"node2:8080");

		Map<String, Object> datasources = yaml("docker/grafana/provisioning/datasources/prometheus.yaml");
		Map<?, ?> datasource = (Map<?, ?>) ((List<?>) datasources.get("datasources")).get(0);
		assertThat(datasource.get("url")).isEqualTo("http://prometheus:9090");
		JsonNode dashboard = new ObjectMapper().readTree(Path.of("docker/grafana/dashboards/steadyflow.json").toFile());
		assertThat(dashboard.findValues("datasource"))
			.allSatisfy((named) -> assertThat(named.path("uid").asText()).isEqualTo(datasource.get("uid")));
	}

	private static Set<String> metricNames(String promql) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = METRIC.matcher(promql);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private static String family(String name) {
		return HISTOGRAM_PART.matcher(name).replaceFirst("");
	}

	private static Map<String, Object> yaml(String path) throws IOException {
		try (Reader reader = Files.newBufferedReader(Path.of(path))) {
			return new Yaml().load(reader);
		}
	}

}
