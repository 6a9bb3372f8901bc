// End-to-end test of interactive Jupyter in a real browser, and of the offline book. Run by environment/browser/run.sh
// (part of `environment/dlnotes test`). For each front end, JupyterLab 4 (`lab`) and then the classic Notebook 6
// (`classic`; DLNOTES_BROWSER_FRONT_ENDS=lab or =classic runs one), it
//   1. starts Jupyter through our launch command (`environment/dlnotes lab --port N`, `... jupyter --port N`) on
//      a scratch copy of the notebook under target/browser/{lab-,}notebooks/ (the committed ones stay without outputs);
//   2. checks security: no token -> 403, a wrong token -> 403, the server listens on loopback only, no process's
//      command line holds the token (it goes to the server in its environment); the kept server log has the token
//      replaced by <token> and is owner-only;
//   3. drives Debian's Chromium headless (playwright-core, no browser download) through the front end's own UI (the
//      classic's is described here; labSession below does the same in JupyterLab): opens 00-environment.ipynb, Cell ->
//      Run All, waits for the kernel to go idle, asserts no error output, the charts visible and not blank (pixels),
//      the tables visible; tab completion on a library class; interrupting a long training loop (Kernel ->
//      Interrupt) and using the kernel afterwards; Kernel -> Restart & Clear Output, then Run All again; File -> Save;
//   4. opens the book target/notebooks/index.html from file:// with every other request blocked: pages, links,
//      images and MathJax work offline;
//   5. always shuts the browser, the server and its kernels down. Screenshots and logs go to target/browser/.
import { chromium } from 'playwright-core';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const OUT = path.join(REPO, 'target', 'browser');
const NOTEBOOK = '00-environment.ipynb';
const BOOK = path.join(REPO, 'target', 'notebooks');
const KERNEL = process.env.DLNOTES_KERNEL || 'java';                     // the kernelspec set-up installed
const KERNEL_DISPLAY = KERNEL === 'java' ? 'Java (dlnotes)' : `Java (dlnotes, ${KERNEL})`;
const CHROMIUM = process.env.DLNOTES_CHROMIUM || '/usr/bin/chromium';
const TOTAL_S = Number(process.env.DLNOTES_BROWSER_TIMEOUT_S || 2700);   // the whole test, a hard bound
const RUN_ALL_S = Number(process.env.DLNOTES_BROWSER_RUN_ALL_S || 420);  // Run All on a loaded 2-core machine
const TRAIN_EPOCHS = 20000;                                              // the cell to interrupt: minutes of training
// How long the training loop runs before the interrupt: long enough to show it keeps running (minutes of epochs
// left), short enough to keep the test within the test command's budget.
const LOOP_SECONDS = 3;
const FRONT_ENDS = (process.env.DLNOTES_BROWSER_FRONT_ENDS || 'lab,classic').split(',').map((f) => f.trim());
const CI = /^true$/i.test(process.env.CI || '');

const started = Date.now();
const failures = [];
const timings = {};
let server = null;
let context = null;
let profile = null;
let kernelRestarts = 0;
const session = { base: null, token: null };

