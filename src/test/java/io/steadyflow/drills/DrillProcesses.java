package io.steadyflow.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * The processes folder a drill's nodes deploy at start-up: the repository's processes
 * (the examples) and {@code drill-effect}, one asynchronous httpTool step against the
 * system {@code drill-system} ({@link EffectSystem}).
 */
final class DrillProcesses {

	static final String KEY = "drill-effect";

	static final String SYSTEM = "drill-system";

	private static final String EFFECT_PROCESS = """
			<?xml version="1.0" encoding="UTF-8"?>
			<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
			             xmlns:flowable="http://flowable.org/bpmn" xmlns:sf="urn:steadyflow:bpmn"
			             targetNamespace="urn:steadyflow:drills">
			  <process id="drill-effect" name="Drill effect" isExecutable="true"
			           flowable:candidateStarterGroups="clerks" sf:owner="integration-team"
			           sf:doneWhen="The drill system has applied the effect once">
			    <startEvent id="effectAsked" name="Effect asked"/>
			    <sequenceFlow id="toApply" sourceRef="effectAsked" targetRef="applyEffect"/>
			    <serviceTask id="applyEffect" name="Apply effect" flowable:async="true"
			                 flowable:delegateExpression="${httpTool}">
			      <extensionElements>
			        <flowable:field name="method" stringValue="POST"/>
			        <flowable:field name="system" stringValue="drill-system"/>
			        <flowable:field name="url" stringValue="/effects"/>
			        <flowable:field name="body" stringValue="{&quot;drill&quot;: true}"/>
			        <flowable:field name="responseMapping" stringValue="receipt=/receipt"/>
			        <flowable:failedJobRetryTimeCycle>R5/PT5S</flowable:failedJobRetryTimeCycle>
			      </extensionElements>
			    </serviceTask>
			    <sequenceFlow id="toApplied" sourceRef="applyEffect" targetRef="effectApplied"/>
			    <endEvent id="effectApplied" name="Effect applied" sf:outcome="done"/>
			  </process>
			</definitions>
			""";

	private DrillProcesses() {
	}

	/** A copy of processes/ with the drill process beside them, in {@code directory}. */
	static Path folder(Path directory) {
		Path folder = directory.resolve("processes");
		try {
			Files.createDirectories(folder);
			try (Stream<Path> files = Files.list(Path.of("processes"))) {
				for (Path file : files.toList()) {
					Files.copy(file, folder.resolve(file.getFileName()));
				}
			}
			Files.writeString(folder.resolve(KEY + ".bpmn20.xml"), EFFECT_PROCESS);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return folder;
	}

	/** A count from the drill's database, read directly (any node may be down). */
	static long count(String jdbcUrl, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/** One text value from the drill's database. */
	static String text(String jdbcUrl, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			if (!rows.next()) {
				throw new IllegalStateException("nothing found by " + sql);
			}
			return rows.getString(1);
		}
	}

	static String endedInstancesOf(String processKey) {
		return "select count(*) from act_hi_procinst h join act_re_procdef d on h.proc_def_id_ = d.id_ where d.key_ = '"
				+ processKey + "' and h.end_time_ is not null";
	}

}
