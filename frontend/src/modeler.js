// The modeler page: bpmn-js with Steadyflow's moddle extensions, a properties panel for
// the attributes the platform reads, live readiness findings, deploy and Camunda 7 import.
import { describeDiff } from './deploy-diff.js';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import { layoutProcess } from 'bpmn-auto-layout';
import flowableDescriptor from './moddle/flowable.json';
import steadyflowDescriptor from './moddle/steadyflow.json';
import { keepUnknownExtensionElements } from './moddle/keep-unknown.js';
import { api } from './api.js';
import { PropertiesPanel } from './properties.js';
import { Findings } from './findings.js';
import { NEW_DIAGRAM } from './new-diagram.js';
import { installReadableIds } from './readable-ids.js';

const LINT_DELAY_MS = 800;

const page = {
  status: document.getElementById('status'),
  importWarnings: document.getElementById('import-warnings'),
  notes: document.getElementById('conversion-notes'),
  definitions: document.getElementById('definition'),
  versions: document.getElementById('version'),
  fileName: document.getElementById('file-name')
};

const modeler = new BpmnModeler({
  container: '#canvas',
  moddleExtensions: { flowable: flowableDescriptor, sf: steadyflowDescriptor }
});

// flowable: and sf: extension elements the descriptors do not name are kept as they are
keepUnknownExtensionElements(modeler.get('moddle'), ['flowable', 'sf']);
installReadableIds(modeler);

const catalog = { tools: [], forms: [] };
const findings = new Findings(modeler, document.getElementById('canvas'), document.getElementById('findings'), document.getElementById('findings-summary'));
const properties = new PropertiesPanel(modeler, document.getElementById('properties'), catalog);

let fileName = 'new-process.bpmn20.xml';
// whether the diagram has changes that are neither saved nor deployed
let unsaved = false;
let lintTimer = null;
let lintSequence = 0;

function say(message, kind = 'info') {
  page.status.textContent = message;
  page.status.className = `status status-${kind}`;
}

function setFileName(name) {
  fileName = name;
  page.fileName.textContent = processFileName();
}

/** The file name the diagram is saved and deployed under: the process id, as in processes/. */
function processFileName() {
  const definitions = modeler.getDefinitions();
  const process = definitions && definitions.rootElements.find((element) => element.$type === 'bpmn:Process'
    && element.isExecutable) || definitions && definitions.rootElements.find((element) => element.$type === 'bpmn:Process');
  return process && process.id ? `${process.id}.bpmn20.xml` : fileName;
}

/** Files written by hand or by engines often have no diagram layout (DI): lay them out. */
async function importWithLayout(xml) {
  try {
    return { ...(await modeler.importXML(xml)), laidOut: false };
  } catch (err) {
    if (!/no diagram to display/.test(err.message)) {
      throw err;
    }
    return { ...(await modeler.importXML(await layoutProcess(xml))), laidOut: true };
  }
}

async function open(xml, name, origin) {
  try {
    const { warnings, laidOut } = await importWithLayout(xml);
    unsaved = false;
    setFileName(name);
    showImportWarnings(warnings);
    modeler.get('canvas').zoom('fit-viewport', 'auto');
    properties.render();
    say(`Opened ${origin}.${laidOut ? ' The file had no diagram layout; it was laid out automatically.' : ''}`);
    scheduleLint(0);
  } catch (err) {
    say(`Cannot open ${origin}: ${err.message}`, 'error');
  }
}

/**
 * What the modeler could not read would be missing from the saved file; the author must
 * know before saving or deploying. Unknown attributes and unknown extension elements
 * (flowable:, sf: or any other namespace) are kept, so they are not listed.
 */
function showImportWarnings(warnings) {
  const lost = (warnings || []).filter((warning) => !/^unknown attribute/.test(warning.message));
  page.importWarnings.replaceChildren();
  page.importWarnings.hidden = lost.length === 0;
  if (lost.length) {
    const title = document.createElement('strong');
    title.textContent = `${lost.length} part(s) of this file are not understood by the modeler and would be missing from a saved or deployed copy:`;
    const list = document.createElement('ul');
    lost.forEach((warning) => {
      const item = document.createElement('li');
      item.textContent = warning.message.split('\n')[0];
      list.append(item);
    });
    page.importWarnings.append(title, list);
  }
}

