// Lighthouse (mobile preset) on the reader pages, as one user flow in Debian's Chromium:
// the home page, an article, the results form, and the result page the form leads to
// (values are sent by POST only, so the flow fills the form and submits it).
//
//   node bench/lighthouse/audit.mjs http://127.0.0.1:8000 bench/lighthouse.json
//
// Writes each page's category scores (0-100) as JSON. Numbers for the record, never a test.
import fs from "node:fs";
import puppeteer from "puppeteer-core";
import { startFlow } from "lighthouse";

const [base, output] = process.argv.slice(2);
const ARTICLE = "/articles/what-does-leukopenia-with-neutropenia-indicate/";
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
});
try {
  const page = await browser.newPage();
  const flow = await startFlow(page, {
    name: "Reader pages",
    config: { extends: "lighthouse:default", settings: { onlyCategories: CATEGORIES } },
  });
  await flow.navigate(`${base}/`, { name: "home" });
  await flow.navigate(`${base}${ARTICLE}`, { name: "article" });
  await flow.navigate(`${base}/interpret/`, { name: "form" });
  await flow.navigate(
    async () => {
      await page.type("#id_age", "45");
      await page.type("#id_wbc_value", "3.4");
      await page.type("#id_anc_value", "1.207");
      await Promise.all([page.waitForNavigation(), page.click("form.interpret-form button[type=submit]")]);
    },
    { name: "result page" },
  );
  const result = await flow.createFlowResult();
  const scores = {};
  for (const step of result.steps) {
    scores[step.name] = Object.fromEntries(
      CATEGORIES.map((id) => [id, Math.round(step.lhr.categories[id].score * 100)]),
    );
    scores[step.name].url = step.lhr.finalDisplayedUrl;
    scores[step.name].failing = Object.values(step.lhr.audits)
      .filter((audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === "binary")
      .map((audit) => audit.id);
  }
  fs.writeFileSync(output, JSON.stringify(scores, null, 2) + "\n");
  console.log(JSON.stringify(scores, null, 2));
} finally {
  await browser.close();
}