// the token stays out of the console output too (CI keeps it): an error message may quote a URL that holds it
const redact = (text) => (session.token ? String(text).split(session.token).join('<token>') : String(text));
const log = (msg) => console.log(`[browser] ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${redact(msg)}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function check(condition, message) {
  if (condition) {
    log(`ok    ${message}`);
  } else {
    log(`FAIL  ${message}`);
    failures.push(message);
  }
  return condition;
}
class Fatal extends Error {}
// A step that cannot go on: counted once (require_ has counted it already), logged, and the test goes on to clean up.
function fail(e) {
  const message = e instanceof Fatal ? e.message : `unexpected: ${e.stack || e.message}`;
  if (!failures.includes(message)) {
    failures.push(message);
    log(`FAIL  ${message.split('\n')[0]}`);
  }
}
function require_(condition, message) {
  if (!check(condition, message)) throw new Fatal(message);
}
async function step(name, fn) {
  const t0 = Date.now();
  log(`-- ${name}`);
  try {
    return await fn();
  } finally {
    timings[name] = (Date.now() - t0) / 1000;
  }
}
async function until(what, seconds, probe, everyMs = 500) {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Fatal(`timed out after ${seconds} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The server

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// The token as the launch command prints it (48 hex digits): kept out of the log, which CI uploads.
const TOKEN = /[0-9a-f]{48}/g;

const serverLogName = (front) => (front === 'lab' ? 'lab-jupyter.log' : 'jupyter.log');

function startServer(port, notebookDir, front) {
  // owner-only, and the token replaced by <token> line by line (a chunk may end inside the token)
  const logFile = fs.openSync(path.join(OUT, serverLogName(front)), 'w', 0o600);
  fs.fchmodSync(logFile, 0o600);
  const env = { ...process.env, DLNOTES_FAST: process.env.DLNOTES_FAST || '1' };
  if (front === 'lab') {
    // JupyterLab's settings and workspaces in target/browser/: the user's own (theme, open tabs) neither change the
    // test nor are changed by it; no news pop-up over the notebook
    const settings = path.join(OUT, 'lab-settings');
    fs.mkdirSync(path.join(settings, '@jupyterlab', 'apputils-extension'), { recursive: true });
    fs.writeFileSync(path.join(settings, '@jupyterlab', 'apputils-extension', 'notification.jupyterlab-settings'),
      JSON.stringify({ fetchNews: 'false', checkForUpdates: false }));
    // no autosave: the save step checks that File > Save writes the outputs
    fs.mkdirSync(path.join(settings, '@jupyterlab', 'docmanager-extension'), { recursive: true });
    fs.writeFileSync(path.join(settings, '@jupyterlab', 'docmanager-extension', 'plugin.jupyterlab-settings'),
      JSON.stringify({ autosave: false }));
    Object.assign(env, { JUPYTERLAB_SETTINGS_DIR: settings, JUPYTERLAB_WORKSPACES_DIR: path.join(OUT, 'lab-workspaces') });
  }
  const child = spawn(path.join(REPO, 'environment', 'dlnotes'),
    [front === 'lab' ? 'lab' : 'jupyter', '--port', String(port), '--notebook-dir', notebookDir],
    { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let printed = '';
  const partial = { stdout: '', stderr: '' };
  const logLines = (stream, d, flush = false) => {
    const text = partial[stream] + d;
    const cut = flush ? text.length : text.lastIndexOf('\n') + 1;
    partial[stream] = text.slice(cut);
    if (cut > 0) fs.writeSync(logFile, text.slice(0, cut).replace(TOKEN, '<token>'));
  };
  child.stdout.on('data', (d) => { printed += d; logLines('stdout', d); });
  child.stderr.on('data', (d) => { printed += d; logLines('stderr', d); });
  child.on('close', () => { logLines('stdout', '', true); logLines('stderr', '', true); });
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.exitedYet = false;
  child.exited.then(() => { child.exitedYet = true; });
  child.url = () => (printed.match(/Open (http:\/\/127\.0\.0\.1:\d+\/(?:tree|lab)\?token=([0-9a-f]+))/) || []);
  child.printed = () => printed;
  return child;
}

// Every process below pid (kernels included: jupyter_client starts them in their own session).
function descendants(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch { /* gone */ }
  }
  const out = [];
  const queue = [pid];
  while (queue.length) {
    for (const c of children.get(queue.shift()) || []) { out.push(c); queue.push(c); }
  }
  return out;
}
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch { return false; } };

async function stopServer(base, token) {
  const s = server;
  if (!s) return;
  server = null;   // a second caller (signal, watchdog) finds nothing to do
  const pids = [s.pid, ...descendants(s.pid)];
  if (!s.exitedYet && base) {
    try {  // the polite way: the server shuts its kernels down and exits
      await fetch(`${base}/api/shutdown`, { method: 'POST', headers: { Authorization: `token ${token}` },
        signal: AbortSignal.timeout(5000) });
    } catch { /* fall through to signals */ }
    await Promise.race([s.exited, sleep(20000)]);
  }
  if (!s.exitedYet) {
    try { process.kill(-s.pid, 'SIGTERM'); } catch { /* gone */ }
    await Promise.race([s.exited, sleep(10000)]);
  }
  const left = pids.filter(alive);
  for (const pid of left) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  if (left.length) log(`killed ${left.length} process(es) left behind by the server: ${left.join(' ')}`);
  log(`server stopped (${pids.length} process(es) with its kernels)`);
}

// LISTEN sockets on a port, from /proc/net/tcp{,6}: [{address, loopback}]
function listeners(port) {
  const found = [];
  for (const [file, v6] of [['/proc/net/tcp', false], ['/proc/net/tcp6', true]]) {
    let text = '';
    try { text = fs.readFileSync(file, 'utf8'); } catch { continue; }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== '0A') continue;  // 0A = LISTEN
      const [hexAddr, hexPort] = cols[1].split(':');
      if (parseInt(hexPort, 16) !== port) continue;
      const loopback = v6
        ? hexAddr === '00000000000000000000000001000000' || /^0000000000000000FFFF00000100007F$/i.test(hexAddr)
        : hexAddr.toUpperCase().endsWith('7F');  // little-endian: 127.x.x.x ends in 7F
      found.push({ address: (v6 ? 'tcp6 ' : 'tcp ') + hexAddr, loopback });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// The notebook page

const KERNEL_IDLE = () => {
  const k = window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel;
  const icon = document.querySelector('#kernel_indicator_icon');
  return !!(k && k.is_connected() && icon && icon.classList.contains('kernel_idle_icon'));
};

async function prompts(page, ui = CLASSIC_UI) {
  return page.$$eval(ui.prompts, (els) => els.map((e) => e.textContent.replace(/\s+/g, '')));
}

async function waitRunAll(page, seconds, label, ui = CLASSIC_UI) {
  const t0 = Date.now();
  let last = '';
  await until(`${label}: every code cell executed and the kernel idle`, seconds, async () => {
    const p = await prompts(page, ui);
    // all numbered, or none waiting any more after an error (the cells after a failing one are not run)
    const errors = (await page.$$(ui.outputs.errors)).length;
    const done = p.length > 0 && (p.every((x) => /^(In)?\[\d+\]:$/.test(x)) || (errors > 0 && !p.some((x) => x.includes('*'))));
    const idle = await page.evaluate(ui.idle);
    const now = p.join(' ');
    if (now !== last) { last = now; log(`   prompts: ${now}`); }
    return done && idle;
  }, 1000);
  return (Date.now() - t0) / 1000;
}

// Waits for the kernel. rapaio-jupyter-kernel 3.0.1 sometimes never answers the notebook server on a loaded machine
// (its shell loop thread is gone; see the README's Troubleshooting); then the test saves the kernel's thread dump and
// restarts the kernel, as the README tells a learner to, at most twice: through the server's REST API, since the
// page's Kernel menu may not react while it is still "Connecting to kernel". Each restart is logged as a WARNING.
async function kernelReady(page, what, ui = CLASSIC_UI) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await until(what, attempt < 2 ? 120 : 240, () => page.evaluate(ui.idle), 1000);
    } catch (e) {
      if (!(e instanceof Fatal) || attempt === 2) throw e;
      const dump = threadDump(`kernel-hang-${attempt + 1}-jstack.txt`);
      log(`WARNING the kernel did not answer in 120 s (thread dump: ${dump}); Kernel > Restart, as the README advises`);
      kernelRestarts++;
      const id = await notebookKernelId();
      const r = await fetch(`${session.base}/api/kernels/${id}/restart`, { method: 'POST',
        headers: { Authorization: `token ${session.token}` }, signal: AbortSignal.timeout(120000) });
      log(`   restart of kernel ${id}: HTTP ${r.status}; reloading the page to connect to it`);
      await page.reload({ timeout: 60000 });   // the page's old connection does not come back by itself
      await until('the notebook page', 60, () => page.evaluate(ui.loaded));
    }
  }
}

// The id of the kernel that the server runs for the test's notebook (its session).
async function notebookKernelId() {
  const r = await fetch(`${session.base}/api/sessions`, { headers: { Authorization: `token ${session.token}` },
    signal: AbortSignal.timeout(15000) });
  const found = (await r.json()).find((s) => s.path === NOTEBOOK || s.path.endsWith(`/${NOTEBOOK}`));
  if (!found) throw new Fatal(`the server has no session for ${NOTEBOOK}`);
  return found.kernel.id;
}

// jstack of the server's Java kernels into target/browser/, for the record.
function threadDump(name) {
  if (!server) return 'no server';
  const kernels = descendants(server.pid).filter((pid) => {
    try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('KernelLauncher'); } catch { return false; }
  });
  const jstack = ['/usr/lib/jvm/java-17-openjdk-amd64/bin/jstack', process.env.JAVA_HOME && `${process.env.JAVA_HOME}/bin/jstack`]
    .find((j) => j && fs.existsSync(j)) || 'jstack';
  const file = path.join(OUT, name);
  const r = spawnSync(jstack, kernels.map(String).slice(0, 1), { encoding: 'utf8', timeout: 30000 });
  fs.writeFileSync(file, `kernel pids: ${kernels.join(' ')}\n${r.stdout || ''}${r.stderr || ''}`);
  return path.relative(REPO, file);
}

async function menu(page, menuId, itemId) {
  await page.click(`#${menuId}`);
  await page.click(`#${itemId} > a`);
}

