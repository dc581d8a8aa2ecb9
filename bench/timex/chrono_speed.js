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
let best = Infinity;
let count = 0;
for (let r = 0; r < rounds; r++) {
  const t0 = process.hrtime.bigint();
  count = 0;
  for (const d of docs) count += chrono.parse(d, ref).length;
  const dt = Number(process.hrtime.bigint() - t0) / 1e9;
  if (dt < best) best = dt;
}
const name = path.split("/").pop();
console.log(`chrono   ${name}: ${docs.length} docs ${bytes} bytes ` +
  `${count} expressions ${best.toFixed(3)} s ${(bytes / best / 1e6).toFixed(1)} MB/s`);
