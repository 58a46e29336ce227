// What only the UI can show, read with Playwright from code-server's workbench: the command palette, the webview's
// DOM and canvas pixels (two nested iframes), the hover widget and notification toasts. Selectors follow VS Code
// 1.100's workbench.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const QUICK_INPUT = '.quick-input-widget';
const QUICK_ROW = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

async function screenshot(page, path) {
  if (!path) return;
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path });
}

/**
 * Waits for the quick input titled `title` (the next one can reuse the widget of the last, so its title is what
 * tells them apart), then clicks the row labelled exactly `label` (icons aside; rows fill in while the extension
 * searches, so a substring could hit the wrong one).
 */
async function pick(page, { title, label }, timeout) {
  await page.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: title }).waitFor({ state: 'visible', timeout });
  const row = page.locator(QUICK_ROW).filter({ has: page.locator('.label-name').getByText(label, { exact: true }) });
  await row.first().click({ timeout });
}

/**
 * Runs `title` from the command palette, then answers the quick picks that follow: `picks` is a list of
 * `{ title, label }` (a part of the quick pick's title, the exact label of the row to choose).
 * Right after load the palette may list no commands yet (it is built before the extension's contributions
 * arrive), so it is reopened until the command shows.
 */
export async function runFromPalette(page, title, picks = [], timeout = 60_000) {
  const deadline = Date.now() + timeout;
  const row = page.locator(QUICK_ROW, { hasText: title }).first();
  for (;;) {
    await page.keyboard.press('F1');
    const input = page.locator(`${QUICK_INPUT} input`);
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ state: 'visible', timeout: 1500 });
      break;
    } catch (e) {
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) throw new Error(`"${title}" never appeared in the command palette: ${e.message}`);
    }
  }
  await row.click();
  for (const p of picks) await pick(page, p, Math.max(1000, deadline - Date.now()));
}

/** The active webview's inner document (VS Code nests it: outer host iframe, then the content frame). */
const webviewFrame = (page) => page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

/**
 * Waits until the webview's `#status` says 'rendered', then reads `#headline` and every chart canvas: size,
 * non-transparent pixels and distinct colours (axes alone give one or two; drawn series add their own).
 */
export async function readWebview(page, { timeout = 30_000, screenshotPath } = {}) {
  const frame = webviewFrame(page);
  await frame.locator('#status', { hasText: 'rendered' }).waitFor({ timeout });
  const headline = (await frame.locator('#headline').innerText()).trim();
  const charts = await frame.locator('canvas[id^="chart-"]').evaluateAll((canvases) => canvases.map((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let painted = 0;
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      painted++;
      // Coarse buckets so anti-aliased edges do not count as colours of their own.
      colours.add(((data[i] >> 5) << 6) | ((data[i + 1] >> 5) << 3) | (data[i + 2] >> 5));
    }
    return { id: c.id, width: c.width, height: c.height, painted, colours: colours.size };
  }));
  await screenshot(page, screenshotPath);
  return { headline, charts };
}

/** Calls `check` every 100 ms until it returns something other than undefined; throws naming `what` after `timeout`. */
async function poll(what, timeout, check) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Hovers the first visible occurrence of `word` in an editor (the caller reveals its line first) and returns
 * the hover widget's text once it is non-empty.
 */
export async function readHover(page, word, { timeout = 15_000, screenshotPath } = {}) {
  // The editor renders the revealed line some frames after the reveal: poll for the word on screen.
  const box = await poll(`"${word}" visible in the first editor`, timeout, () => page.locator('.monaco-editor .view-lines').first().evaluate((root, w) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const re = new RegExp(`\\b${w}\\b`);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const m = re.exec(n.textContent ?? '');
      if (!m) continue;
      const range = document.createRange();
      range.setStart(n, m.index);
      range.setEnd(n, m.index + w.length);
      const r = range.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    }
    return undefined;
  }, word));
  await page.mouse.move(box.x, box.y - 40);
  await page.mouse.move(box.x, box.y, { steps: 4 });
  const content = page.locator('.monaco-hover-content').last();
  await content.waitFor({ state: 'visible', timeout });
  const deadline = Date.now() + timeout;
  let text = '';
  // The hover fills in as providers answer; wait for ours (it names the identifier) rather than the first paint.
  while (Date.now() < deadline) {
    text = (await page.locator('.monaco-hover-content').allInnerTexts()).join('\n').trim();
    if (text.includes(word)) break;
    await page.waitForTimeout(200);
  }
  // Fully faded in before the screenshot.
  await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover')].some((e) => getComputedStyle(e).opacity === '1'), null, { timeout });
  await screenshot(page, screenshotPath);
  await page.mouse.move(5, 5);
  return text;
}

/**
 * The row of the extension named `name` in Developer: Show Running Extensions (the caller opens that editor),
 * once VS Code has measured its activation: e.g. "reclaim-replay.reclaim-replay 0.1.0 … Activation: 12ms".
 */
