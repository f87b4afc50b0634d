#!/usr/bin/env node
// Runs independent test stages side by side: `node scripts/parallel.mjs name="command" name2="command2"`.
// Each line of output is prefixed with its stage's name; the exit code is non-zero when any stage failed, and a
// summary says which, with each stage's duration. `npm test` uses it so CI fits its time on two cores: the suites
// spend much of their time waiting on a server or a browser, and two of them fill the cores better than one.
import { spawn } from "node:child_process";

const stages = process.argv.slice(2).map((a) => {
  const i = a.indexOf("=");
  if (i <= 0) throw new Error(`expected name="command", got ${a}`);
  return { name: a.slice(0, i), command: a.slice(i + 1) };
});
const width = Math.max(...stages.map((s) => s.name.length));

const run = ({ name, command }) =>
  new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(command, { shell: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? "0" } });
    const prefix = `[${name.padEnd(width)}] `;
    for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      let rest = "";
      from.setEncoding("utf8");
      from.on("data", (chunk) => {
        const lines = (rest + chunk).split("\n");
        rest = lines.pop();
        for (const l of lines) to.write(prefix + l + "\n");
      });
      from.on("end", () => rest && to.write(prefix + rest + "\n"));
    }
    child.on("close", (code, signal) => resolve({ name, code: code ?? 1, signal, seconds: (Date.now() - t0) / 1000 }));
  });

const results = await Promise.all(stages.map(run));
for (const r of results) console.log(`${r.code === 0 ? "passed" : "FAILED"}  ${r.name.padEnd(width)}  ${r.seconds.toFixed(0)} s${r.signal ? ` (${r.signal})` : r.code ? ` (exit ${r.code})` : ""}`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
