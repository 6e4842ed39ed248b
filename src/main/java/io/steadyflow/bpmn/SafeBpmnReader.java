package io.steadyflow.bpmn;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.flowable.bpmn.converter.BpmnXMLConverter;
import org.flowable.bpmn.exceptions.XMLException;
import org.flowable.bpmn.model.BpmnModel;
import org.xml.sax.SAXParseException;

/**
 * Reads BPMN files that may come from anyone who can upload one. A streaming pre-scan
 * refuses what must never reach the full parser (DOCTYPE declarations and therefore every
 * XXE and entity expansion attack, non-BPMN roots, remote imports, oversized or absurdly
 * deep documents); then Flowable's own converter parses the file with schema validation
 * and its safe-XML option on.
 * <p>
 * Plain Java so that the command-line linter can use it without a running application.
 */
public class SafeBpmnReader {

	static final String BPMN_MODEL_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";

	private final BpmnInputLimits limits;

	public SafeBpmnReader(BpmnInputLimits limits) {
		this.limits = limits;
	}

	public BpmnInputLimits limits() {
		return this.limits;
	}

	/**
	 * Check and parse one file.
	 * @throws InvalidBpmnException naming the file, the line and the problem
	 */
	public BpmnModel read(BpmnSource source) {
		prescan(source);
		return parse(source);
	}

	/** The cheap streaming checks alone; {@link #read} runs them first. */
	public void prescan(BpmnSource source) {
		String name = source.fileName();
		byte[] content = source.content();
		if (content.length == 0) {
			throw new InvalidBpmnException(name, null, "the file is empty");
		}
		if (content.length > this.limits.maxFileSize().toBytes()) {
			throw new InvalidBpmnException(name, null,
					"the file is " + content.length + " bytes, more than the limit of "
							+ this.limits.maxFileSize().toBytes() + " bytes (steadyflow.bpmn.max-file-size)");
		}
		XMLStreamReader reader = null;
		try {
			reader = hardenedInputFactory().createXMLStreamReader(new ByteArrayInputStream(content));
			int depth = 0;
			int elements = 0;
			boolean rootSeen = false;
			while (reader.hasNext()) {
				int event = reader.next();
				switch (event) {
					case XMLStreamConstants.DTD -> throw new InvalidBpmnException(name, line(reader),
							"DOCTYPE declarations are not allowed in BPMN files (they enable entity expansion and external entity attacks)");
					case XMLStreamConstants.ENTITY_REFERENCE -> throw new InvalidBpmnException(name, line(reader),
							"entity references are not allowed in BPMN files");
					case XMLStreamConstants.START_ELEMENT -> {
						elements++;
						depth++;
						if (!rootSeen) {
							rootSeen = true;
							checkRoot(name, reader);
						}
						if (depth > this.limits.maxDepth()) {
							throw new InvalidBpmnException(name, line(reader), "elements are nested deeper than "
									+ this.limits.maxDepth() + " levels (steadyflow.bpmn.max-depth)");
						}
						if (elements > this.limits.maxElements()) {
							throw new InvalidBpmnException(name, line(reader), "the file has more than "
									+ this.limits.maxElements() + " XML elements (steadyflow.bpmn.max-elements)");
						}
						if ("import".equals(reader.getLocalName()) && BPMN_MODEL_NS.equals(reader.getNamespaceURI())) {
							throw new InvalidBpmnException(name, line(reader),
									"<import> is not supported: a BPMN file must be self-contained (nothing is fetched from import locations)");
						}
					}
					case XMLStreamConstants.END_ELEMENT -> depth--;
					default -> {
					}
				}
			}
			if (!rootSeen) {
				throw new InvalidBpmnException(name, null, "the file contains no XML element");
			}
		}
		catch (XMLStreamException ex) {
			Location location = ex.getLocation();
			throw new InvalidBpmnException(name, (location != null) ? location.getLineNumber() : null,
					"not well-formed XML: " + cleanMessage(ex.getMessage()), ex);
		}
		finally {
			closeQuietly(reader);
		}
	}

