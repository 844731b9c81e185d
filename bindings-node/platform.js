'use strict'
// Which native addon package fits this process (the napi-rs per-platform
// convention): `skuwire-<id>` holding `skuwire.<id>.node`, where <id> is
// `<platform>-<arch>[-<abi>]`. Used by binding.js; pure, so it is tested for
// every platform on any one.

const fs = require('node:fs')

/** The platforms a release builds (bindings-node/npm/<id>/). */
const PLATFORM_IDS = Object.freeze([
  'linux-x64-gnu', 'linux-arm64-gnu', 'linux-x64-musl', 'linux-arm64-musl',
  'darwin-x64', 'darwin-arm64', 'win32-x64-msvc',
])

/** Whether this Linux process runs on musl libc (Alpine…) rather than glibc. */
function isMusl() {
  // Alpine's ldd is a one-line script naming ld-musl; glibc's never says musl.
  try {
    return fs.readFileSync('/usr/bin/ldd', 'latin1').includes('musl')
  } catch {
    // No ldd (distroless images): glibc's Node reports its glibc, musl's none.
    const excluded = process.report.excludeNetwork
    try {
      process.report.excludeNetwork = true
      return !process.report.getReport().header.glibcVersionRuntime
    } catch {
      return false
    } finally {
      process.report.excludeNetwork = excluded
    }
  }
}

/** The platform id of a platform/arch/libc, or null when no release is built for it. */
function platformId(platform = process.platform, arch = process.arch, musl = platform === 'linux' && isMusl()) {
  let id = `${platform}-${arch}`
  if (platform === 'linux') id += musl ? '-musl' : '-gnu'
  else if (platform === 'win32') id += '-msvc'
  return PLATFORM_IDS.includes(id) ? id : null
}

module.exports = { PLATFORM_IDS, isMusl, platformId }
