// Bundles the web pages' scripts and styles with esbuild. The output directory is the
// first argument (the Maven build passes target/classes/static/modeler), so that the
// application serves the bundles from its class path.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, process.argv[2] ?? '../target/classes/static/modeler');
const src = (file) => path.join(here, 'src', file);

/** One bundle: its entry points, written to static/<folder> beside the modeler's. */
async function bundle(folder, entryPoints) {
  const target = path.join(path.dirname(outdir), folder);
  await build({
    entryPoints,
    bundle: true,
    minify: true,
    sourcemap: false,
    format: 'iife',
    target: ['es2020'],
    outdir: target,
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
    assetNames: 'assets/[name]-[hash]',
    legalComments: 'linked',
    logLevel: 'warning'
  });
  return target;
}

const started = Date.now();
const written = [
  // the modeler, for authors only (/modeler/**)
  await bundle(path.basename(outdir), {
    modeler: src('modeler.js'),
    'modeler-styles': src('modeler.css')
  }),
  // the owner's page of a process (/processes/{key}) and its documentation page
  // (/processes/{key}/docs) are for owners, authors and operators: their bundle sits outside
  // /modeler/**, which only authors may load
  await bundle('process-view', {
    'process-view': src('process-view.js'),
    'process-view-styles': src('process-view.css'),
    'process-docs': src('process-docs.js'),
    'process-docs-styles': src('process-docs.css')
  }),
  // the diff page of a process (/processes/{key}/diff), for the same people
  await bundle('diff-view', {
    'diff-view': src('diff-view.js'),
    'diff-view-styles': src('diff-view.css')
  })
];
console.log(`bundles written to ${written.join(', ')} in ${Date.now() - started} ms`);
