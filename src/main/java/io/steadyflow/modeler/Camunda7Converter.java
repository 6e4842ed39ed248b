package io.steadyflow.modeler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.InvalidBpmnException;
import io.steadyflow.bpmn.SafeBpmnReader;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Converts a Camunda 7 (Camunda Modeler) BPMN file to Flowable form. It works on the XML
 * itself, not on a parsed model, so that diagram information, documentation and anything
 * else it does not touch passes through unchanged. Every {@code camunda:} attribute and
 * extension element is either converted to its {@code flowable:} equivalent or removed
 * and reported, item by item with the element id: nothing is dropped silently.
 * <p>
 * Plain Java: usable from the REST API, the modeler and tests alike.
 */
public class Camunda7Converter {

	static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

	static final String ACTIVITI_NS = "http://activiti.org/bpmn";

	static final String FLOWABLE_NS = "http://flowable.org/bpmn";

	static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";

	/** Attributes with the same name and meaning in both engines. */
	private static final Set<String> SAME_ATTRIBUTES = Set.of("assignee", "candidateUsers", "candidateGroups",
			"dueDate", "priority", "class", "delegateExpression", "expression", "resultVariable", "exclusive",
			"initiator", "candidateStarterGroups", "candidateStarterUsers", "collection", "elementVariable",
			"calledElementType", "skipExpression", "category");

	/** Attributes that have no Flowable counterpart, with what to do instead. */
	private static final Map<String, String> NO_EQUIVALENT = Map.ofEntries(
			Map.entry("followUpDate",
					"Flowable has no follow-up date; use a timer boundary event (non-interrupting) to remind"),
			Map.entry("versionTag", "Flowable versions definitions itself on every changed deployment"),
			Map.entry("historyTimeToLive",
					"history cleaning is configured for the whole engine (flowable.enable-history-cleaning)"),
			Map.entry("isStartableInTasklist", "starting is controlled by candidate starter users and groups"),
			Map.entry("jobPriority", "Flowable's async executor has no job priorities"),
			Map.entry("taskPriority", "Flowable's async executor has no job priorities"),
			Map.entry("errorCodeVariable", "read the error code from the caught error's data instead"),
			Map.entry("errorMessageVariable", "read the error message from the caught error's data instead"),
			Map.entry("formRef", "Camunda Forms do not run on Flowable; create a form in forms/ and set formKey"),
			Map.entry("formRefBinding", "Camunda Forms do not run on Flowable"),
			Map.entry("formRefVersion", "Camunda Forms do not run on Flowable"),
			Map.entry("topic", "external tasks are Camunda workers; implement the work as a service-task bean"),
			Map.entry("calledElementBinding", "Flowable always calls the latest version of the called process"),
			Map.entry("calledElementVersion", "Flowable always calls the latest version of the called process"),
			Map.entry("calledElementVersionTag", "Flowable always calls the latest version of the called process"),
			Map.entry("calledElementTenantId", "tenants are not used"),
			Map.entry("caseRef", "Flowable's CMMN engine is not part of Steadyflow"),
			Map.entry("decisionRef", "Flowable's DMN engine is not part of Steadyflow; implement the rule as a bean"),
			Map.entry("mapDecisionResult", "Flowable's DMN engine is not part of Steadyflow"),
			Map.entry("variableMappingClass", "delegate variable mapping has no Flowable equivalent"),
			Map.entry("variableMappingDelegateExpression", "delegate variable mapping has no Flowable equivalent"));

	private static final Set<String> TASK_LISTENER_EVENTS = Set.of("create", "assignment", "complete", "delete");

	private final SafeBpmnReader reader;

	public Camunda7Converter(SafeBpmnReader reader) {
		this.reader = reader;
	}

	/**
	 * Convert one file.
	 * @throws InvalidBpmnException when the file cannot be read safely as BPMN
	 */
	public ConversionResult convert(BpmnSource source) {
		this.reader.prescan(source);
		Document document = parse(source);
		List<ConversionNote> notes = new ArrayList<>();
		Element definitions = document.getDocumentElement();
		definitions.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:flowable", FLOWABLE_NS);
		new Walk(document, notes).element(definitions);
		removeNamespaceDeclarationsIfUnused(definitions);
		return new ConversionResult(flowableFileName(source.fileName()), serialize(document), List.copyOf(notes));
	}

