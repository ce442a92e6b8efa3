// Run axe-core on each page given on the command line in headless Chromium;
// print one JSON object: {page: [violations]}.
const puppeteer = require("puppeteer-core");
const fs = require("fs");
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const out = {};
  for (const url of process.argv.slice(2)) {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: "load" });
    await page.evaluate(axeSource);
    const result = await page.evaluate(async () =>
      await axe.run(document, { runOnly: ["wcag2a", "wcag2aa"] }));
    out[url] = result.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5),
    }));
    await page.close();
  }
  await browser.close();
  console.log(JSON.stringify(out, null, 1));
})().catch((e) => { console.error(e); process.exit(2); });
