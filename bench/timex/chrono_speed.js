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
// Same protocol as speed.lua: repeat the corpus for at least 0.25 s per
// round, best round counts.
let best = 0;
let count = 0;
for (let r = 0; r < rounds; r++) {
  const t0 = process.hrtime.bigint();
  let reps = 0;
  let dt = 0;
  do {
    count = 0;
    for (const d of docs) count += chrono.parse(d, ref).length;
    reps++;
    dt = Number(process.hrtime.bigint() - t0) / 1e9;
  } while (dt < 0.25);
  const rate = (reps * bytes) / dt;
  if (rate > best) best = rate;
}
const name = path.split("/").pop();
console.log(`chrono   ${name}: ${docs.length} docs ${bytes} bytes ` +
  `${count} expressions ${(best / 1e6).toFixed(1)} MB/s`);
