// A small properties panel for what Steadyflow reads from the diagram: the process
// contract (sf:owner, sf:doneWhen), people on user tasks, tools, async and retries on
// service tasks, AI steps, timers, conditions and documentation. Every change goes
// through bpmn-js' modeling commands, so it can be undone and triggers the live check.
const AI_KINDS = ['', 'classify', 'extract', 'summarize'];
const OUTCOMES = ['', 'done', 'rejected', 'cancelled', 'failed', 'escalated'];
const TIMER_KINDS = [
  ['timeDuration', 'Duration (e.g. P2D, PT4H)'],
  ['timeDate', 'Date (ISO 8601, e.g. 2026-12-31T17:00:00Z)'],
  ['timeCycle', 'Cycle (e.g. R3/PT1H)']
];
const SERVICE_LIKE = ['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask'];

function is(businessObject, type) {
  return businessObject && typeof businessObject.$instanceOf === 'function' && businessObject.$instanceOf(type);
}

function blankToUndefined(value) {
  return (value === null || value === undefined || String(value).trim() === '') ? undefined : String(value).trim();
}

export class PropertiesPanel {
  constructor(modeler, container, catalog) {
    this.modeler = modeler;
    this.container = container;
    this.catalog = catalog;
    this.element = null;
    const eventBus = modeler.get('eventBus');
    eventBus.on('selection.changed', () => this.render());
    eventBus.on('steadyflow.process.focus', () => this.render());
    eventBus.on('elements.changed', ({ elements }) => {
      const shown = this.element;
      if (shown && elements.some((element) => element === shown || element.id === shown.id)
          && !this.container.contains(document.activeElement)) {
        this.render();
      }
    });
  }

  get modeling() {
    return this.modeler.get('modeling');
  }

  get moddle() {
    return this.modeler.get('moddle');
  }

  render() {
    const selected = this.modeler.get('selection').get();
    const canvas = this.modeler.get('canvas');
    // a selected label stands for the element it labels
    const element = selected.length === 1 ? (selected[0].labelTarget || selected[0]) : canvas.getRootElement();
    this.element = element;
    this.container.replaceChildren();
    if (!element || !element.businessObject) {
      return;
    }
    const bo = element.businessObject;
    const title = document.createElement('h2');
    title.textContent = element === canvas.getRootElement()
      ? (is(bo, 'bpmn:Process') ? 'Process' : 'Collaboration — select a pool to edit its process')
      : `${bo.$type.replace('bpmn:', '')}${bo.name ? ': ' + bo.name : ''}`;
    this.container.append(title);

    if (element.type !== 'label') {
      this.general(element, bo);
    }
    const process = is(bo, 'bpmn:Process') ? bo : (is(bo, 'bpmn:Participant') ? bo.processRef : null);
    if (process) {
      this.processSection(element, process);
    }
    if (is(bo, 'bpmn:UserTask')) {
      this.userTaskSection(element, bo);
    }
    if (SERVICE_LIKE.some((type) => is(bo, type))) {
      this.serviceTaskSection(element, bo);
    }
    if (is(bo, 'bpmn:CallActivity')) {
      this.asyncSection(element, bo);
    }
    if (is(bo, 'bpmn:Activity') && !is(bo, 'bpmn:UserTask')) {
      this.aiSection(element, bo);
    }
    if (is(bo, 'bpmn:EndEvent')) {
      this.endEventSection(element, bo);
    }
    const timer = (bo.eventDefinitions || []).find((definition) => is(definition, 'bpmn:TimerEventDefinition'));
    if (timer) {
      this.timerSection(element, bo, timer);
    }
    if (is(bo, 'bpmn:SequenceFlow')) {
      this.conditionSection(element, bo);
    }
  }

  // --- sections -----------------------------------------------------------------

  general(element, bo) {
    const section = this.section('General');
    section.append(this.text('Id', bo.id, (value) => this.updateId(element, value), {
      name: 'id', help: 'Readable ids (approveInvoice) are what tests, logs and docs refer to.'
    }));
    if (!is(bo, 'bpmn:Process') && !is(bo, 'bpmn:Collaboration')) {
      section.append(this.text('Name', bo.name, (value) => this.modeling.updateProperties(element,
        { name: blankToUndefined(value) }), { name: 'name' }));
    }
    const documentation = (bo.documentation || [])[0];
    section.append(this.textarea('Documentation', documentation ? documentation.text : '', (value) => {
      const rest = (bo.documentation || []).slice(1);
      const first = blankToUndefined(value) ? [this.moddle.create('bpmn:Documentation', { text: value })] : [];
      this.modeling.updateModdleProperties(element, bo, { documentation: first.concat(rest) });
    }, { name: 'documentation' }));
  }

