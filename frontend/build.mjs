// Bundles the modeler page's script and styles with esbuild. The output directory is the
// first argument (the Maven build passes target/classes/static/modeler), so that the
// application serves the bundle from its class path.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, process.argv[2] ?? '../target/classes/static/modeler');

const started = Date.now();
await build({
  entryPoints: {
    modeler: path.join(here, 'src/modeler.js'),
    'modeler-styles': path.join(here, 'src/modeler.css')
  },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  target: ['es2020'],
  outdir,
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  assetNames: 'assets/[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning'
});
// The owner's page of a process (/processes/{key}) is for process owners, not only
// authors: its bundle sits beside the modeler's (static/process-view), outside /modeler/**,
// which only authors may load.
const processViewOutdir = path.join(path.dirname(outdir), 'process-view');
await build({
  entryPoints: {
    'process-view': path.join(here, 'src/process-view.js'),
    'process-view-styles': path.join(here, 'src/process-view.css'),
    // the documentation page (/processes/{key}/docs) is for owners, authors and operators too
    'process-docs': path.join(here, 'src/process-docs.js'),
    'process-docs-styles': path.join(here, 'src/process-docs.css')
  },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  target: ['es2020'],
  outdir: processViewOutdir,
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  assetNames: 'assets/[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning'
});
// The diff page of a process (/processes/{key}/diff) is for owners, authors and operators:
// its bundle sits beside the others (static/diff-view), outside /modeler/**.
const diffViewOutdir = path.join(path.dirname(outdir), 'diff-view');
await build({
  entryPoints: {
    'diff-view': path.join(here, 'src/diff-view.js'),
    'diff-view-styles': path.join(here, 'src/diff-view.css')
  },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'iife',
  target: ['es2020'],
  outdir: diffViewOutdir,
  loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.eot': 'file', '.svg': 'file' },
  assetNames: 'assets/[name]-[hash]',
  legalComments: 'linked',
  logLevel: 'warning'
});
console.log(`modeler and process-view bundles written to ${outdir} and ${processViewOutdir} in ${Date.now() - started} ms`);
