#!/usr/bin/env node
// Runs test stages side by side: `node scripts/parallel.mjs name="command" name2:name="command2"`. A stage named
// `name2:name,other` starts once the stages it names have passed (and is skipped, failed, if one of them fails); the
// others start at once. Each line of output is prefixed with its stage's name; the exit code is non-zero when any
// stage failed, and a summary says which, with each stage's duration. `npm test` uses it so CI fits its time on two
// cores: the suites spend much of their time waiting on a server or a browser, and two of them fill the cores better
// than one; a suite starts as soon as what it needs is there (the browser tests need the build, not the unit tests).
import { spawn } from "node:child_process";

const stages = process.argv.slice(2).map((a) => {
  const i = a.indexOf("=");
  if (i <= 0) throw new Error(`expected name="command" or name:after="command", got ${a}`);
  const [name, after = ""] = a.slice(0, i).split(":");
  return { name, after: after.split(",").filter(Boolean), command: a.slice(i + 1) };
});
stages.forEach((s, i) => {
  for (const d of s.after) if (!stages.slice(0, i).some((e) => e.name === d)) throw new Error(`stage ${s.name} waits for ${d}, which is not a stage listed before it`);
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

// Each stage's result, started once what it waits for has passed (stages are listed after what they wait for).
const done = new Map();
for (const stage of stages) {
  done.set(
    stage.name,
    Promise.all(stage.after.map((d) => done.get(d))).then((deps) => {
      const failed = deps.find((r) => r.code !== 0);
      if (failed) return { name: stage.name, code: 1, signal: null, seconds: 0, skipped: failed.name };
      return run(stage);
    }),
  );
}
const results = await Promise.all(done.values());
for (const r of results) console.log(`${r.code === 0 ? "passed" : "FAILED"}  ${r.name.padEnd(width)}  ${r.seconds.toFixed(0)} s${r.skipped ? ` (not run: ${r.skipped} failed)` : r.signal ? ` (${r.signal})` : r.code ? ` (exit ${r.code})` : ""}`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
