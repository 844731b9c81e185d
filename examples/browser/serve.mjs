// A tiny static server for the example: the page from this folder, the wasm
// package (`--target web`, written by scripts/build-wasm.sh) under /pkg/.
//   node examples/browser/serve.mjs [port]   → http://127.0.0.1:<port>/
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const PKG = process.env.SKUWIRE_WASM_PKG_WEB || path.resolve(here, '../../target/wasm/pkg/web');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.ts': 'text/plain; charset=utf-8' };

function resolve(urlPath) {
  const clean = decodeURIComponent(urlPath.split('?')[0]);
  const [root, rest] = clean.startsWith('/pkg/') ? [PKG, clean.slice(5)] : [here, clean === '/' ? 'index.html' : clean.slice(1)];
  const file = path.resolve(root, rest);
  return file.startsWith(root + path.sep) ? file : null; // no escaping the roots
}

export function serve(port = 0, host = '127.0.0.1') {
  const server = http.createServer((req, res) => {
    const file = req.method === 'GET' ? resolve(req.url) : null;
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] || 8080));
  const { port } = server.address();
  console.log(`skuwire example: http://127.0.0.1:${port}/  (package from ${PKG})`);
}
