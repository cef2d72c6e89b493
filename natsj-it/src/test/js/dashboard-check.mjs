// Opens natsj's dashboard in Debian's chromium, waits for it to show live figures, and prints what
// the page shows as JSON (DashboardTest asserts on it). Usage:
//   node dashboard-check.mjs <dashboard url> <screenshot.png> <polls to wait for> [connz source]
// With a connz source (a monitoring base URL), the page's requests for connz are answered with that
// server's /connz: how the connections table is checked on nats-server's JSON while natsj has no /connz.
import { chromium } from "playwright-core";

const [url, screenshot, pollsArg, connzFrom] = process.argv.slice(2);
const polls = Number(pollsArg || 4);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  // As root and on a closed network: no sandbox, no background calls home.
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"],
});
const report = { console: [], pageErrors: [], failedRequests: [], waited: true };
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("console", (m) => report.console.push({ type: m.type(), text: m.text(), url: m.location().url || "" }));
  page.on("pageerror", (e) => report.pageErrors.push(String(e)));
  page.on("requestfailed", (r) => report.failedRequests.push(r.url() + " " + (r.failure() || {}).errorText));
  if (connzFrom) {
    await page.route(/\/connz(\?.*)?$/, async (route) => {
      const r = await fetch(connzFrom + "/connz");
      await route.fulfill({ status: r.status, contentType: r.headers.get("content-type"), body: await r.text() });
    });
  }
  const response = await page.goto(url, { waitUntil: "load" });
  report.status = response.status();
  report.title = await page.title();
  try {
    // Live: enough polls, and at least one message rate above zero in the tiles and in the table.
    await page.waitForFunction((n) => {
      const rate = (id) => Number(document.getElementById(id).dataset.value || 0);
      const rows = [...document.querySelectorAll("#connz tbody tr")];
      const tableLive = rows.length === 0 || rows.some((r) => Number(r.dataset.inRate || 0) > 0);
      return Number(document.body.dataset.polls) >= n && rate("in-msgs-rate") > 0 && rate("out-msgs-rate") > 0 && tableLive;
    }, polls, { timeout: 30000, polling: 200 });
  } catch (e) {
    report.waited = false;
    report.waitError = String(e);
  }
  report.page = await page.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent;
    const value = (id) => Number(document.getElementById(id).dataset.value || 0);
    return {
      polls: Number(document.body.dataset.polls),
      status: document.getElementById("status").className,
      server: text("server"),
      connections: text("connections"),
      subscriptions: text("subscriptions"),
      slowConsumers: text("slow-consumers"),
      rates: { inMsgs: value("in-msgs-rate"), outMsgs: value("out-msgs-rate"), inBytes: value("in-bytes-rate"),
               outBytes: value("out-bytes-rate") },
      ratesText: { inMsgs: text("in-msgs-rate"), outMsgs: text("out-msgs-rate") },
      charts: document.querySelectorAll(".uplot canvas").length,
      connzNote: text("connz-note"),
      rows: [...document.querySelectorAll("#connz tbody tr")].map((r) => ({
        cid: r.dataset.cid, name: r.children[1].textContent, inRate: Number(r.dataset.inRate || 0),
        outRate: Number(r.dataset.outRate || 0), pending: r.querySelector(".pending").textContent,
      })),
    };
  });
  await page.screenshot({ path: screenshot, fullPage: true });
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
