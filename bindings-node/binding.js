'use strict'
// Loads the native addon. A local build (scripts/build-node.sh) leaves
// `skuwire.<id>.node` next to this file, and it wins. A release ships the
// addon in one package per platform, `skuwire-<id>`, which npm installs as an
// optional dependency of `skuwire` — only the one whose os/cpu/libc match
// (platform.js names it). That package must be this package's exact
// version: an addon of another version may have another API, so it is
// refused rather than guessed at.

const fs = require('node:fs')
const path = require('node:path')
const { PLATFORM_IDS, platformId, isMusl } = require('./platform.js')
const { name, version } = require('./package.json')

function load() {
  const id = platformId()
  if (id === null) {
    const libc = process.platform === 'linux' ? (isMusl() ? ' (musl)' : ' (glibc)') : ''
    throw new Error(`${name}: no native addon is built for ${process.platform}-${process.arch}${libc}; ` +
      `there is one for ${PLATFORM_IDS.join(', ')}`)
  }
  const local = path.join(__dirname, `${name}.${id}.node`)
  if (fs.existsSync(local)) return require(local)
  const pkg = `${name}-${id}`
  let installed
  try {
    installed = require(`${pkg}/package.json`).version
  } catch (e) {
    const err = new Error(`${name}: its native addon for this platform, ${pkg}, is not installed. npm installs ` +
      `it with ${name} unless optional dependencies were left out (--omit=optional) or the lock file was made ` +
      `on another platform; run \`npm install ${pkg}@${version}\`.`)
    err.cause = e
    throw err
  }
  if (installed !== version) {
    throw new Error(`${name}: ${pkg} is version ${installed} but ${name} is ${version}; ` +
      `run \`npm install ${pkg}@${version}\`.`)
  }
  return require(pkg)
}

module.exports = load()