async function currentXml() {
  const { xml } = await modeler.saveXML({ format: true });
  return xml;
}

function scheduleLint(delay = LINT_DELAY_MS) {
  clearTimeout(lintTimer);
  lintTimer = setTimeout(lint, delay);
}

async function lint() {
  const sequence = ++lintSequence;
  findings.checking();
  try {
    const xml = await currentXml();
    const report = await api.postJson('/modeler/api/lint', { fileName: processFileName(), xml });
    // an older answer must not replace the findings of a newer edit
    if (sequence === lintSequence) {
      findings.show(report.findings);
    }
  } catch (err) {
    if (sequence === lintSequence) {
      findings.failed(err.message);
    }
  }
}

async function deploy() {
  clearTimeout(lintTimer);
  say('Deploying…');
  try {
    const xml = await currentXml();
    const name = processFileName();
    const result = await api.postJson('/modeler/api/deployments', { fileName: name, xml });
    const versions = result.processDefinitions.map((definition) => `${definition.key} version ${definition.version}`);
    say(result.newVersion ? `Deployed ${versions.join(', ')}.`
      : `Unchanged since the last deployment: still ${versions.join(', ')}.`, 'success');
    document.getElementById('deployed-version').textContent = versions.join(', ');
    unsaved = false;
    findings.show(result.warnings.flatMap((report) => report.findings));
    loadDefinitions();
  } catch (err) {
    if (err.status === 422 && err.body && err.body.files) {
      const all = err.body.files.flatMap((report) => report.findings);
      findings.show(all);
      const errors = all.filter((finding) => finding.severity === 'error').length;
      say(`Deploy refused: nothing was deployed. Fix the ${errors} error(s) listed under Readiness findings.`, 'error');
    } else {
      say(`Deploy failed: ${err.message}`, 'error');
    }
  }
}

/**
 * The confirm step before deploying: what the diagram changes against the deployed
 * version, from the server's diff. When the diagram cannot be compared (it does not parse),
 * the deploy itself reports why.
 */
async function reviewAndDeploy() {
  clearTimeout(lintTimer);
  say('Comparing with the deployed version…');
  let diff;
  try {
    diff = await api.postJson('/modeler/api/diff', { fileName: processFileName(), xml: await currentXml() });
  } catch (err) {
    await deploy();
    return;
  }
  const described = describeDiff(diff);
  const dialog = document.getElementById('deploy-confirm');
  dialog.querySelector('.heading').textContent = described.heading;
  dialog.querySelector('ul').replaceChildren(...described.lines.map((line) => {
    const item = document.createElement('li');
    item.className = `change-${line.kind}`;
    item.textContent = line.text;
    return item;
  }));
  say('Confirm the changes to deploy them.');
  dialog.returnValue = '';
  dialog.showModal();
}

document.getElementById('deploy-confirm').addEventListener('close', (event) => {
  if (event.target.returnValue === 'deploy') {
    deploy();
  } else {
    say('Not deployed.');
  }
});

async function download() {
  const xml = await currentXml();
  const name = processFileName();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  unsaved = false;
  say(`Saved as ${name}.`);
}

async function loadDefinitions() {
  try {
    const definitions = await api.getJson('/modeler/api/definitions');
    const chosen = page.definitions.value;
    page.definitions.replaceChildren(...definitions.map((definition) => {
      const option = new Option(`${definition.name || definition.key} (${definition.key}, v${definition.version})`,
        definition.key);
      return option;
    }));
    if (chosen && definitions.some((definition) => definition.key === chosen)) {
      page.definitions.value = chosen;
    }
    await loadVersions();
  } catch (err) {
    say(`Cannot list the deployed processes: ${err.message}`, 'error');
  }
}