// Pixels of an <img> drawn on a canvas: how much of it is not white, how much is coloured, how many colours.
async function imageStats(img) {
  return img.evaluate((el) => {
    const c = document.createElement('canvas');
    c.width = el.naturalWidth; c.height = el.naturalHeight;
    const g = c.getContext('2d');
    g.drawImage(el, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let nonWhite = 0; let coloured = 0; const colours = new Set();
    for (let i = 0; i < d.length; i += 4) {
      const [r, gr, b] = [d[i], d[i + 1], d[i + 2]];
      if (r < 240 || gr < 240 || b < 240) nonWhite++;
      if (Math.max(r, gr, b) - Math.min(r, gr, b) > 60) coloured++;
      colours.add((r >> 4) << 8 | (gr >> 4) << 4 | (b >> 4));
    }
    const n = d.length / 4;
    return { width: c.width, height: c.height, nonWhite: nonWhite / n, coloured: coloured / n, colours: colours.size };
  });
}

// Where each front end puts a cell's error, a PNG output's image and an HTML output's tables. JupyterLab shows an
// error as stderr text (00 writes nothing else to stderr), and keeps every cell in the page (windowing mode
// contentVisibility, its default).
const CLASSIC_OUTPUTS = { errors: '.output_area .output_error', images: '.output_png img', tables: '.output_html table' };
const LAB_OUTPUTS = {
  errors: '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
  images: '.jp-OutputArea-output[data-mime-type="image/png"] img',
  tables: '.jp-OutputArea-output[data-mime-type="text/html"] table',
};

// What the test reads from each front end's page: the kernel idle, the page loaded, the code cells' prompts, outputs.
const CLASSIC_UI = {
  idle: KERNEL_IDLE,
  loaded: () => !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded),
  prompts: '.code_cell .input_prompt',
  outputs: CLASSIC_OUTPUTS,
};
const LAB_NOTEBOOK = '.jp-NotebookPanel:not(.lm-mod-hidden)';
const LAB_UI = {
  // the notebook toolbar's execution indicator (data-status idle, busy, ...; idle also before a kernel is there)
  // and the status bar's "KERNEL | Idle" (not "| Initializing", "| Connecting", "| Busy", ...)
  idle: () => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator')
    ?.dataset.status === 'idle'
    && [...document.querySelectorAll('.jp-StatusBar-TextItem')].some((e) => /\S \| Idle$/.test(e.textContent.trim())),
  loaded: () => !!document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-CodeCell'),
  prompts: `${LAB_NOTEBOOK} .jp-CodeCell .jp-InputArea-prompt`,
  outputs: LAB_OUTPUTS,
};

async function checkExecutedNotebook(page, label, outputs = CLASSIC_OUTPUTS) {
  const errors = await page.$$eval(outputs.errors, (els) => els.map((e) => e.innerText.slice(0, 400)));
  check(errors.length === 0, `${label}: no error output${errors.length ? `, but: ${errors.join(' | ')}` : ''}`);
  const images = await page.$$(outputs.images);
  check(images.length >= 2, `${label}: ${images.length} chart images (the training history and the confusion matrix)`);
  for (const [i, img] of images.entries()) {
    await img.scrollIntoViewIfNeeded();
    const box = await img.boundingBox();
    const stats = await imageStats(img);
    const shown = (await img.isVisible()) && box && box.width > 200 && box.height > 150;
    check(shown, `${label}: chart ${i + 1} is visible on the page (${box ? `${Math.round(box.width)}x${Math.round(box.height)} px` : 'no box'})`);
    check(stats.nonWhite > 0.02 && stats.coloured > 0.002 && stats.colours >= 8,
      `${label}: chart ${i + 1} is not blank (${stats.width}x${stats.height}: ${(100 * stats.nonWhite).toFixed(1)} % `
      + `non-white, ${(100 * stats.coloured).toFixed(2)} % coloured, ${stats.colours} colours)`);
  }
  const tables = await page.$$eval(outputs.tables, (els) => els.map((t) => ({
    visible: t.getBoundingClientRect().width > 0 && t.getBoundingClientRect().height > 0,
    header: [...t.querySelectorAll('th')].map((h) => h.textContent.trim()).join(','),
    rows: t.querySelectorAll('tbody tr').length,
  })));
  check(tables.length >= 5 && tables.every((t) => t.visible), `${label}: ${tables.length} tables, all visible`);
  const iris = tables.find((t) => t.header.includes('sepal_length_cm') && t.header.includes('label'));
  check(iris && iris.rows === 5, `${label}: the iris table shows its first 5 flowers (${iris ? iris.rows : 'none'})`);
  return images;
}

async function newCellBelowWith(page, code) {
  await page.keyboard.press('Escape');       // command mode
  await page.keyboard.press('b');            // insert a cell below and select it
  await page.keyboard.press('Enter');        // edit mode
  await page.keyboard.insertText(code);      // as a paste does: no auto-closed brackets
}

async function editSelected(page) {
  await page.click('.cell.selected .input_area');   // edit mode in the selected cell
}

async function outputOfSelected(page) {
  return page.evaluate(() => {
    const cell = document.querySelector('.cell.selected');
    return cell ? cell.querySelector('.output_wrapper').innerText : '';
  });
}

async function screenshot(page, name, opts = {}) {
  const file = path.join(OUT, name);
  await page.screenshot({ path: file, ...opts });
  log(`   screenshot ${path.relative(REPO, file)}`);
}

// The whole notebook in one picture: the page is as tall as the notebook, capped.
async function fullScreenshot(page, name) {
  const height = await page.evaluate(() => document.querySelector('#notebook').scrollHeight + 150);
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: viewport.width, height: Math.min(height, 12000) });
  await page.evaluate(() => document.querySelector('#site').scrollTo(0, 0));
  await sleep(500);
  await screenshot(page, name);
  await page.setViewportSize(viewport);
}

// ---------------------------------------------------------------------------------------------------------------
// The session

