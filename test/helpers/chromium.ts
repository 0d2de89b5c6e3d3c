import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { commandPath } from './agents.js';

/** Debian's chromium, headless, kept off the network: every background service it has is switched off. */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars', '--enable-logging=stderr', '--v=0'];

export function chromiumPath(): string | undefined {
  return commandPath('chromium') ?? commandPath('chromium-browser');
}

function run(args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const profile = mkdtempSync(join(tmpdir(), 'printscan-chromium-'));
  return new Promise((resolve, reject) => {
    const child = spawn(chromiumPath()!, [...FLAGS, `--user-data-dir=${profile}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(profile, { recursive: true, force: true });
      resolve({ stdout, stderr, code });
    });
  });
}

/** What the page logged to its console, or refused to load: none of it belongs in a clean page. */
export function consoleTrouble(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /CONSOLE|Refused to|Failed to load|Uncaught/.test(l));
}

export async function screenshot(file: string, png: string, width: number, height: number): Promise<{ stderr: string }> {
  const r = await run([`--window-size=${width},${height}`, `--screenshot=${png}`, pathToFileURL(file).href]);
  if (r.code !== 0) throw new Error(`chromium exited ${r.code}: ${r.stderr.slice(-500)}`);
  return r;
}

/** The DOM after the page loaded, as chromium serialises it. */
export async function renderedDom(file: string): Promise<{ dom: string; stderr: string }> {
  const r = await run(['--dump-dom', pathToFileURL(file).href]);
  if (r.code !== 0) throw new Error(`chromium exited ${r.code}: ${r.stderr.slice(-500)}`);
  return { dom: r.stdout, stderr: r.stderr };
}
