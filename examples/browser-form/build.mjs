// Bundles the example with esbuild: main.js + TanStack Form + skuwire's
// browser package (--target web, written by scripts/build-wasm.sh) into
// dist/, the .wasm copied next to the bundle by the `file` loader.
//   node examples/browser-form/build.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const PKG = process.env.SKUWIRE_WASM_PKG_WEB || path.resolve(here, '../../target/wasm/pkg/web');

// Where an app imports the package it installed from npm, this example
// resolves the same names to the local build.
const FILES = {
  'skuwire-browser': 'skuwire.js',
  'skuwire-browser/forms': 'forms.js',
  'skuwire-browser/skuwire_bg.wasm': 'skuwire_bg.wasm',
};
const localPackage = {
  name: 'skuwire-browser-local',
  setup(b) {
    b.onResolve({ filter: /^skuwire-browser(\/.*)?$/ }, (args) => {
      const file = FILES[args.path];
      return file ? { path: path.join(PKG, file) } : { errors: [{ text: `no ${args.path} in ${PKG}` }] };
    });
  },
};

export async function build() {
  return esbuild.build({
    entryPoints: [path.join(here, 'main.js')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outdir: path.join(here, 'dist'),
    loader: { '.wasm': 'file' },
    plugins: [localPackage],
    minify: true,
    metafile: true,
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await build();
  for (const [file, info] of Object.entries(result.metafile.outputs)) console.log(`${file} ${info.bytes} bytes`);
}
