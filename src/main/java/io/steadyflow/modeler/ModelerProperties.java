package io.steadyflow.modeler;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web modeler.
 *
 * @param formsLocation the directory whose {@code *.json} form definitions the modeler
 * offers as a user task's form key (by default where the forms are read from,
 * {@code steadyflow.forms.location}); it may not exist yet
 */
@ConfigurationProperties("steadyflow.modeler")
record ModelerProperties(@DefaultValue("./forms") Path formsLocation) {
}