  processSection(element, process) {
    const section = this.section('Process contract');
    const update = (properties) => this.modeling.updateModdleProperties(element, process, properties);
    if (is(element.businessObject, 'bpmn:Participant')) {
      section.append(this.text('Process id', process.id, (value) => blankToUndefined(value)
        && update({ id: value.trim() }), { name: 'process-id' }));
    }
    section.append(this.text('Process name', process.name, (value) => update({ name: blankToUndefined(value) }),
      { name: 'process-name' }));
    section.append(this.text('Owner (sf:owner)', process.get('sf:owner'),
      (value) => update({ 'sf:owner': blankToUndefined(value) }),
      { name: 'sf-owner', help: 'The team or person accountable for this workflow. Required.' }));
    section.append(this.textarea('Done when (sf:doneWhen)', process.get('sf:doneWhen'),
      (value) => update({ 'sf:doneWhen': blankToUndefined(value) }),
      { name: 'sf-done-when', help: 'The measurable outcome that ends the work. Required.' }));
    section.append(this.text('Service level (sf:sla)', process.get('sf:sla'),
      (value) => update({ 'sf:sla': blankToUndefined(value) }),
      { name: 'sf-sla', help: 'An instance should end within this ISO-8601 duration (P2D, PT4H); passing it is a breach the owner is told of.' }));
    section.append(this.checkbox('Executable', process.isExecutable === true,
      (checked) => update({ isExecutable: checked }), { name: 'executable' }));
    section.append(this.text('Candidate starter groups', process.get('flowable:candidateStarterGroups'),
      (value) => update({ 'flowable:candidateStarterGroups': blankToUndefined(value) }),
      { name: 'candidate-starter-groups' }));
  }

  endEventSection(element, bo) {
    const section = this.section('Outcome');
    section.append(this.select('Outcome class (sf:outcome)', bo.get('sf:outcome') || '',
      OUTCOMES.map((outcome) => [outcome, outcome || '(choose)']),
      (value) => this.modeling.updateProperties(element, { 'sf:outcome': blankToUndefined(value) }),
      { name: 'sf-outcome', help: 'done when reaching this end meets the definition of done; otherwise what kind of ending it is.' }));
  }

  userTaskSection(element, bo) {
    const section = this.section('People');
    const update = (properties) => this.modeling.updateProperties(element, properties);
    section.append(this.text('Assignee', bo.get('flowable:assignee'),
      (value) => update({ 'flowable:assignee': blankToUndefined(value) }),
      { name: 'assignee', help: 'A user id or an expression such as ${initiator}.' }));
    section.append(this.text('Candidate groups', bo.get('flowable:candidateGroups'),
      (value) => update({ 'flowable:candidateGroups': blankToUndefined(value) }),
      { name: 'candidate-groups', help: 'Comma-separated groups offered the task.' }));
    section.append(this.text('Candidate users', bo.get('flowable:candidateUsers'),
      (value) => update({ 'flowable:candidateUsers': blankToUndefined(value) }), { name: 'candidate-users' }));
    section.append(this.text('Due date', bo.get('flowable:dueDate'),
      (value) => update({ 'flowable:dueDate': blankToUndefined(value) }),
      { name: 'due-date', help: 'An ISO 8601 duration from creation (P2D, PT4H) or a date expression.' }));
    const forms = this.catalog.forms.map((form) => [form.key, `${form.key} (${form.file})`]);
    section.append(this.select('Form', bo.get('flowable:formKey'), [['', '(no form)']].concat(forms),
      (value) => update({ 'flowable:formKey': blankToUndefined(value) }),
      { name: 'form-key', help: forms.length ? 'A form definition from forms/.' : 'No forms in forms/ yet.' }));
    section.append(this.text('Not the same person as (sf:notSameAs)', bo.get('sf:notSameAs'),
      (value) => update({ 'sf:notSameAs': blankToUndefined(value) }),
      { name: 'sf-not-same-as', help: 'Separation of duties: the id of an earlier user task whose performer may not do this one.' }));
    section.append(this.text('Service level (sf:sla)', bo.get('sf:sla'),
      (value) => update({ 'sf:sla': blankToUndefined(value) }),
      { name: 'sf-task-sla', help: 'The task should be completed within this ISO-8601 duration (PT4H, P2D).' }));
    section.append(this.text('Outcomes (sf:outcomes)', bo.get('sf:outcomes'),
      (value) => update({ 'sf:outcomes': blankToUndefined(value) }),
      { name: 'sf-outcomes', help: 'The decisions a person can take, comma-separated (approve,reject).' }));
    section.append(this.text('Reason required for (sf:reasonRequiredFor)', bo.get('sf:reasonRequiredFor'),
      (value) => update({ 'sf:reasonRequiredFor': blankToUndefined(value) }), { name: 'sf-reason-required-for' }));
  }