async function interactive(page, base, token, notebookDir) {
  await step('open the notebook', async () => {
    await page.goto(`${base}/notebooks/${NOTEBOOK}?token=${token}`, { timeout: 60000 });
    await until('the notebook page', 60, () => page.evaluate(() => !!(window.Jupyter && Jupyter.notebook
      && Jupyter.notebook._fully_loaded)));
    await kernelReady(page, 'the java kernel to start and go idle');
    const kernel = await page.textContent('#kernel_indicator .kernel_indicator_name');
    require_(kernel.trim() === KERNEL_DISPLAY, `the notebook runs the kernel "${KERNEL_DISPLAY}" (shows "${kernel.trim()}")`);
  });

  const cells = await page.$$eval('.code_cell', (els) => els.length);
  await step('Cell > Run All', async () => {
    await menu(page, 'celllink', 'run_all_cells');
    const seconds = await waitRunAll(page, RUN_ALL_S, 'Run All');
    log(`   ${cells} code cells ran in ${seconds.toFixed(1)} s`);
    await checkExecutedNotebook(page, 'Run All');
    const charts = await page.$$('.output_png img');
    await charts[0].scrollIntoViewIfNeeded();
    await screenshot(page, '01-chart.png');
    await page.evaluate(() => document.querySelector('#site').scrollTo(0, 0));
    await screenshot(page, '00-top.png');
    await fullScreenshot(page, '02-notebook-executed.png');
  });

  await step('tab completion', async () => {
    await page.locator('.code_cell').last().locator('.input_area').click();
    await newCellBelowWith(page, 'Datasets.');
    await page.keyboard.press('Tab');
    const options = await until('completion candidates', 60, async () => {
      const o = await page.$$eval('#complete select option', (els) => els.map((e) => e.textContent));
      return o.length ? o : null;
    });
    log(`   ${options.length} candidates for "Datasets.": ${options.slice(0, 12).join(' ')}`);
    check(options.some((o) => o.startsWith('iris')) && options.some((o) => o.startsWith('mnistTrain')),
      'tab completion on the library class Datasets offers iris and mnistTrain');
    await screenshot(page, '03-completion.png');
    await page.keyboard.press('Escape');
    await until('the completion list to close', 10, async () => (await page.$$('#complete')).length === 0);
    // a single candidate is inserted in place
    await editSelected(page);
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('LineChar');
    await page.keyboard.press('Tab');
    const text = await until('the completed class name', 30, () => page.evaluate(() => {
      const t = Jupyter.notebook.get_selected_cell().get_text();
      return t.startsWith('LineCharts') ? t : null;
    }));
    check(text.startsWith('LineCharts'), `tab completion completes "LineChar" to "${text}"`);
  });

  await step('interrupt a long training loop', async () => {
    await editSelected(page);
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText([
      '// trains the notebook\'s network for ' + TRAIN_EPOCHS + ' epochs (minutes), unless interrupted',
      `Trainer.of(net).fastMode(false).epochs(${TRAIN_EPOCHS}).progressEvery(100).fit(scaled.train().batches(16, 42));`,
    ].join('\n'));
    await page.keyboard.press('Control+Enter');            // run this cell
    const runStart = Date.now();
    await until('the kernel to be busy with the loop', 30, async () => !(await page.evaluate(KERNEL_IDLE)), 200);
    await sleep(LOOP_SECONDS * 1000);
    const prompt = await page.evaluate(() => Jupyter.notebook.get_selected_cell().input_prompt_number);
    require_(prompt === '*' && !(await page.evaluate(KERNEL_IDLE)), `the loop is still running after ${LOOP_SECONDS} s (In [${prompt}], kernel busy)`);
    log(`   output while it runs: "${(await outputOfSelected(page)).replace(/\s+/g, ' ').slice(-200)}"`);
    await screenshot(page, '04-training-running.png');
    await menu(page, 'kernellink', 'int_kernel');
    const interruptAt = Date.now();
    // The kernel reports idle once training has stopped; the cell gets its prompt number and the trainer's error.
    await until('the kernel to go idle after the interrupt', 60, () => page.evaluate(KERNEL_IDLE), 500);
    const stopped = (Date.now() - interruptAt) / 1000;
    const ran = (Date.now() - runStart) / 1000;
    await until('the interrupted cell to get its prompt number', 30, () => page.evaluate(
      () => typeof Jupyter.notebook.get_selected_cell().input_prompt_number === 'number'), 500);
    const out = await outputOfSelected(page);
    log(`   interrupted cell output: "${out.replace(/\s+/g, ' ').slice(-300)}"`);
    check(stopped < 30 && out.includes('TrainingInterruptedException') && !out.includes(`epoch ${TRAIN_EPOCHS}/`),
      `Kernel > Interrupt: the kernel is idle ${stopped.toFixed(1)} s after the click (training had run `
      + `${ran.toFixed(1)} s) and the cell shows TrainingInterruptedException`);
    await screenshot(page, '05-interrupted.png');
    // The kernel stays usable: the next cells complete and keep the notebook's state (the loop's counter, the
    // network). A cell that never completes fails the test.
    const runCell = async (code, label) => {
      await newCellBelowWith(page, code);
      await page.keyboard.press('Control+Enter');
      await until(label, 90, async () => {
        const idle = await page.evaluate(KERNEL_IDLE);
        const p = await page.evaluate(() => Jupyter.notebook.get_selected_cell().input_prompt_number);
        return idle && typeof p === 'number';
      });
      return (await outputOfSelected(page)).replace(/^\s*Out\[\d+\]:\s*/, '').trim();   // the value, no prompt
    };
    const first = await runCell('net.getEpochCount()', 'the first cell after the interrupt to complete');
    log(`   the first cell after the interrupt completed; output: "${first}"`);
    const second = await runCell('int before = net.getEpochCount();\nThread.sleep(2000);\n'
      + 'before + " -> " + net.getEpochCount() + " epochs, flowers " '
      + '+ ConfusionMatrix.of(scaled.test().labels(), net.output(scaled.test().features())).total()',
    'the second cell after the interrupt to complete');
    await screenshot(page, '05b-after-interrupt.png');
    const m = second.match(/(\d+) -> (\d+) epochs, flowers (\d+)/);
    check(/^\d+$/.test(first) && Number(first) > 0, `the first cell after the interrupt shows the epoch count: "${first}"`);
    check(m && m[1] === m[2] && m[3] === '30',
      `after the interrupt the epoch count stands still and the network is kept: "${second}"`);
    // remove the three added cells again (command mode: d d)
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Escape');
      await page.keyboard.press('d');
      await page.keyboard.press('d');
    }
    const now = await page.$$eval('.code_cell', (els) => els.length);
    require_(now === cells, `the added cells are deleted again (${now} code cells)`);
  });

  await step('Kernel > Restart & Clear Output, then Run All', async () => {
    await page.evaluate(() => {
      window.__dlnotesReady = false;
      Jupyter.notebook.events.one('kernel_ready.Kernel', () => { window.__dlnotesReady = true; });
    });
    await menu(page, 'kernellink', 'restart_clear_output');
    await page.click('.modal-dialog .modal-footer button.btn-danger');
    await until('the restarted kernel to announce itself', 90, () => page.evaluate(() => window.__dlnotesReady), 1000)
      .catch(() => log('   no kernel_ready event in 90 s; waiting for an idle kernel'));
    await kernelReady(page, 'the restarted kernel to go idle');
    // the notebook clears the outputs once the new kernel answers; if it had to be restarted again, clear them here
    if ((await page.$$('.output_png img')).length > 0) {
      log('   outputs still there: Cell > All Output > Clear');
      await page.click('#celllink');
      await page.hover('#all_outputs');
      await page.click('#clear_all_output > a');
    }
    await until('the outputs to clear', 30, async () => (await page.$$('.output_png img')).length === 0);
    const cleared = await prompts(page);
    check(cleared.every((p) => p === 'In[]:'), `after the restart every prompt is empty (${cleared.join(' ')})`);
    await menu(page, 'celllink', 'run_all_cells');
    const seconds = await waitRunAll(page, RUN_ALL_S, 'Run All after the restart');
    log(`   re-run in ${seconds.toFixed(1)} s`);
    const numbers = (await prompts(page)).map((p) => Number(p.match(/\d+/)[0]));
    check(numbers.every((n, i) => n === i + 1),
      `the fresh kernel numbered the cells 1..${cells} (${numbers.join(' ')}); without a restart they would go on`);
    await checkExecutedNotebook(page, 'after the restart');
    const charts = await page.$$('.output_png img');
    await charts[0].scrollIntoViewIfNeeded();
    await screenshot(page, '06-restarted-rerun.png');
  });

  await step('File > Save and Checkpoint', async () => {
    const file = path.join(notebookDir, NOTEBOOK);
    const before = fs.statSync(file).mtimeMs;
    await menu(page, 'filelink', 'save_checkpoint');
    const saved = await until('the saved notebook', 30, () => {
      if (fs.statSync(file).mtimeMs === before) return null;
      try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return null; }
    });
    const outputs = saved.cells.flatMap((c) => c.outputs || []);
    check(outputs.some((o) => o.data && o.data['image/png']) && outputs.some((o) => o.data && o.data['text/html'])
      && !outputs.some((o) => o.output_type === 'error'),
    `the saved ${path.relative(REPO, file)} holds the charts and tables and no error`);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The session in JupyterLab 4, through its own UI: menu bar, notebook toolbar, keyboard, completer, dialogs.

async function labMenu(page, label, command) {
  await page.click(`.lm-MenuBar-item:has(.lm-MenuBar-itemLabel:text-is("${label}"))`);
  await page.click(`.lm-Menu-item[data-command="${command}"]`);
}
const labActive = `${LAB_NOTEBOOK} .jp-Cell.jp-mod-active`;
const labActivePrompt = (page) => page.$eval(`${labActive} .jp-InputArea-prompt`, (e) => e.textContent.replace(/\s+/g, ''));
const labActiveText = (page) => page.$eval(`${labActive} .cm-content`, (e) => e.innerText);
const labActiveOutput = (page) => page.$eval(labActive, (e) => e.querySelector('.jp-OutputArea')?.innerText || '');
const labCodeCells = (page) => page.$$eval(`${LAB_NOTEBOOK} .jp-CodeCell`, (els) => els.length);

async function labNewCellBelowWith(page, code) {
  await page.keyboard.press('Escape');       // command mode
  await page.keyboard.press('b');            // insert a cell below and select it
  await page.keyboard.press('Enter');        // edit mode
  await page.keyboard.insertText(code);      // as a paste does: no auto-closed brackets
}

async function labReplaceActiveText(page, code) {
  await page.click(`${labActive} .cm-content`);
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(code);
}

// The whole notebook in one picture: the window as tall as the notebook's scrolled content, capped.
async function labFullScreenshot(page, name) {
  const scroller = `${LAB_NOTEBOOK} .jp-WindowedPanel-outer`;
  const height = await page.$eval(scroller, (e) => e.scrollHeight + 200);
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: viewport.width, height: Math.min(height, 12000) });
  await page.$eval(scroller, (e) => e.scrollTo(0, 0));
  await sleep(1000);
  await screenshot(page, name);
  await page.setViewportSize(viewport);
}

