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
console.log(`modeler bundle written to ${outdir} in ${Date.now() - started} ms`);