  serviceTaskSection(element, bo) {
    const section = this.section('Tool');
    const current = bo.get('flowable:delegateExpression') || '';
    const options = [['', '(choose a tool)']].concat(this.catalog.tools
      .filter((tool) => tool.type.includes('service task')).map((tool) => [`\${${tool.name}}`,
      `${tool.name} — ${tool.type}`]));
    // one implementation at a time: a chosen tool replaces a class or an expression
    section.append(this.select('Tool', current, options,
      (value) => this.modeling.updateProperties(element, {
        'flowable:delegateExpression': blankToUndefined(value),
        ...(blankToUndefined(value) ? { 'flowable:class': undefined, 'flowable:expression': undefined } : {})
      }),
      { name: 'tool', help: 'A delegate bean of this application, called as flowable:delegateExpression.' }));
    const other = [['flowable:class', 'Java class'], ['flowable:expression', 'Expression'], ['flowable:type', 'Built-in task type']]
      .filter(([attribute]) => bo.get(attribute));
    other.forEach(([attribute, label]) => {
      const note = document.createElement('p');
      note.className = 'field-note';
      note.textContent = `${label} (${attribute}): ${bo.get(attribute)}`;
      section.append(note);
    });
    this.asyncSection(element, bo);
  }

  asyncSection(element, bo) {
    const section = this.section('Async and retries');
    section.append(this.checkbox('Asynchronous (own transaction, retried on failure)',
      String(bo.get('flowable:async')) === 'true',
      (checked) => this.modeling.updateProperties(element, { 'flowable:async': checked ? 'true' : undefined }),
      { name: 'async' }));
    section.append(this.text('Retry cycle', this.retryCycle(bo),
      (value) => this.setRetryCycle(element, bo, blankToUndefined(value)),
      { name: 'retry-cycle', help: 'flowable:failedJobRetryTimeCycle, e.g. R3/PT5M: three retries five minutes apart.' }));
  }

  aiSection(element, bo) {
    const section = this.section('AI assistance');
    const update = (properties) => this.modeling.updateProperties(element, properties);
    section.append(this.select('AI kind (sf:ai)', bo.get('sf:ai') || '',
      AI_KINDS.map((kind) => [kind, kind || '(not an AI step)']),
      (value) => update({ 'sf:ai': blankToUndefined(value) }),
      { name: 'sf-ai', help: 'An AI step needs a human checkpoint on its low-confidence path.' }));
    section.append(this.text('Confidence threshold (sf:aiThreshold)', bo.get('sf:aiThreshold'),
      (value) => update({ 'sf:aiThreshold': blankToUndefined(value) }),
      { name: 'sf-ai-threshold', help: 'Between 0 and 1; below it a person decides.', type: 'number' }));
  }

  timerSection(element, bo, timer) {
    const section = this.section('Timer');
    const kind = TIMER_KINDS.map(([name]) => name).find((name) => timer[name]) || 'timeDuration';
    const value = timer[kind] ? timer[kind].body : '';
    const write = (newKind, newValue) => {
      const properties = { timeDuration: undefined, timeDate: undefined, timeCycle: undefined };
      properties[newKind] = this.moddle.create('bpmn:FormalExpression', { body: newValue || '' });
      this.modeling.updateModdleProperties(element, timer, properties);
    };
    section.append(this.select('Kind', kind, TIMER_KINDS, (newKind) => write(newKind, value), { name: 'timer-kind' }));
    section.append(this.text('Value', value, (newValue) => write(kind, newValue.trim()), { name: 'timer-value' }));
    if (is(bo, 'bpmn:BoundaryEvent')) {
      section.append(this.checkbox('Interrupting (cancels the task)', bo.cancelActivity !== false,
        (checked) => this.modeling.updateProperties(element, { cancelActivity: checked }), { name: 'interrupting' }));
    }
  }

