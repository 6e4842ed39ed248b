// Elements drawn in the modeler get generated ids (Activity_0j3en2g). Tests, logs and docs
// refer to elements by id, so once such an element is named its id follows the name
// (approveInvoice), as long as the new id is free. Ids that someone chose stay as they are.
const GENERATED = /^(Activity|Event|Gateway|Flow|DataObjectReference|DataStoreReference|Participant|Process|TextAnnotation|Association|Group|SubProcess|Task)_[0-9a-z]{7}$/;

export function idFromName(name) {
  const words = String(name || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (!words.length) {
    return null;
  }
  const id = words.map((word, index) => index === 0 ? word.charAt(0).toLowerCase() + word.slice(1)
    : word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return /^[A-Za-z_]/.test(id) ? id : `step${id.charAt(0).toUpperCase()}${id.slice(1)}`;
}

/** Process ids are the file names in processes/: invoice-approval. */
export function processIdFromName(name) {
  const words = String(name || '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .split(/[^A-Za-z0-9]+/).filter(Boolean).map((word) => word.toLowerCase());
  return words.length && /^[a-z]/.test(words[0]) ? words.join('-') : null;
}

export function installReadableIds(modeler) {
  const eventBus = modeler.get('eventBus');
  const rename = (element) => {
    const target = element && element.labelTarget ? element.labelTarget : element;
    const bo = target && target.businessObject;
    if (!bo || !GENERATED.test(bo.id || '') || !bo.name) {
      return;
    }
    const id = idFromName(bo.name);
    if (id && !modeler.get('elementRegistry').get(id) && !modeler.get('moddle').ids.assigned(id)) {
      modeler.get('modeling').updateProperties(target, { id });
    }
  };
  eventBus.on('commandStack.element.updateLabel.postExecuted', ({ context }) => rename(context.element));
  // A new diagram's process is called newProcess until it is named.
  eventBus.on('commandStack.element.updateModdleProperties.postExecuted', ({ context }) => {
    const process = context.moddleElement;
    if (process && process.$type === 'bpmn:Process' && process.id === 'newProcess' && context.properties
        && 'name' in context.properties) {
      const id = processIdFromName(process.name);
      if (id && !modeler.get('moddle').ids.assigned(id)) {
        if (context.element === modeler.get('canvas').getRootElement()) {
          modeler.get('modeling').updateProperties(context.element, { id });
        } else {
          modeler.get('modeling').updateModdleProperties(context.element, process, { id });
        }
      }
    }
  });
  eventBus.on('commandStack.element.updateProperties.postExecuted', ({ context }) => {
    if (context.properties && 'name' in context.properties) {
      rename(context.element);
    }
  });
}