	private static String flowableFileName(String fileName) {
		String base = fileName.replaceAll("(?i)(\\.bpmn20\\.xml|\\.bpmn|\\.xml)$", "");
		return base + ".bpmn20.xml";
	}

	/** One pass over the document, collecting notes. */
	private static final class Walk {

		private final Document document;

		private final List<ConversionNote> notes;

		Walk(Document document, List<ConversionNote> notes) {
			this.document = document;
			this.notes = notes;
		}

		void element(Element element) {
			attributes(element);
			if (BPMN_NS.equals(element.getNamespaceURI())) {
				bpmnElement(element);
			}
			for (Element child : children(element)) {
				if (isCamunda(child)) {
					extension(child);
				}
				else {
					element(child);
				}
			}
			if ("extensionElements".equals(element.getLocalName()) && children(element).isEmpty()
					&& element.getTextContent().isBlank()) {
				element.getParentNode().removeChild(element);
			}
		}

		private void bpmnElement(Element element) {
			String name = element.getLocalName();
			if ("scriptTask".equals(name)) {
				lost(element, "scriptTask",
						"scripts run code inside the engine and are refused by the readiness check; implement the step as a service-task bean");
			}
			if ("conditionExpression".equals(name) && element.hasAttribute("language")) {
				lost(element, "script condition (" + element.getAttribute("language") + ")",
						"Flowable conditions are expressions; rewrite it as ${...}");
			}
		}

		private void attributes(Element element) {
			NamedNodeMap attributes = element.getAttributes();
			List<Attr> camunda = new ArrayList<>();
			for (int i = 0; i < attributes.getLength(); i++) {
				Attr attribute = (Attr) attributes.item(i);
				if (isCamunda(attribute)) {
					camunda.add(attribute);
				}
			}
			String type = element.getAttributeNS(CAMUNDA_NS, "type");
			for (Attr attribute : camunda) {
				String name = attribute.getLocalName();
				String value = attribute.getValue();
				element.removeAttributeNode(attribute);
				String item = "camunda:" + name;
				if (SAME_ATTRIBUTES.contains(name)) {
					element.setAttributeNS(FLOWABLE_NS, "flowable:" + name, value);
					converted(element, item, "flowable:" + name + "=\"" + value + "\"");
				}
				else if ("asyncBefore".equals(name) || "async".equals(name)) {
					element.setAttributeNS(FLOWABLE_NS, "flowable:async", value);
					converted(element, item, "flowable:async=\"" + value + "\"");
				}
				else if ("asyncAfter".equals(name)) {
					element.setAttributeNS(FLOWABLE_NS, "flowable:asyncLeave", value);
					converted(element, item, "flowable:asyncLeave=\"" + value + "\"");
				}
				else if ("formKey".equals(name)) {
					formKey(element, value);
				}
				else if ("type".equals(name)) {
					lost(element, item + "=\"" + value + "\"", "external".equals(value)
							? "external tasks are fetched by Camunda workers; implement the work as a service-task bean or an async service task"
							: "Camunda's '" + value
									+ "' task type has no Flowable equivalent; implement it as a service-task bean");
				}
				else if ("topic".equals(name) && "external".equals(type)) {
					// reported together with camunda:type
				}
				else if (NO_EQUIVALENT.containsKey(name)) {
					lost(element, item + "=\"" + value + "\"", NO_EQUIVALENT.get(name));
				}
				else {
					lost(element, item + "=\"" + value + "\"", "no Flowable equivalent");
				}
			}
		}

		private void formKey(Element element, String value) {
			String lower = value.toLowerCase(Locale.ROOT);
			if (lower.startsWith("embedded:") || lower.startsWith("camunda-forms:") || lower.startsWith("app:")) {
				String suggested = value.replaceAll("^.*[/:]", "").replaceAll("\\.(html|form|json)$", "");
				element.setAttributeNS(FLOWABLE_NS, "flowable:formKey", suggested);
				approximated(element, "camunda:formKey=\"" + value + "\"",
						"flowable:formKey=\"" + suggested
								+ "\": Camunda's embedded/Camunda Forms do not run on Flowable; write forms/"
								+ suggested + ".json");
			}
			else {
				element.setAttributeNS(FLOWABLE_NS, "flowable:formKey", value);
				converted(element, "camunda:formKey", "flowable:formKey=\"" + value + "\"");
			}
		}

