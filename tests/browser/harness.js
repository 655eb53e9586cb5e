// Shared helpers for the browser tests: start our servers on free
// loopback ports, drive Debian's chromium headless through playwright-core,
// and fail loudly with a timeout instead of hanging.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const net = require('node:net');
const { chromium } = require('playwright-core');

// A port nobody listens on right now.
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Start a server and resolve once it accepts connections on port.
async function startServer(command, args, port, env = {}) {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const deadline = Date.now() + 10000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${command} exited ${child.exitCode}: ${stderr}`);
    }
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) return { child, stderr: () => stderr };
    if (Date.now() > deadline) throw new Error(`${command} did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stop(server) {
  if (server && server.child.exitCode === null) server.child.kill('SIGTERM');
}

async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
      '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

function mint(...args) {
  return execFileSync('jwt-mint', args, { encoding: 'utf8' }).trim();
}

// Run the test body with a global timeout, report, and exit.
function run(name, body, timeoutMs = 60000) {
  const timer = setTimeout(() => {
    console.error(`${name}: timed out after ${timeoutMs} ms`);
    process.exit(1);
  }, timeoutMs);
  body().then(() => {
    clearTimeout(timer);
    console.log(`ok ${name}`);
    process.exit(0);
  }, (err) => {
    clearTimeout(timer);
    console.error(`${name}: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
  });
}

function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

module.exports = { freePort, startServer, stop, launch, mint, run, assert };