// JupyterLab 4 shows the kernel's status from status messages only, and ignores those whose parent is one of the
// server's untracked message types (kernel_info_request, ...): rapaio-jupyter-kernel 3.0.1 did not answer the
// history_request that JupyterLab sends next, so it showed the kernel as "Unknown" (environment/KernelLauncher.java,
// answerHistoryRequests). Should that come back, this says so plainly, instead of waiting out the kernel restarts that
// are meant for a kernel that does not answer.
async function labKernelKnown(page) {
  let since = null;
  await until('JupyterLab to show the kernel status', 300, async () => {
    const bar = await page.$$eval('.jp-StatusBar-TextItem', (els) => els.map((e) => e.textContent.trim()));
    if (!bar.some((t) => /\S \| Unknown$/.test(t))) { since = null; return bar.some((t) => /\S \| (Idle|Busy)$/.test(t)); }
    let state = null;
    try {
      const r = await fetch(`${session.base}/api/kernels/${await notebookKernelId()}`, {
        headers: { Authorization: `token ${session.token}` }, signal: AbortSignal.timeout(15000) });
      state = (await r.json()).execution_state;
    } catch { /* asked again */ }
    if (state !== 'idle') { since = null; return false; }
    since = since || Date.now();
    if (Date.now() - since > 60000) {
      throw new Fatal('JupyterLab shows the kernel as "Unknown" for 60 s while the server reports it idle: it got no '
        + 'status message in answer to a request it tracks (history_request, execute_request; environment/README.md, Browser test)');
    }
    return false;
  }, 2000);
}

