// Extension elements of the Flowable and Steadyflow namespaces that the descriptors do not
// name are read as generic elements (attributes, children and text as they are) and written
// back unchanged, exactly as moddle does with elements of a namespace it has no descriptor
// for. Without this, moddle drops such an element with an "unparsable content" warning,
// because the namespace is known but the element's type is not.

/**
 * The type moddle's XML reader gets for an unknown name of one of the given packages: it
 * is taken for the generic `Element`, so the reader keeps the element as an any-element.
 * Creating an instance of it fails like creating any unknown type.
 */
function genericStandIn(name) {
  const type = function UnknownExtensionElement() {
    throw new Error(`unknown type <${name}>`);
  };
  type.$descriptor = { name: 'Element', isGeneric: true, ns: { name } };
  type.hasType = (typeName) => typeName === 'Element';
  return type;
}

/**
 * Makes the moddle instance keep unknown elements of the packages with the given prefixes.
 *
 * @param {import('moddle').Moddle} moddle the instance bpmn-js (or bpmn-moddle) reads with
 * @param {string[]} prefixes the package prefixes, e.g. ['flowable', 'sf']
 * @returns the same instance
 */
export function keepUnknownExtensionElements(moddle, prefixes) {
  const getType = moddle.getType.bind(moddle);
  moddle.getType = (descriptor) => {
    const name = typeof descriptor === 'string' ? descriptor : undefined;
    const prefix = name && name.includes(':') ? name.slice(0, name.indexOf(':')) : undefined;
    if (!prefix || !prefixes.includes(prefix) || moddle.getTypeDescriptor(name)) {
      return getType(descriptor);
    }
    return genericStandIn(name);
  };
  return moddle;
}