	private void checkRoot(String name, XMLStreamReader reader) {
		if ("definitions".equals(reader.getLocalName()) && !BPMN_MODEL_NS.equals(reader.getNamespaceURI())) {
			throw new InvalidBpmnException(name, line(reader),
					"not a BPMN 2.0 file: <definitions> is not in the BPMN 2.0 namespace (declare xmlns=\""
							+ BPMN_MODEL_NS + "\")");
		}
		if (!"definitions".equals(reader.getLocalName())) {
			String found = (reader.getNamespaceURI() == null || reader.getNamespaceURI().isEmpty())
					? reader.getLocalName() : "{" + reader.getNamespaceURI() + "}" + reader.getLocalName();
			throw new InvalidBpmnException(name, line(reader), "not a BPMN 2.0 file: the root element is <" + found
					+ ">, expected <definitions> in namespace " + BPMN_MODEL_NS);
		}
	}

	private BpmnModel parse(BpmnSource source) {
		BpmnXMLConverter converter = new BpmnXMLConverter();
		try {
			BpmnModel model = converter.convertToBpmnModel(() -> new ByteArrayInputStream(source.content()), true,
					true);
			if (model.getProcesses().isEmpty()) {
				throw new InvalidBpmnException(source.fileName(), null,
						"the file defines no process (a collaboration needs at least one participant with a process)");
			}
			return model;
		}
		catch (XMLException ex) {
			throw new InvalidBpmnException(source.fileName(), lineOf(ex), cleanMessage(describe(ex)), ex);
		}
		catch (InvalidBpmnException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// The converter reports some model problems with plain runtime exceptions;
			// they are
			// problems of the file, not of the server.
			throw new InvalidBpmnException(source.fileName(), lineOf(ex), "cannot be read as BPMN: " + describe(ex),
					ex);
		}
	}

	/** The most specific parser message in the cause chain. */
	private static String describe(Throwable ex) {
		String message = null;
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof SAXParseException) {
				return cause.getMessage();
			}
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return (message != null) ? message : ex.getClass().getSimpleName();
	}

	private static Integer lineOf(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (cause instanceof SAXParseException sax && sax.getLineNumber() > 0) {
				return sax.getLineNumber();
			}
			if (cause instanceof XMLStreamException stream && stream.getLocation() != null
					&& stream.getLocation().getLineNumber() > 0) {
				return stream.getLocation().getLineNumber();
			}
		}
		return null;
	}

	/**
	 * The JDK prefixes StAX messages with "ParseError at [row,col]:[..]"; the line is
	 * reported apart.
	 */
	private static String cleanMessage(String message) {
		if (message == null) {
			return "unknown parser error";
		}
		String cleaned = message.replaceFirst("(?s)^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message:\\s*", "")
			.replaceFirst("^([\\w.]+(Exception|Error): )+", "")
			.replaceFirst("^org\\.xml\\.sax\\.SAXParseException;( \\w+: [^;]*;)*\\s*", "");
		return cleaned.strip();
	}

	private static Integer line(XMLStreamReader reader) {
		Location location = reader.getLocation();
		return (location != null && location.getLineNumber() > 0) ? location.getLineNumber() : null;
	}

	static XMLInputFactory hardenedInputFactory() {
		XMLInputFactory factory = XMLInputFactory.newFactory();
		// DTDs are reported (and refused above) but never processed; no external entity
		// is resolved.
		factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
		factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
		factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
		factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
			throw new XMLStreamException("external resources are not loaded: " + systemId);
		});
		trySet(factory, XMLConstants.ACCESS_EXTERNAL_DTD, "");
		trySet(factory, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
		return factory;
	}

	private static void trySet(XMLInputFactory factory, String property, Object value) {
		try {
			factory.setProperty(property, value);
		}
		catch (IllegalArgumentException ex) {
			// not every StAX implementation knows the JAXP 1.5 properties
		}
	}

	private static void closeQuietly(XMLStreamReader reader) {
		if (reader != null) {
			try {
				reader.close();
			}
			catch (XMLStreamException ex) {
				// nothing left to release
			}
		}
	}

	/** Reads a stream fully but never more than {@code limit + 1} bytes. */
	public static byte[] readAtMost(InputStream in, long limit) throws IOException {
		return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
	}

}