async function labSession(page, base, token, notebookDir) {
  const file = path.join(notebookDir, NOTEBOOK);
  await step('lab: open the notebook', async () => {
    await page.goto(`${base}/lab/tree/${NOTEBOOK}?token=${token}`, { timeout: 120000 });
    await until('the notebook in JupyterLab', 120, () => page.evaluate(LAB_UI.loaded));
    await labKernelKnown(page);
    await kernelReady(page, 'the java kernel to start and go idle', LAB_UI);
    const kernel = (await page.textContent(`${LAB_NOTEBOOK} .jp-Toolbar-kernelName`)).trim();
    require_(kernel === KERNEL_DISPLAY, `JupyterLab runs the notebook with the kernel "${KERNEL_DISPLAY}" (shows "${kernel}")`);
  });

  const cells = await labCodeCells(page);
  await step('lab: Run > Run All Cells', async () => {
    await labMenu(page, 'Run', 'runmenu:run-all');
    const seconds = await waitRunAll(page, RUN_ALL_S, 'Run All', LAB_UI);
    log(`   ${cells} code cells ran in ${seconds.toFixed(1)} s`);
    const charts = await checkExecutedNotebook(page, 'JupyterLab Run All', LAB_OUTPUTS);
    await charts[0].scrollIntoViewIfNeeded();
    await screenshot(page, 'lab-01-chart.png');
    await page.$eval(`${LAB_NOTEBOOK} .jp-WindowedPanel-outer`, (e) => e.scrollTo(0, 0));
    await screenshot(page, 'lab-00-top.png');
    await labFullScreenshot(page, 'lab-02-notebook-executed.png');
  });

  await step('lab: tab completion', async () => {
    await page.locator(`${LAB_NOTEBOOK} .jp-CodeCell`).last().locator('.cm-content').click();
    await labNewCellBelowWith(page, 'Datasets.');
    await page.keyboard.press('Tab');
    const options = await until('completion candidates', 60, async () => {
      const o = await page.$$eval('.jp-Completer .jp-Completer-item .jp-Completer-match', (els) => els.map((e) => e.textContent));
      return o.length ? o : null;
    });
    log(`   ${options.length} candidates for "Datasets.": ${options.slice(0, 12).join(' ')}`);
    check(options.some((o) => o.startsWith('iris')) && options.some((o) => o.startsWith('mnistTrain')),
      'JupyterLab: tab completion on the library class Datasets offers iris and mnistTrain');
    await screenshot(page, 'lab-03-completion.png');
    await page.keyboard.press('Escape');     // closes the completer, the cell stays in edit mode
    await until('the completer to close', 10, async () => !(await page.isVisible('.jp-Completer')));
    // a single candidate: JupyterLab 4.6 lists it alone (seen here; the classic notebook inserts it in place), and
    // Enter takes it, as a user would; inserted in place counts too
    await labReplaceActiveText(page, 'LineChar');
    await page.keyboard.press('Tab');
    let listed = null;
    const text = await until('the completed class name', 60, async () => {
      const t = await labActiveText(page);
      if (t.startsWith('LineCharts')) return t;
      const o = await page.$$eval('.jp-Completer:not(.lm-mod-hidden) .jp-Completer-item .jp-Completer-match',
        (els) => els.map((e) => e.textContent));
      if (o.length === 1 && o[0] === 'LineCharts' && listed === null) {
        listed = o.join(' ');
        await page.keyboard.press('Enter');
      }
      return null;
    });
    check(text.startsWith('LineCharts'), `JupyterLab: tab completion completes "LineChar" to "${text}"`
      + (listed ? ` (listed alone, taken with Enter)` : ' (inserted in place)'));
  });

  await step('lab: interrupt a long training loop', async () => {
    await labReplaceActiveText(page, [
      '// trains the notebook\'s network for ' + TRAIN_EPOCHS + ' epochs (minutes), unless interrupted',
      `Trainer.of(net).fastMode(false).epochs(${TRAIN_EPOCHS}).progressEvery(100).fit(scaled.train().batches(16, 42));`,
    ].join('\n'));
    await page.keyboard.press('Control+Enter');            // run this cell
    const runStart = Date.now();
    await until('the kernel to be busy with the loop', 30, async () => !(await page.evaluate(LAB_UI.idle)), 200);
    await sleep(LOOP_SECONDS * 1000);
    const prompt = await labActivePrompt(page);
    require_(prompt === '[*]:' && !(await page.evaluate(LAB_UI.idle)), `JupyterLab: the loop is still running after ${LOOP_SECONDS} s (${prompt}, kernel busy)`);
    log(`   output while it runs: "${(await labActiveOutput(page)).replace(/\s+/g, ' ').slice(-200)}"`);
    await screenshot(page, 'lab-04-training-running.png');
    await labMenu(page, 'Kernel', 'kernelmenu:interrupt');
    const interruptAt = Date.now();
    await until('the kernel to go idle after the interrupt', 60, () => page.evaluate(LAB_UI.idle), 500);
    const stopped = (Date.now() - interruptAt) / 1000;
    const ran = (Date.now() - runStart) / 1000;
    await until('the interrupted cell to get its prompt number', 30, async () => /^\[\d+\]:$/.test(await labActivePrompt(page)), 500);
    const out = await labActiveOutput(page);
    log(`   interrupted cell output: "${out.replace(/\s+/g, ' ').slice(-300)}"`);
    check(stopped < 30 && out.includes('TrainingInterruptedException') && !out.includes(`epoch ${TRAIN_EPOCHS}/`),
      `JupyterLab: Kernel > Interrupt Kernel: the kernel is idle ${stopped.toFixed(1)} s after the click (training had `
      + `run ${ran.toFixed(1)} s) and the cell shows TrainingInterruptedException`);
    await screenshot(page, 'lab-05-interrupted.png');
    // the kernel stays usable and keeps the notebook's state (the network and its epoch count)
    const runCell = async (code, label) => {
      await labNewCellBelowWith(page, code);
      await page.keyboard.press('Control+Enter');
      await until(label, 90, async () => (await page.evaluate(LAB_UI.idle)) && /^\[\d+\]:$/.test(await labActivePrompt(page)));
      return (await labActiveOutput(page)).replace(/^\s*\[\d+\]:\s*/, '').trim();   // the value, no output prompt
    };
    const first = await runCell('net.getEpochCount()', 'the first cell after the interrupt to complete');
    const second = await runCell('int before = net.getEpochCount();\nThread.sleep(2000);\n'
      + 'before + " -> " + net.getEpochCount() + " epochs, flowers " '
      + '+ ConfusionMatrix.of(scaled.test().labels(), net.output(scaled.test().features())).total()',
    'the second cell after the interrupt to complete');
    await screenshot(page, 'lab-05b-after-interrupt.png');
    const m = second.match(/(\d+) -> (\d+) epochs, flowers (\d+)/);
    check(/^\d+$/.test(first) && Number(first) > 0, `JupyterLab: the first cell after the interrupt shows the epoch count: "${first}"`);
    check(m && m[1] === m[2] && m[3] === '30',
      `JupyterLab: after the interrupt the epoch count stands still and the network is kept: "${second}"`);
    for (let i = 0; i < 3; i++) {            // remove the three added cells again (command mode: d d)
      await page.keyboard.press('Escape');
      await page.keyboard.press('d');
      await page.keyboard.press('d');
    }
    const now = await labCodeCells(page);
    require_(now === cells, `JupyterLab: the added cells are deleted again (${now} code cells)`);
  });

  await step('lab: Kernel > Restart Kernel and Clear Outputs, then Run All Cells', async () => {
    await labMenu(page, 'Kernel', 'kernelmenu:restart-and-clear');
    await page.click('.jp-Dialog .jp-Dialog-button.jp-mod-accept');   // "Restart"
    await until('the outputs to clear', 60, async () => (await page.$$(LAB_OUTPUTS.images)).length === 0);
    const cleared = await prompts(page, LAB_UI);
    check(cleared.every((p) => p === '[]:'), `JupyterLab: after the restart every prompt is empty (${cleared.join(' ')})`);
    await kernelReady(page, 'the restarted kernel to go idle', LAB_UI);
    await labMenu(page, 'Run', 'runmenu:run-all');
    const seconds = await waitRunAll(page, RUN_ALL_S, 'Run All after the restart', LAB_UI);
    log(`   re-run in ${seconds.toFixed(1)} s`);
    const numbers = (await prompts(page, LAB_UI)).map((p) => Number(p.match(/\d+/)[0]));
    check(numbers.every((n, i) => n === i + 1),
      `JupyterLab: the fresh kernel numbered the cells 1..${cells} (${numbers.join(' ')}); without a restart they would go on`);
    const charts = await checkExecutedNotebook(page, 'JupyterLab after the restart', LAB_OUTPUTS);
    await charts[0].scrollIntoViewIfNeeded();
    await screenshot(page, 'lab-06-restarted-rerun.png');
  });

  await step('lab: File > Save Notebook', async () => {
    // autosave is off in the test's settings: the file on disk has no outputs until this save
    const before = JSON.parse(fs.readFileSync(file, 'utf8')).cells.flatMap((c) => c.outputs || []);
    require_(before.length === 0, `JupyterLab: the notebook on disk has no outputs before the save (${before.length})`);
    await labMenu(page, 'File', 'docmanager:save');
    const saved = await until('the saved notebook', 30, () => {
      try {
        const nb = JSON.parse(fs.readFileSync(file, 'utf8'));
        return nb.cells.some((c) => (c.outputs || []).length) ? nb : null;
      } catch { return null; }
    });
    const outputs = saved.cells.flatMap((c) => c.outputs || []);
    check(outputs.some((o) => o.data && o.data['image/png']) && outputs.some((o) => o.data && o.data['text/html'])
      && !outputs.some((o) => o.output_type === 'error' || o.name === 'stderr'),
    `JupyterLab: the saved ${path.relative(REPO, file)} holds the charts and tables and no error`);
    await screenshot(page, 'lab-07-saved.png');
  });
}