export async function readRuntimeExtension(page, name, timeout = 15_000) {
  const row = page.locator('.runtime-extensions-editor .monaco-list-row', { hasText: name }).first();
  await row.locator('.activation-time', { hasText: /Activation: \d+ms/ }).waitFor({ timeout });
  return (await row.innerText()).replace(/\s+/g, ' ').trim();
}

const TOAST = '.notifications-toasts .notification-toast';

/** Texts of the notification toasts on screen. */
export async function readNotifications(page) {
  return page.locator(TOAST).allInnerTexts();
}

/** Clicks the button labelled `label` (e.g. a progress notification's Cancel) on the toast containing `text`. */
export async function clickNotificationButton(page, text, label, timeout = 10_000) {
  await page.locator(TOAST, { hasText: text }).locator('.monaco-button', { hasText: label }).first().click({ timeout });
}

/**
 * Hovers every chart of the webview at the given fractions of its plot width, the way a person reads a time, and
 * returns per chart its readout (`t` and `label: value` rows; it lists every line drawn), the "not measured" note and
 * the note naming lines left out as 0 throughout, if any. Values are the readout's text, parsed.
 */
export async function readChartReadouts(page, { fractions = [0.3, 0.5, 0.7], timeout = 30_000, screenshotPath } = {}) {
  const frame = webviewFrame(page);
  await frame.locator('#status', { hasText: 'rendered' }).waitFor({ timeout });
  const out = [];
  const canvases = frame.locator('canvas[id^="chart-"]');
  const n = await canvases.count();
  for (let k = 0; k < n; k++) {
    const canvas = canvases.nth(k);
    await canvas.scrollIntoViewIfNeeded();
    const id = await canvas.getAttribute('id');
    const box = await canvas.boundingBox();
    const card = frame.locator('.chart-card', { has: frame.locator(`canvas#${id}`) });
    const text = async (sel) => ((await card.locator(sel).count()) > 0 ? (await card.locator(sel).innerText()).trim() : undefined);
    const notMeasured = await text('.not-measured');
    const omitted = await text('.omitted');
    const samples = [];
    for (const f of fractions) {
      // The plot area leaves ~60 px of axes on the left and ~50 px on the right.
      const x = box.x + 60 + f * (box.width - 110);
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y, { steps: 2 });
      const readout = card.locator('.readout:not(.hidden)');
      await readout.waitFor({ timeout });
      const lines = (await readout.innerText()).split('\n').map((s) => s.trim()).filter(Boolean);
      const t = Number(/t = ([\d.]+) s/.exec(lines[0])?.[1]);
      const rows = {};
      for (const line of lines.slice(1)) {
        const i = line.lastIndexOf(': ');
        const text = line.slice(i + 2).replace(/,/g, '');
        rows[line.slice(0, i)] = text === '–' ? null : Number(text);
      }
      samples.push({ t, rows });
    }
    if (k === 1) await screenshot(page, screenshotPath); // the pgsteal chart with its readout open
    out.push({ id, notMeasured, omitted, samples });
  }
  await page.mouse.move(5, 5);
  return out;
}

/**
 * Does what a person does in the webview: `{ click: selector }` presses a button, `{ set: selector, value }` types a
 * value into a text field (the vscode-textfield element's value, with the input event it fires).
 */
export async function webviewAct(page, actions, timeout = 30_000) {
  const frame = webviewFrame(page);
  for (const a of actions) {
    if (a.set) {
      await frame.locator(a.set).evaluate((e, v) => {
        e.value = v;
        e.dispatchEvent(new Event('input', { bubbles: true }));
      }, a.value ?? '');
    }
    if (a.click) await frame.locator(a.click).click({ timeout });
  }
}

/**
 * Reads canvases in the webview once `wait` ({ selector, text }) shows: each canvas's data-lines / data-cells and
 * the most frequent opaque pixel colours (exact RGB, for contrast checks), the page background and the body's
 * theme class. Scrolls `scrollTo` into view before the screenshot.
 */
export async function readCanvases(page, { selector, wait, scrollTo, timeout = 60_000, screenshotPath } = {}) {
  const frame = webviewFrame(page);
  if (wait) await frame.locator(wait.selector, { hasText: wait.text }).first().waitFor({ timeout });
  if (scrollTo) await frame.locator(scrollTo).first().scrollIntoViewIfNeeded({ timeout });
  const canvases = await frame.locator(selector).evaluateAll((cs) => cs.map((c) => {
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 250) continue;
      const k = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const colours = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 400).map(([k, n]) => ({ rgb: [k >> 16, (k >> 8) & 255, k & 255], n }));
    return { id: c.id, lines: c.dataset.lines ? JSON.parse(c.dataset.lines) : null, cells: c.dataset.cells ?? null, colours };
  }));
  const body = await frame.locator('body').evaluate((b) => ({ background: getComputedStyle(b).backgroundColor, className: b.className }));
  await screenshot(page, screenshotPath);
  return { canvases, ...body };
}