		private void extension(Element extension) {
			String name = extension.getLocalName();
			switch (name) {
				case "failedJobRetryTimeCycle" -> retryCycle(extension);
				case "executionListener", "taskListener" -> listener(extension);
				case "field" -> replace(extension, field(extension), "camunda:field", "flowable:field");
				case "in", "out" -> callActivityMapping(extension);
				case "inputOutput" -> inputOutput(extension);
				case "properties" -> {
					List<String> names = new ArrayList<>();
					for (Element property : children(extension)) {
						names.add(property.getAttribute("name") + "=" + property.getAttribute("value"));
					}
					lost(extension, "camunda:properties " + names,
							"Flowable has no element properties; move the values into flowable:field values or documentation");
					remove(extension);
				}
				case "connector" -> {
					String connectorId = textOf(extension, "connectorId");
					lost(extension, "camunda:connector" + (connectorId.isEmpty() ? "" : " (" + connectorId + ")"),
							"connectors do not exist in Flowable; use the 'http' tool or a service-task bean");
					remove(extension);
				}
				case "formData" -> {
					List<String> fields = new ArrayList<>();
					for (Element field : children(extension)) {
						fields.add(field.getAttribute("id"));
					}
					lost(extension, "camunda:formData " + fields,
							"generated Camunda forms do not run on Flowable; describe these fields in a forms/ file and set flowable:formKey");
					remove(extension);
				}
				default -> {
					lost(extension, "camunda:" + name, "no Flowable equivalent");
					remove(extension);
				}
			}
		}

		private void retryCycle(Element extension) {
			String value = extension.getTextContent().strip();
			Element replacement = flowable("failedJobRetryTimeCycle");
			if (value.contains(",")) {
				String[] intervals = value.split("\\s*,\\s*");
				String longest = longest(intervals);
				String cycle = "R" + intervals.length + "/" + longest;
				replacement.setTextContent(cycle);
				approximated(extension, "camunda:failedJobRetryTimeCycle \"" + value + "\"",
						"flowable:failedJobRetryTimeCycle \"" + cycle + "\": Flowable repeats one interval, so the "
								+ intervals.length + " retries each wait the longest interval given (" + longest + ")");
			}
			else {
				replacement.setTextContent(value);
				converted(extension, "camunda:failedJobRetryTimeCycle",
						"flowable:failedJobRetryTimeCycle \"" + value + "\"");
			}
			extension.getParentNode().replaceChild(replacement, extension);
		}

		private void listener(Element extension) {
			String kind = extension.getLocalName();
			String event = extension.getAttribute("event");
			String item = "camunda:" + kind + "(" + event + ")";
			Element script = firstChild(extension, "script");
			if (script != null) {
				lost(extension, item + " with a " + script.getAttribute("scriptFormat") + " script",
						"script listeners are refused by the readiness check; implement it as a listener bean");
				remove(extension);
				return;
			}
			if ("taskListener".equals(kind) && !TASK_LISTENER_EVENTS.contains(event)) {
				lost(extension, item, "Flowable task listeners know create, assignment, complete and delete, not '"
						+ event + "'" + ("timeout".equals(event) ? "; use a timer boundary event" : ""));
				remove(extension);
				return;
			}
			Element replacement = flowable(kind);
			copyAttributes(extension, replacement, "event", "class", "expression", "delegateExpression");
			for (Element child : children(extension)) {
				if ("field".equals(child.getLocalName())) {
					replacement.appendChild(field(child));
				}
			}
			replace(extension, replacement, item, "flowable:" + kind + "(" + event + ")");
		}

