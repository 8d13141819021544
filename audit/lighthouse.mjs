// Lighthouse's mobile preset (its default configuration) on each URL given, in one Chromium
// (CHROME_PATH, Debian's /usr/bin/chromium): performance, accessibility, best practices, SEO.
// Prints one JSON line per URL: the four scores, every weighted audit below a full score, and
// the host's benchmark index (Lighthouse expects at least 1000 of the machine it runs on).
// A page marked noindex leaves out SEO's is-crawlable audit, which it fails by design.
//
//   node audit/lighthouse.mjs '[{"url": "http://127.0.0.1:8000/", "noindex": false}, ...]'
import { mkdirSync, writeFileSync } from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

// AUDIT_LIGHTHOUSE_REPORTS: a folder for each run's full report (its diagnostics: long tasks,
// main-thread work, the LCP element), one JSON file a run.
const REPORTS = process.env.AUDIT_LIGHTHOUSE_REPORTS || '';
let runs = 0;

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

function failures(lhr) {
  const found = [];
  for (const category of Object.values(lhr.categories)) {
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
        const items = (audit.details && audit.details.items) || [];
        const where = items
          .slice(0, 5)
          .map(
            (item) =>
              (item.node && item.node.selector) ||
              [item.sourceLocation?.url || item.url, item.description].filter(Boolean).join(': '),
          )
          .filter(Boolean);
        found.push({
          category: category.id,
          id: audit.id,
          title: audit.title,
          score: audit.score,
          value: audit.displayValue || '',
          where,
        });
      }
    }
  }
  return found;
}

const targets = JSON.parse(process.argv[2]);

async function measure(url, noindex) {
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: CATEGORIES,
      // Neither is scored: the full-page screenshot and the back/forward cache test (a
      // second navigation) only cost time.
      disableFullPageScreenshot: true,
      skipAudits: ['bf-cache', ...(noindex ? ['is-crawlable'] : [])],
    });
    const lhr = result.lhr;
    if (REPORTS) {
      mkdirSync(REPORTS, { recursive: true });
      const name = new URL(url).pathname.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
      runs += 1;
      writeFileSync(`${REPORTS}/${process.pid}-${runs}-${name || 'home'}.json`, result.report);
    }
    const scores = Object.fromEntries(
      CATEGORIES.map((id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)]),
    );
    return {
      url,
      scores,
      failures: failures(lhr),
      error: lhr.runtimeError?.message || null,
      benchmarkIndex: Math.round(lhr.environment?.benchmarkIndex ?? 0),
    };
  } catch (error) {
    return { url, scores: null, failures: [], error: String(error && error.message) };
  }
}

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  for (const { url, noindex } of targets) {
    // A run that fails to record its trace (NO_NAVSTART, now and then) is run again at once.
    let line = await measure(url, noindex);
    if (line.error) line = await measure(url, noindex);
    process.stdout.write(JSON.stringify(line) + '\n');
  }
} finally {
  await chrome.kill();
}
