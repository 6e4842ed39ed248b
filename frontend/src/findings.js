// The readiness findings of the diagram on screen: a marker on every element with a
// finding (error or warning), a list whose entries select their element, and a summary.
const MARKERS = { error: 'sf-error', warning: 'sf-warning' };

export class Findings {
  constructor(modeler, frame, list, summary) {
    this.modeler = modeler;
    this.frame = frame;
    this.list = list;
    this.summary = summary;
    this.marked = [];
  }

  checking() {
    this.summary.dataset.state = 'checking';
  }

  failed(message) {
    this.summary.dataset.state = 'failed';
    this.summary.textContent = `The readiness check could not run: ${message}`;
  }

  /** The element a finding is about: its shape, or the pool of its process, or the diagram. */
  elementFor(finding) {
    const registry = this.modeler.get('elementRegistry');
    const canvas = this.modeler.get('canvas');
    const id = finding.elementId || finding.processId;
    if (!id) {
      return null;
    }
    const shape = registry.get(id);
    if (shape) {
      return shape;
    }
    const pool = registry.filter((element) => element.businessObject && element.businessObject.processRef
      && element.businessObject.processRef.id === id)[0];
    if (pool) {
      return pool;
    }
    const root = canvas.getRootElement();
    return root && root.businessObject && root.businessObject.id === id ? root : null;
  }

  clearMarkers() {
    const canvas = this.modeler.get('canvas');
    this.marked.forEach(({ element, marker }) => {
      if (this.modeler.get('elementRegistry').get(element.id)) {
        canvas.removeMarker(element, marker);
      }
    });
    this.marked = [];
    this.frame.classList.remove('sf-process-error', 'sf-process-warning');
  }

  show(findings) {
    const canvas = this.modeler.get('canvas');
    const root = canvas.getRootElement();
    this.clearMarkers();
    this.list.replaceChildren();
    const counts = { error: 0, warning: 0, info: 0 };
    findings.forEach((finding) => {
      counts[finding.severity] = (counts[finding.severity] || 0) + 1;
      const element = this.elementFor(finding);
      const marker = MARKERS[finding.severity];
      if (element && marker) {
        canvas.addMarker(element, marker);
        this.marked.push({ element, marker });
        if (element === root) {
          // the process itself has no shape: the whole canvas says it
          this.frame.classList.add(finding.severity === 'error' ? 'sf-process-error' : 'sf-process-warning');
        }
      }
      this.list.append(this.item(finding, element));
    });
    this.summary.dataset.state = counts.error ? 'errors' : counts.warning ? 'warnings' : 'clean';
    this.summary.textContent = findings.length === 0 ? 'Ready: no findings.'
      : `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} note(s)`
        + (counts.error ? ' — deploy is refused until the errors are fixed.' : '');
  }

  item(finding, element) {
    const item = document.createElement('li');
    item.className = `finding finding-${finding.severity}`;
    item.dataset.elementId = finding.elementId || finding.processId || '';
    item.dataset.rule = finding.rule;
    const head = document.createElement('div');
    head.className = 'finding-head';
    const where = finding.elementName ? `${finding.elementName} (${finding.elementId})` : (finding.elementId || 'file');
    head.textContent = `${finding.severity} · ${finding.rule} · ${where}`;
    const message = document.createElement('div');
    message.className = 'finding-message';
    message.textContent = finding.message;
    item.append(head, message);
    if (finding.hint) {
      const hint = document.createElement('div');
      hint.className = 'finding-hint';
      hint.textContent = `Fix: ${finding.hint}`;
      item.append(hint);
    }
    if (element) {
      item.tabIndex = 0;
      item.classList.add('linked');
      const select = () => this.select(element);
      item.addEventListener('click', select);
      item.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          select();
        }
      });
    }
    return item;
  }

  select(element) {
    const canvas = this.modeler.get('canvas');
    const current = this.modeler.get('elementRegistry').get(element.id) || element;
    if (current !== canvas.getRootElement()) {
      try {
        canvas.scrollToElement(current);
      } catch (err) {
        // an element on another plane (inside a collapsed sub-process) is still selected
      }
      this.modeler.get('selection').select(current);
    } else {
      this.modeler.get('selection').select(null);
      this.modeler.get('eventBus').fire('steadyflow.process.focus');
    }
  }
}