		private Element field(Element camundaField) {
			Element field = flowable("field");
			copyAttributes(camundaField, field, "name", "stringValue", "expression");
			for (Element child : children(camundaField)) {
				if ("string".equals(child.getLocalName()) || "expression".equals(child.getLocalName())) {
					Element value = flowable(child.getLocalName());
					value.setTextContent(child.getTextContent());
					field.appendChild(value);
				}
			}
			return field;
		}

		private void callActivityMapping(Element extension) {
			String kind = extension.getLocalName();
			if (extension.hasAttribute("variables")) {
				Element callActivity = (Element) extension.getParentNode().getParentNode();
				if ("in".equals(kind) && "all".equals(extension.getAttribute("variables"))) {
					callActivity.setAttributeNS(FLOWABLE_NS, "flowable:inheritVariables", "true");
					converted(extension, "camunda:in variables=\"all\"", "flowable:inheritVariables=\"true\"");
				}
				else {
					lost(extension, "camunda:" + kind + " variables=\"" + extension.getAttribute("variables") + "\"",
							"map each variable back with flowable:out source/target");
				}
				remove(extension);
				return;
			}
			if (extension.hasAttribute("businessKey")) {
				Element callActivity = (Element) extension.getParentNode().getParentNode();
				callActivity.setAttributeNS(FLOWABLE_NS, "flowable:businessKey", extension.getAttribute("businessKey"));
				converted(extension, "camunda:in businessKey", "flowable:businessKey");
				remove(extension);
				return;
			}
			Element replacement = flowable(kind);
			copyAttributes(extension, replacement, "source", "sourceExpression", "target");
			replace(extension, replacement, "camunda:" + kind + " " + describeMapping(extension),
					"flowable:" + kind + " " + describeMapping(extension));
		}

		/**
		 * Simple input and output parameters (a text or an expression) become start and
		 * end execution listeners that set the variable; lists, maps and scripts are
		 * reported.
		 */
		private void inputOutput(Element extension) {
			Element extensionElements = (Element) extension.getParentNode();
			for (Element parameter : children(extension)) {
				String name = parameter.getAttribute("name");
				boolean input = "inputParameter".equals(parameter.getLocalName());
				String item = "camunda:" + parameter.getLocalName() + " " + name;
				if (!children(parameter).isEmpty()) {
					lost(parameter, item, "only text and ${...} mappings convert; set this variable in a delegate");
					continue;
				}
				String value = parameter.getTextContent().strip();
				String argument = (value.startsWith("${") && value.endsWith("}"))
						? value.substring(2, value.length() - 1) : "'" + value.replace("'", "\\'") + "'";
				Element listener = flowable("executionListener");
				listener.setAttribute("event", input ? "start" : "end");
				listener.setAttribute("expression",
						"${execution.setVariable" + (input ? "Local" : "") + "('" + name + "', " + argument + ")}");
				extensionElements.insertBefore(listener, extension);
				approximated(parameter, item, "a " + (input ? "start" : "end") + " execution listener setting '" + name
						+ "'" + (input ? " locally" : "") + ": Flowable has no input/output mapping on activities");
			}
			remove(extension);
		}

		private void replace(Element old, Element replacement, String item, String result) {
			converted(old, item, result);
			old.getParentNode().replaceChild(replacement, old);
		}

		private Element flowable(String localName) {
			return this.document.createElementNS(FLOWABLE_NS, "flowable:" + localName);
		}

		private void converted(Node node, String item, String result) {
			note(ConversionNote.Kind.CONVERTED, node, item, result);
		}

		private void approximated(Node node, String item, String detail) {
			note(ConversionNote.Kind.APPROXIMATED, node, item, detail);
		}

		private void lost(Node node, String item, String detail) {
			note(ConversionNote.Kind.LOST, node, item, detail);
		}

		private void note(ConversionNote.Kind kind, Node node, String item, String detail) {
			Element owner = owningElement(node);
			this.notes.add(new ConversionNote(kind, (owner != null) ? owner.getAttribute("id") : null,
					(owner != null) ? owner.getLocalName() : null, item, detail));
		}

	}

	/** The nearest BPMN element with an id: the element a note is about. */
	private static Element owningElement(Node node) {
		for (Node current = node; current != null; current = current.getParentNode()) {
			if (current instanceof Element element && BPMN_NS.equals(element.getNamespaceURI())
					&& element.hasAttribute("id")) {
				return element;
			}
		}
		return null;
	}

