// What the browser tests share: starting the real server binary on a free port, finding and
// launching Debian's Chromium through playwright-core, and keeping every request on this
// machine (anything else is aborted and recorded, so a test can prove the UI works offline).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const repo = resolve(here, '..', '..');
export const artifacts = resolve(here, '..', 'test-results');

// The flags this machine's Chromium needs: no sandbox as root, and no background traffic to
// Google's services, which the closed network refuses.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** chromiumPath returns the Chromium to drive, or '' when there is none. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((p) => existsSync(p)) ?? '';
}

/**
 * browserUnavailable says why the browser tests cannot run, or '' when they can. With
 * REQUIRE_BROWSER=1 the tests fail instead of skipping.
 */
export function browserUnavailable() {
  if (!chromiumPath()) return 'no Chromium at /usr/bin/chromium (apt-get install chromium) or $CHROMIUM';
  return '';
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: chromiumArgs });
}

/**
 * startServer runs the server binary (KG_SERVER, default bin/server, which `make ui-test`
 * builds) on 127.0.0.1 with a free port and resolves once it listens; env adds to its
 * environment (TRUSTED_DOCUMENTS, for example).
 */
export async function startServer(env = {}) {
  const bin = process.env.KG_SERVER ?? join(repo, 'bin', 'server');
  if (!existsSync(bin)) throw new Error(`no server binary at ${bin}: run make ui-test, or set KG_SERVER`);
  const child = spawn(bin, ['-addr', '127.0.0.1:0', '-log-format', 'json', '-store', 'memory'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CORS_ORIGINS: '', ...env },
  });
  const url = await new Promise((resolveURL, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start in 30 s:\n${buffered}`)), 30000);
    child.stderr.on('data', (chunk) => {
      buffered += chunk;
      for (const line of buffered.split('\n')) {
        try {
          const entry = JSON.parse(line);
          if (entry.msg === 'serving') {
            clearTimeout(timer);
            resolveURL(`http://${entry.addr}`);
          }
        } catch {
          // Not a whole JSON line yet.
        }
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${buffered}`));
    });
  });
  return {
    url,
    stop: () => new Promise((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    }),
  };
}

/**
 * offlinePage opens a page whose requests may only reach this machine; others are aborted and
 * listed in `blocked`. Page errors and console errors are collected too.
 */
export async function offlinePage(browser, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const blocked = [];
  const errors = [];
  await context.route('**/*', (route) => {
    const { hostname, protocol } = new URL(route.request().url());
    if (protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1' || hostname === 'localhost') {
      return route.continue();
    }
    blocked.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return { context, page, blocked, errors };
}

export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  const path = join(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