async function loadVersions() {
  const key = page.definitions.value;
  page.versions.replaceChildren(new Option('latest', ''));
  if (!key) {
    return;
  }
  const versions = await api.getJson(`/modeler/api/definitions/${encodeURIComponent(key)}/versions`);
  versions.forEach((definition) => page.versions.append(new Option(`version ${definition.version}`,
    String(definition.version))));
}

async function openDeployed() {
  const key = page.definitions.value;
  if (!key) {
    say('No deployed process to open.', 'error');
    return;
  }
  const version = page.versions.value;
  try {
    const path = `/modeler/api/definitions/${encodeURIComponent(key)}/xml${version ? `?version=${version}` : ''}`;
    const xml = await api.getText(path);
    page.notes.hidden = true;
    await open(xml, `${key}.bpmn20.xml`, `${key} ${version ? `version ${version}` : '(latest version)'}`);
  } catch (err) {
    say(`Cannot open ${key}: ${err.message}`, 'error');
  }
}

async function openFile(input) {
  const file = input.files[0];
  input.value = '';
  if (!file) {
    return;
  }
  page.notes.hidden = true;
  await open(await file.text(), file.name, file.name);
}

async function importCamunda7(input) {
  const file = input.files[0];
  input.value = '';
  if (!file) {
    return;
  }
  say(`Converting ${file.name}…`);
  try {
    const form = new FormData();
    form.append('file', file);
    const result = await api.postForm('/modeler/api/import/camunda7', form);
    showNotes(result.notes);
    await open(result.bpmn, result.fileName, `${file.name} converted from Camunda 7`);
    findings.show(result.readiness.findings);
  } catch (err) {
    say(`Cannot convert ${file.name}: ${err.message}`, 'error');
  }
}

function showNotes(notes) {
  const list = page.notes.querySelector('ul');
  list.replaceChildren(...notes.map((note) => {
    const item = document.createElement('li');
    item.className = `note note-${note.kind}`;
    item.textContent = `${note.kind}: ${note.elementId || 'file'} ${note.item} — ${note.detail}`;
    item.dataset.elementId = note.elementId || '';
    // like a finding, a note selects the element it is about (once the diagram is open)
    item.addEventListener('click', () => {
      const element = findings.elementFor({ elementId: note.elementId });
      if (element) {
        findings.select(element);
      }
    });
    return item;
  }));
  page.notes.querySelector('.count').textContent = `${notes.length}`;
  page.notes.hidden = false;
}

async function loadCatalog() {
  try {
    const [tools, forms] = await Promise.all([api.getJson('/modeler/api/tools'), api.getJson('/modeler/api/forms')]);
    catalog.tools = tools;
    catalog.forms = forms;
    properties.render();
  } catch (err) {
    say(`Cannot list the tools and forms: ${err.message}`, 'error');
  }
}

modeler.on('commandStack.changed', () => {
  unsaved = true;
  page.fileName.textContent = processFileName();
  scheduleLint();
});

document.getElementById('new-diagram').addEventListener('click', () => {
  page.notes.hidden = true;
  open(NEW_DIAGRAM, 'new-process.bpmn20.xml', 'a new diagram');
});
document.getElementById('open-deployed').addEventListener('click', openDeployed);
page.definitions.addEventListener('change', loadVersions);
document.getElementById('open-file').addEventListener('change', (event) => openFile(event.target));
document.getElementById('import-camunda7').addEventListener('change', (event) => importCamunda7(event.target));
document.getElementById('download').addEventListener('click', download);
document.getElementById('deploy').addEventListener('click', reviewAndDeploy);

window.addEventListener('beforeunload', (event) => {
  if (unsaved) {
    event.preventDefault();
    event.returnValue = '';
  }
});

const initial = new URLSearchParams(window.location.search);
loadCatalog();
loadDefinitions().then(() => {
  if (initial.get('key')) {
    page.definitions.value = initial.get('key');
    loadVersions().then(openDeployed);
  }
});
open(NEW_DIAGRAM, 'new-process.bpmn20.xml', 'a new diagram');