	private static String describeMapping(Element mapping) {
		String source = mapping.hasAttribute("source") ? mapping.getAttribute("source")
				: mapping.getAttribute("sourceExpression");
		return source + " -> " + mapping.getAttribute("target");
	}

	private static String longest(String[] intervals) {
		String longest = intervals[0];
		Duration max = Duration.ZERO;
		for (String interval : intervals) {
			try {
				Duration duration = Duration.parse(interval);
				if (duration.compareTo(max) > 0) {
					max = duration;
					longest = interval;
				}
			}
			catch (DateTimeParseException ex) {
				// keep the first interval; the engine reports an invalid cycle at
				// deployment
			}
		}
		return longest;
	}

	private static void copyAttributes(Element from, Element to, String... names) {
		for (String name : names) {
			if (from.hasAttribute(name)) {
				to.setAttribute(name, from.getAttribute(name));
			}
		}
	}

	private static void remove(Node node) {
		if (node.getParentNode() != null) {
			node.getParentNode().removeChild(node);
		}
	}

	private static boolean isCamunda(Node node) {
		return CAMUNDA_NS.equals(node.getNamespaceURI()) || ACTIVITI_NS.equals(node.getNamespaceURI());
	}

	private static List<Element> children(Element parent) {
		List<Element> children = new ArrayList<>();
		NodeList nodes = parent.getChildNodes();
		for (int i = 0; i < nodes.getLength(); i++) {
			if (nodes.item(i) instanceof Element child) {
				children.add(child);
			}
		}
		return children;
	}

	private static Element firstChild(Element parent, String localName) {
		return children(parent).stream().filter((c) -> localName.equals(c.getLocalName())).findFirst().orElse(null);
	}

	private static String textOf(Element parent, String localName) {
		Element child = firstChild(parent, localName);
		return (child != null) ? child.getTextContent().strip() : "";
	}

	/** Drops the camunda namespace declaration once nothing uses it any more. */
	private static void removeNamespaceDeclarationsIfUnused(Element definitions) {
		if (!usesNamespace(definitions, CAMUNDA_NS)) {
			NamedNodeMap attributes = definitions.getAttributes();
			for (int i = attributes.getLength() - 1; i >= 0; i--) {
				Attr attribute = (Attr) attributes.item(i);
				if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())
						&& (CAMUNDA_NS.equals(attribute.getValue()) || ACTIVITI_NS.equals(attribute.getValue()))) {
					definitions.removeAttributeNode(attribute);
				}
			}
		}
	}

	private static boolean usesNamespace(Element element, String namespace) {
		if (namespace.equals(element.getNamespaceURI())) {
			return true;
		}
		NamedNodeMap attributes = element.getAttributes();
		for (int i = 0; i < attributes.getLength(); i++) {
			if (namespace.equals(attributes.item(i).getNamespaceURI())) {
				return true;
			}
		}
		return children(element).stream().anyMatch((child) -> usesNamespace(child, namespace));
	}

	private static Document parse(BpmnSource source) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
			factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
			factory.setXIncludeAware(false);
			factory.setExpandEntityReferences(false);
			DocumentBuilder builder = factory.newDocumentBuilder();
			builder.setErrorHandler(null);
			return builder.parse(new ByteArrayInputStream(source.content()));
		}
		catch (SAXException ex) {
			throw new InvalidBpmnException(source.fileName(), null, "not well-formed XML: " + ex.getMessage(), ex);
		}
		catch (ParserConfigurationException | IOException ex) {
			throw new IllegalStateException("XML parser unavailable", ex);
		}
	}

	private static byte[] serialize(Document document) {
		try {
			TransformerFactory factory = TransformerFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			Transformer transformer = factory.newTransformer();
			transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
			transformer.setOutputProperty(OutputKeys.STANDALONE, "no");
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			document.setXmlStandalone(true);
			transformer.transform(new DOMSource(document), new StreamResult(out));
			return out.toByteArray();
		}
		catch (TransformerException ex) {
			throw new IllegalStateException("Cannot write the converted model", ex);
		}
	}

}
