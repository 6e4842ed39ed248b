package io.steadyflow.forms;

import java.util.List;
import java.util.Optional;

/**
 * A form from {@code forms/<key>.json}.
 *
 * @param key the form key (file name without {@code .json}), as in
 * {@code flowable:formKey}
 * @param title the heading
 * @param description what to do, shown under the heading
 * @param fields the fields, in order
 */
public record FormDefinition(String key, String title, String description, List<FormField> fields) {

	public FormDefinition {
		fields = (fields != null) ? List.copyOf(fields) : List.of();
	}

	public Optional<FormField> field(String id) {
		return this.fields.stream().filter((field) -> field.id().equals(id)).findFirst();
	}

	/** Fields a person fills in. */
	public List<FormField> inputFields() {
		return this.fields.stream().filter((field) -> !field.readOnly()).toList();
	}

	/** Fields that show process data. */
	public List<FormField> readOnlyFields() {
		return this.fields.stream().filter(FormField::readOnly).toList();
	}

	/** The decision field, if the form has one. */
	public Optional<FormField> decision() {
		return this.fields.stream().filter((field) -> field.kind() == FieldType.DECISION).findFirst();
	}

	/** Every process variable the form shows or writes. */
	public List<String> variables() {
		return this.fields.stream().flatMap((field) -> switch (field.kind()) {
			case MONEY -> java.util.stream.Stream.of(field.id(), field.currencyVariable());
			case DECISION -> java.util.stream.Stream.of(field.id(), field.reasonVariable());
			default -> java.util.stream.Stream.of(field.id());
		}).distinct().toList();
	}

}
