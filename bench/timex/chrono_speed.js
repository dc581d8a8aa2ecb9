// chrono_speed.js FILE [ROUNDS] -- chrono-node (chrono.parse) throughput
// over the same documents as speed.lua ("\n\f\n"-separated).  Benchmark.
"use strict";
const fs = require("fs");
const chrono = require("chrono-node");
const path = process.argv[2];
const rounds = Number(process.argv[3] || 3);
const all = fs.readFileSync(path, "utf8");
const bytes = Buffer.byteLength(all, "utf8");
const docs = all.split("\n\f\n");
const ref = new Date("1999-01-01T00:00:00Z");
// Same protocol as speed.lua and bench_timex: repeat the corpus for at
// least 0.25 s of CPU time per round, best round counts.  CPU time is the
// process's (user + system, all threads: V8's compiler and GC threads are
// part of what parsing costs), so load on the machine does not inflate it.
function cpu() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
let best = 0;
let count = 0;
for (let r = 0; r < rounds; r++) {
  const t0 = cpu();
  let reps = 0;
  let dt = 0;
  do {
    count = 0;
    for (const d of docs) count += chrono.parse(d, ref).length;
    reps++;
    dt = cpu() - t0;
  } while (dt < 0.25);
  const rate = (reps * bytes) / dt;
  if (rate > best) best = rate;
}
const name = path.split("/").pop();
console.log(`chrono   ${name}: ${docs.length} docs ${bytes} bytes ` +
  `${count} expressions ${(best / 1e6).toFixed(1)} MB/s`);
