package io.steadyflow.benchmark.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.steadyflow.SteadyflowApplication;
import org.flowable.engine.ProcessEngine;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Steadyflow's own engine: the whole application started as in production (its
 * application.yaml, engine configurers, listeners, deploy gate, metrics and web server on
 * a free port), and its process engine driven through the same Java API as plain
 * Flowable. The example workflows and the AI model's warm-up are off so that nothing else
 * competes for the CPU.
 */
final class SteadyflowBench {

	private SteadyflowBench() {
	}

	static FlowableBench start(BenchDatabase database, boolean countStatements, List<String> applicationArguments) {
		Path processes;
		try {
			processes = Files.createTempDirectory("steadyflow-engine-bench-processes");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("server.port", "0");
		properties.put("spring.datasource.url", database.url());
		properties.put("spring.datasource.username", database.user());
		properties.put("spring.datasource.password", database.password());
		properties.put("steadyflow.deployment.processes-location", processes.toString());
		properties.put("steadyflow.examples.enabled", "false");
		properties.put("steadyflow.ai.warm-up", "false");
		properties.put("logging.level.root", "WARN");
		// The benchmark's no-op steps are expressions, not tool beans with exception
		// paths.
		for (String process : new String[] { BenchDiagrams.STRAIGHT_THROUGH, BenchDiagrams.ASYNC_TASK }) {
			properties.put("steadyflow.readiness.processes." + process + ".tool-exception-path", "off");
			properties.put("steadyflow.readiness.processes." + process + ".delegates-resolve", "off");
		}
		properties.put("steadyflow.readiness.processes." + BenchDiagrams.USER_TASK + ".late-human-step", "off");
		List<String> arguments = new ArrayList<>();
		properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		arguments.addAll(applicationArguments);
		SpringApplicationBuilder builder = new SpringApplicationBuilder(SteadyflowApplication.class)
			.profiles(
					"postgres".equals(database.kind()) ? new String[] { "postgres", "demo" } : new String[] { "demo" })
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false);
		if (countStatements) {
			// its own pool, wrapped
			builder.initializers((context) -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof DataSource source && "dataSource".equals(beanName))
							? StatementCounter.wrap(source) : bean;
				}
			}));
		}
		ConfigurableApplicationContext context = builder.run(arguments.toArray(String[]::new));
		ProcessEngine engine = context.getBean(ProcessEngine.class);
		FlowableBench.deploy(engine);
		return new FlowableBench(engine, context::close);
	}

}