  conditionSection(element, bo) {
    const section = this.section('Condition');
    const condition = bo.conditionExpression ? bo.conditionExpression.body : '';
    section.append(this.text('Condition expression', condition, (value) => this.modeling.updateProperties(element, {
      conditionExpression: blankToUndefined(value)
        ? this.moddle.create('bpmn:FormalExpression', { body: value.trim() }) : undefined
    }), { name: 'condition', help: 'An expression such as ${approved == true}; leave empty for the default flow.' }));
  }

  // --- model helpers ------------------------------------------------------------

  updateId(element, value) {
    const id = blankToUndefined(value);
    const registry = this.modeler.get('elementRegistry');
    if (!id || id === element.businessObject.id) {
      return;
    }
    if (!/^[A-Za-z_][\w.-]*$/.test(id) || registry.get(id)) {
      this.render();
      window.alert(`'${id}' cannot be used: an id starts with a letter, has no spaces and is unique in the diagram.`);
      return;
    }
    this.modeling.updateProperties(element, { id });
  }

  retryCycle(bo) {
    const values = bo.extensionElements ? bo.extensionElements.get('values') : [];
    const cycle = values.find((value) => value.$type === 'flowable:FailedJobRetryTimeCycle');
    return cycle ? cycle.body : '';
  }

  setRetryCycle(element, bo, value) {
    let extensions = bo.extensionElements;
    if (!extensions) {
      if (!value) {
        return;
      }
      extensions = this.moddle.create('bpmn:ExtensionElements', { values: [] });
      extensions.$parent = bo;
      this.modeling.updateModdleProperties(element, bo, { extensionElements: extensions });
    }
    const values = extensions.get('values');
    const existing = values.find((entry) => entry.$type === 'flowable:FailedJobRetryTimeCycle');
    if (value && existing) {
      this.modeling.updateModdleProperties(element, existing, { body: value });
    } else if (value) {
      const cycle = this.moddle.create('flowable:FailedJobRetryTimeCycle', { body: value });
      cycle.$parent = extensions;
      this.modeling.updateModdleProperties(element, extensions, { values: values.concat(cycle) });
    } else if (existing) {
      this.modeling.updateModdleProperties(element, extensions, { values: values.filter((entry) => entry !== existing) });
    }
  }

  // --- form fields ----------------------------------------------------------------

  section(title) {
    const section = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = title;
    section.append(legend);
    this.container.append(section);
    return section;
  }

  field(label, input, options) {
    const wrapper = document.createElement('label');
    wrapper.className = 'field';
    const caption = document.createElement('span');
    caption.textContent = label;
    input.name = options.name;
    input.dataset.property = options.name;
    wrapper.append(caption, input);
    if (options.help) {
      const help = document.createElement('small');
      help.textContent = options.help;
      wrapper.append(help);
    }
    return wrapper;
  }

  text(label, value, onChange, options) {
    const input = document.createElement('input');
    input.type = options.type || 'text';
    if (options.type === 'number') {
      input.step = 'any';
    }
    input.value = value || '';
    input.addEventListener('change', () => onChange(input.value));
    return this.field(label, input, options);
  }

  textarea(label, value, onChange, options) {
    const input = document.createElement('textarea');
    input.rows = 3;
    input.value = value || '';
    input.addEventListener('change', () => onChange(input.value));
    return this.field(label, input, options);
  }

  select(label, value, choices, onChange, options) {
    const input = document.createElement('select');
    const known = choices.some(([choice]) => choice === (value || ''));
    choices.forEach(([choice, text]) => input.append(new Option(text, choice)));
    if (!known && value) {
      // a value set elsewhere is shown and kept, never silently replaced
      input.append(new Option(`${value} (not offered here)`, value));
    }
    input.value = value || '';
    input.addEventListener('change', () => onChange(input.value));
    return this.field(label, input, options);
  }

  checkbox(label, checked, onChange, options) {
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.checked = checked;
    input.addEventListener('change', () => onChange(input.checked));
    const field = this.field(label, input, options);
    field.classList.add('field-checkbox');
    return field;
  }
}
