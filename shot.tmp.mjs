import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium' });
for (const [w,h] of [[1440,900],[1280,720],[360,740],[1024,768]]) for (const id of ['clean','a-little','half-gone']) {
  const p = await b.newPage({ viewport: { width: w, height: h } });
  await p.goto('http://localhost:4399/');
  await p.evaluate((id) => { const c = document.querySelector(`#forward .step[data-step="${id}"] > .step-card`); const r = c.getBoundingClientRect(); window.scrollTo({top: r.bottom + window.scrollY + 40 - innerHeight*0.6, behavior:'instant'}); }, id);
  await p.waitForTimeout(300);
  console.log(w, id, await p.evaluate(() => document.querySelector('#forward [data-figure]').scene?.t));
  await p.close();
}
await b.close();