async function security(base, token, port, front) {
  await step(`${front}: security`, async () => {
    const status = async (url) => (await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(15000) })).status;
    check(await status(`${base}/api/contents`) === 403, 'GET /api/contents without the token is refused (403)');
    check(await status(`${base}/api/kernels?token=${'0'.repeat(48)}`) === 403, 'GET /api/kernels with a wrong token is refused (403)');
    const tree = await status(`${base}/tree`);
    check(tree === 302 || tree === 403, `GET /tree without the token does not show the files (${tree}, to the login page)`);
    check(await status(`${base}/api/contents?token=${token}`) === 200, 'GET /api/contents with the token is served (200)');
    const sockets = listeners(port);
    check(sockets.length > 0 && sockets.every((s) => s.loopback),
      `the server listens on loopback only (${sockets.map((s) => s.address).join(', ') || 'no socket found'})`);
    const holding = commandLinesWith(token);
    check(holding.length === 0, `no process's command line (/proc/*/cmdline, readable by every local user) holds the`
      + ` token${holding.length ? `: pids ${holding.join(' ')}` : ''}`);
  });
}

// The pids whose command line contains text.
function commandLinesWith(text) {
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/cmdline`).toString('utf8').includes(text)) found.push(Number(entry));
    } catch { /* gone, or not readable */ }
  }
  return found;
}

async function book(browser) {
  const index = path.join(BOOK, 'index.html');
  if (!fs.existsSync(index)) {
    log(`no ${path.relative(REPO, index)}: run environment/dlnotes notebooks first; the book is not checked`);
    return;
  }
  await step('the book, offline', async () => {
    const page = await browser.newPage();
    const blocked = [];
    const broken = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      blocked.push(url);
      return route.abort('blockedbyclient');
    });
    page.on('requestfailed', (r) => { if (!r.url().startsWith('http')) broken.push(`${r.url()} (${r.failure()?.errorText})`); });
    await page.goto(pathToFileURL(index).href);
    const chapters = await page.$$eval('table.chapters tr td a', (as) => as.map((a) => a.getAttribute('href')));
    const statuses = await page.$$eval('table.chapters tr td:last-child', (tds) => tds.map((t) => t.textContent));
    require_(chapters.length > 0, `the book's index lists ${chapters.length} chapter page(s) (${statuses.join(', ')})`);
    await screenshot(page, 'book-index.png', { fullPage: true });
    await page.click(`a[href="${chapters[0]}"]`);
    const visited = [];
    for (;;) {
      await page.waitForLoadState('load');
      const name = path.basename(new URL(page.url()).pathname);
      visited.push(name);
      const mathjax = await until(`MathJax on ${name}`, 60, () => page.evaluate(() => new Promise((resolve) => {
        if (!window.MathJax || !MathJax.Hub) return resolve(null);
        setTimeout(() => resolve({ ok: false, rendered: 'MathJax did not finish in 30 s;' }), 30000);
        // typeset a formula with the book's own MathJax copy, as the pages' maths is
        const div = document.createElement('div');
        div.textContent = '$$\\sigma(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$$';
        document.body.appendChild(div);
        const onPage = document.querySelectorAll('.mjx-chtml').length;
        MathJax.Hub.Queue(['Typeset', MathJax.Hub, div], () => {
          // rendered: CommonHTML output, the TeX moved into its math/tex script, no MathJax error
          const ok = div.querySelectorAll('.mjx-chtml .mjx-mfrac').length > 0
            && div.querySelector('script[type^="math/tex"]') !== null && div.querySelector('.merror, .MathJax_Error') === null;
          div.remove();
          resolve({ ok, rendered: onPage });
        });
      })), 100);
      check(mathjax.ok, `${name}: the local MathJax renders TeX with no network (${mathjax.rendered} formulas on the page)`);
      const images = await page.$$eval('img', (els) => els.map((e) => e.complete && e.naturalWidth > 0));
      check(images.every(Boolean), `${name}: its ${images.length} images load`);
      const nav = await page.$$eval('nav.dlnotes-nav', (els) => els.map((e) => e.innerText));
      check(nav.length === 2 && /run time [\d.]+ s/.test(nav[0]) && /status (ok|failed)/.test(nav[0]),
        `${name}: navigation with run time and status (${nav[0] ? nav[0].replace(/\s+/g, ' ') : 'none'})`);
      if (visited.length === 1) await screenshot(page, `book-${name.replace(/\.html$/, '')}.png`);
      const next = await page.$('nav.dlnotes-nav.top a[rel="next"]');
      if (!next || visited.length > 100) break;
      await next.click();
    }
    check(visited.length === chapters.length, `following "next" from the first chapter visits all ${chapters.length} pages`);
    await page.click('nav.dlnotes-nav.top a.index');
    check(path.basename(new URL(page.url()).pathname) === 'index.html', 'the index link leads back to index.html');
    check(blocked.length === 0, `the book asked for nothing outside itself${blocked.length ? `: ${blocked.slice(0, 5).join(' ')}` : ''}`);
    check(broken.length === 0, `no local file is missing${broken.length ? `: ${broken.slice(0, 5).join(' ')}` : ''}`);
    await page.close();
  });
}

