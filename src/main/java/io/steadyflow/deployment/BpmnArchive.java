package io.steadyflow.deployment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

import io.steadyflow.ai.LabelsFile;
import io.steadyflow.bpmn.BpmnInputLimits;
import io.steadyflow.bpmn.BpmnSource;
import io.steadyflow.bpmn.InvalidBpmnException;

/**
 * Expands an uploaded zip of BPMN files (and the labels files they name) in memory:
 * nothing is ever written to disk, so no entry name can escape anywhere. Entry names that
 * try to ({@code ../x}, absolute paths) are refused all the same, because an archive that
 * contains them is hostile. The expanded size is counted from the bytes actually
 * inflated, not from the sizes the archive claims.
 */
final class BpmnArchive {

	private BpmnArchive() {
	}

	static List<BpmnSource> expand(String archiveName, byte[] archive, BpmnInputLimits limits) {
		List<BpmnSource> files = new ArrayList<>();
		long expanded = 0;
		int entries = 0;
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
			ZipEntry entry;
			while ((entry = zip.getNextEntry()) != null) {
				entries++;
				if (entries > limits.maxArchiveEntries()) {
					throw refused(archiveName, "has more than " + limits.maxArchiveEntries() + " entries");
				}
				String name = entry.getName();
				checkEntryName(archiveName, name);
				if (entry.isDirectory()) {
					continue;
				}
				String baseName = name.substring(name.lastIndexOf('/') + 1);
				if (name.startsWith("__MACOSX/") || baseName.startsWith(".")) {
					continue;
				}
				if (!BpmnSource.isBpmnFileName(baseName) && !LabelsFile.isLabelsFileName(baseName)) {
					throw refused(archiveName, "entry '" + name
							+ "' is not a BPMN file (expected .bpmn or .bpmn20.xml) nor a labels file (.labels.json)");
				}
				long remaining = limits.maxArchiveSize().toBytes() - expanded;
				long entryLimit = Math.min(limits.maxFileSize().toBytes(), remaining);
				byte[] content = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, entryLimit + 1));
				if (content.length > entryLimit) {
					throw refused(archiveName,
							(entryLimit == remaining)
									? "expands to more than " + limits.maxArchiveSize().toBytes()
											+ " bytes (steadyflow.bpmn.max-archive-size)"
									: "entry '" + name + "' is larger than " + limits.maxFileSize().toBytes()
											+ " bytes (steadyflow.bpmn.max-file-size)");
				}
				expanded += content.length;
				files.add(new BpmnSource(archiveName + "!" + name, content));
			}
		}
		catch (ZipException ex) {
			throw refused(archiveName, "is not a valid zip archive: " + ex.getMessage());
		}
		catch (IOException ex) {
			throw refused(archiveName, "cannot be read: " + ex.getMessage());
		}
		if (files.isEmpty()) {
			throw refused(archiveName, "contains no .bpmn or .bpmn20.xml file");
		}
		return files;
	}

	private static void checkEntryName(String archiveName, String name) {
		String normalized = name.replace('\\', '/');
		boolean escapes = normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*") || normalized.equals("..")
				|| normalized.startsWith("../") || normalized.contains("/../") || normalized.endsWith("/..")
				|| name.indexOf('\0') >= 0;
		if (escapes) {
			throw refused(archiveName, "entry '" + name + "' points outside the archive; such archives are refused");
		}
	}

	private static InvalidBpmnException refused(String archiveName, String problem) {
		return new InvalidBpmnException(archiveName, null, "the archive " + problem);
	}

}
