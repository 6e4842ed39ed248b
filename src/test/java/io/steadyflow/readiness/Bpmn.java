package io.steadyflow.readiness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.steadyflow.bpmn.BpmnSource;

/** Small BPMN documents for tests, written the way the Steadyflow conventions ask. */
final class Bpmn {

	private static final Pattern ID = Pattern.compile("\\bid=[\"']([^\"']+)[\"']");

	/** The opening (or empty) tag of a process or an activity, not yet documented. */
	private static final Pattern DOCUMENTED = Pattern.compile(
			"<(process|userTask|serviceTask|sendTask|receiveTask|scriptTask|businessRuleTask|manualTask|task|callActivity|subProcess|transaction|adHocSubProcess)"
					+ "((?:\\s+[\\w:.-]+\\s*=\\s*(?:\"[^\"]*\"|'[^']*'))*\\s*)(/?)>(?!\\s*<documentation)");

	private Bpmn() {
	}

	/** A complete file around the given process elements, for process {@code p}. */
	static String process(String body) {
		return process("id=\"p\" name=\"Test process\" isExecutable=\"true\" sf:owner=\"operations\" "
				+ "sf:doneWhen=\"The request is answered\"", body);
	}

	static String process(String processAttributes, String body) {
		return definitions("<process " + processAttributes + ">\n" + body + "\n</process>");
	}

	/**
	 * A file around the given content, with {@code <documentation>} added to every
	 * process and activity that the content leaves without (on the same line, so that
	 * line numbers stay those of the content).
	 */
	static String definitions(String content) {
		return definitionsAsWritten(documented(content));
	}

	/** A file around the given content, exactly as written. */
	static String definitionsAsWritten(String content) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
				             xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
				             xmlns:flowable="http://flowable.org/bpmn"
				             xmlns:sf="urn:steadyflow:bpmn"
				             targetNamespace="http://steadyflow.io/test">
				""" + content + "\n</definitions>\n";
	}

	/**
	 * The content with {@code <documentation>} as the first child of every process and
	 * activity: the rule {@code documentation} asks for it, and the tests of other rules
	 * are about those rules.
	 */
	static String documented(String content) {
		Matcher tag = DOCUMENTED.matcher(content);
		StringBuilder out = new StringBuilder();
		while (tag.find()) {
			String documentation = "<documentation>What " + tag.group(1) + " is for.</documentation>";
			String replacement = tag.group(3).isEmpty() ? tag.group(0) + documentation
					: "<" + tag.group(1) + tag.group(2) + ">" + documentation + "</" + tag.group(1) + ">";
			tag.appendReplacement(out, Matcher.quoteReplacement(replacement));
		}
		tag.appendTail(out);
		return out.toString();
	}

	/**
	 * A named start event, the given elements in a row joined by sequence flows, and a
	 * named end event. Each element's own id is taken from its first {@code id}
	 * attribute.
	 */
	static String line(String... elements) {
		List<String> ids = new ArrayList<>();
		ids.add("start");
		StringBuilder body = new StringBuilder("<startEvent id=\"start\" name=\"Request received\"/>\n");
		for (String element : elements) {
			Matcher id = ID.matcher(element);
			if (!id.find()) {
				throw new IllegalArgumentException("no id in " + element);
			}
			ids.add(id.group(1));
			body.append(element).append('\n');
		}
		ids.add("end");
		body.append("<endEvent sf:outcome=\"done\" id=\"end\" name=\"Request answered\"/>\n");
		for (int i = 0; i + 1 < ids.size(); i++) {
			body.append(flow("flow" + (i + 1), ids.get(i), ids.get(i + 1))).append('\n');
		}
		return body.toString();
	}

	static String flow(String id, String source, String target) {
		return "<sequenceFlow id=\"" + id + "\" sourceRef=\"" + source + "\" targetRef=\"" + target + "\"/>";
	}

	static String conditionalFlow(String id, String source, String target, String condition) {
		return "<sequenceFlow id=\"" + id + "\" sourceRef=\"" + source + "\" targetRef=\"" + target + "\">"
				+ "<conditionExpression xsi:type=\"tFormalExpression\"><![CDATA[" + condition
				+ "]]></conditionExpression></sequenceFlow>";
	}

	/** A user task that passes every rule about people. */
	static String userTask(String id, String name) {
		return "<userTask id=\"" + id + "\" name=\"" + name
				+ "\" flowable:candidateGroups=\"clerks\" flowable:dueDate=\"P2D\"/>";
	}

	/**
	 * A service task that passes every rule about tools: asynchronous with a retry cycle.
	 */
	static String serviceTask(String id, String name) {
		return "<serviceTask id=\"" + id + "\" name=\"" + name
				+ "\" flowable:delegateExpression=\"${erpPosting}\" flowable:async=\"true\">"
				+ "<extensionElements><flowable:failedJobRetryTimeCycle>R3/PT5M</flowable:failedJobRetryTimeCycle>"
				+ "</extensionElements></serviceTask>";
	}

	static BpmnSource source(String xml) {
		return new BpmnSource("test.bpmn", xml.getBytes(StandardCharsets.UTF_8));
	}

}