// The scratch copy names the kernel that set-up installed for this checkout (DLNOTES_KERNEL, as the runner does).
function scratchNotebook(notebookDir) {
  fs.mkdirSync(notebookDir, { recursive: true });
  const notebook = JSON.parse(fs.readFileSync(path.join(REPO, 'notebooks', NOTEBOOK), 'utf8'));
  notebook.metadata.kernelspec = { ...notebook.metadata.kernelspec, name: KERNEL, display_name: KERNEL_DISPLAY };
  fs.writeFileSync(path.join(notebookDir, NOTEBOOK), JSON.stringify(notebook, null, 1));
}

// One front end, start to finish: its server, the security checks, the session in the browser, the server stopped.
async function frontEnd(front) {
  const notebookDir = path.join(OUT, front === 'lab' ? 'lab-notebooks' : 'notebooks');
  scratchNotebook(notebookDir);
  const logName = path.relative(REPO, path.join(OUT, serverLogName(front)));
  const port = await freePort();
  let base = null;
  let token = null;
  try {
    const fellBack = await step(`${front}: start Jupyter`, async () => {
      server = startServer(port, notebookDir, front);
      const [, url, t] = await until('the launch command to print the URL', 1200, async () => {
        if (server.exitedYet) throw new Fatal(`environment/dlnotes ${front === 'lab' ? 'lab' : 'jupyter'} exited; see ${logName}`);
        const m = server.url();
        return m.length ? m : null;
      });
      token = t;
      base = `http://127.0.0.1:${port}`;
      Object.assign(session, { base, token });
      log(`   ${url.replace(token, '<token>')}`);
      // where pip cannot install JupyterLab, `dlnotes lab` serves the classic notebook instead and says why
      const why = (server.printed().match(/WARNING: no JupyterLab: (.*)/) || [])[1];
      if (front === 'lab' && (why || !url.includes('/lab?'))) return why || `it served ${url.replace(token, '<token>')}`;
      await until('the server to answer', 120, async () => {
        if (server.exitedYet) throw new Fatal(`the server exited; see ${logName}`);
        try {
          return (await fetch(`${base}/api/status?token=${token}`, { signal: AbortSignal.timeout(5000) })).ok;
        } catch { return false; }
      });
      return null;
    });
    if (fellBack) {
      const message = `environment/dlnotes lab fell back to the classic notebook: ${fellBack}`;
      // as run.sh does for a missing browser: outside CI the JupyterLab part is skipped, loudly; in CI it fails
      if (CI) throw new Fatal(`${message} (in CI, CI=true, that fails the browser test)`);
      log(`SKIPPED the JupyterLab part: ${message}`);
      return;
    }
    await security(base, token, port, front);

    const page = await context.newPage();
    const outside = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || url.host === `127.0.0.1:${port}`) return route.continue();
      outside.push(url.href);
      return route.abort('blockedbyclient');
    });
    page.on('pageerror', (e) => log(`   page error: ${e.message.slice(0, 200)}`));
    // "leave the page?" must be accepted for the reload after a REST restart; any other dialog is dismissed
    page.on('dialog', (d) => (d.type() === 'beforeunload' ? d.accept() : d.dismiss()).catch(() => {}));
    try {
      await (front === 'lab' ? labSession : interactive)(page, base, token, notebookDir);
    } catch (e) {
      fail(e);
      await screenshot(page, front === 'lab' ? 'lab-failure.png' : 'failure.png').catch(() => {});
    }
    check(outside.length === 0, `${front}: the Jupyter page asked for nothing but 127.0.0.1:${port}${outside.length ? `: ${outside.slice(0, 5).join(' ')}` : ''}`);
    await page.close().catch(() => {});
    await stopServer(base, token);
    const serverLog = path.join(OUT, serverLogName(front));
    check(!fs.readFileSync(serverLog, 'utf8').includes(token) && (fs.statSync(serverLog).mode & 0o077) === 0,
      `the kept server log ${logName} is owner-only and does not hold the token`);
  } finally {
    await stopServer(base, token).catch((e) => log(`stopping the server: ${e.message}`));
  }
}

async function main() {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const unknown = FRONT_ENDS.filter((f) => f !== 'lab' && f !== 'classic');
  if (unknown.length) {
    console.error(`[browser] DLNOTES_BROWSER_FRONT_ENDS: unknown front end(s) ${unknown.join(', ')}; use lab, classic or lab,classic`);
    return 2;
  }
  try {
    await step('start Chromium', async () => {
      profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dlnotes-chromium-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM, headless: true, viewport: { width: 1280, height: 900 }, timeout: 60000,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync'],
      });
      context.setDefaultTimeout(30000);
    });
    for (const front of FRONT_ENDS) {
      try {
        await frontEnd(front);
      } catch (e) {
        fail(e);
      }
    }
    try {
      await book(context);
    } catch (e) {
      fail(e);
    }
  } catch (e) {
    fail(e);
  } finally {
    await cleanup(null, null);
  }
  const total = (Date.now() - started) / 1000;
  log(`timings (s): ${Object.entries(timings).map(([k, v]) => `${k} ${v.toFixed(1)}`).join('; ')}; total ${total.toFixed(1)}`);
  fs.writeFileSync(path.join(OUT, 'timings.json'), JSON.stringify({ ...timings, total, kernelRestarts }, null, 2));
  if (kernelRestarts) log(`WARNING the kernel had to be restarted ${kernelRestarts} time(s) because it did not answer`);
  if (failures.length) {
    console.error(`[browser] FAILED ${failures.length} check(s):\n  - ${redact(failures.join('\n  - '))}\n`
      + `[browser] screenshots and the server logs: ${path.relative(REPO, OUT)}/`);
    return 1;
  }
  log(`browser test passed; screenshots in ${path.relative(REPO, OUT)}/`);
  return 0;
}

async function cleanup(base, token) {
  if (context) {
    await Promise.race([context.close().catch(() => {}), sleep(15000)]);
    context = null;
  }
  await stopServer(base, token).catch((e) => log(`stopping the server: ${e.message}`));
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
  profile = null;
}

// A hard bound on the whole test, and shut down on Ctrl-C or kill.
const watchdog = setTimeout(async () => {
  console.error(`[browser] FAILED: the browser test ran past ${TOTAL_S} s; stopping`);
  await cleanup(null, null);
  process.exit(1);
}, TOTAL_S * 1000);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    console.error(`[browser] ${signal}: shutting the browser and the server down`);
    await cleanup(null, null);
    process.exit(130);
  });
}

const code = await main();
clearTimeout(watchdog);
process.exit(code);
