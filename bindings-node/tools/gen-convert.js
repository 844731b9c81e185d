'use strict'
// Writes convert.js (CommonJS) from ../js/convert.mjs, the one module that
// turns JS values into the JSON text and notes the core reads — for both
// npm packages (this addon's and the browser package, which imports the ES
// module itself). Only the module syntax changes: `export` goes, and the
// exported names become `module.exports`. Run by scripts/build-node.sh.
const fs = require('node:fs')
const path = require('node:path')

const src = path.join(__dirname, '..', '..', 'js', 'convert.mjs')
const out = path.join(__dirname, '..', 'convert.js')
const text = fs.readFileSync(src, 'utf8')
const names = [...text.matchAll(/^export (?:async )?(?:function|const|let|class) (\w+)/gm)].map((m) => m[1])
if (names.length === 0) throw new Error(`${src}: no exports found`)
const body = text.replace(/^export (?=(?:async )?(?:function|const|let|class) )/gm, '')
if (/^export /m.test(body)) throw new Error(`${src}: an export form this tool does not rewrite`)
fs.writeFileSync(out, `// Generated from js/convert.mjs by tools/gen-convert.js: do not edit.\n'use strict'\n${body}\nmodule.exports = { ${names.join(', ')} }\n`)
