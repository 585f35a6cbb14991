"use strict";
// Measuring only: preloaded (`node --require`) by the benchmark and the tests
// into jsii's Node.js processes. The process that loaded the AWS provider's
// JavaScript writes, when it exits, to the file named by APIDEST_NODE_REPORT:
// its CPU seconds, its lifetime, and the provider's files it loaded.
const fs = require("fs");

process.on("exit", () => {
  const marker = "/provider-aws/lib/";
  const files = Object.keys(require.cache)
    .filter((file) => file.includes(marker))
    .map((file) => file.slice(file.indexOf(marker) + marker.length))
    .sort();
  if (files.length > 0 && process.env.APIDEST_NODE_REPORT) {
    const { user, system } = process.cpuUsage();
    const report = { cpu_seconds: (user + system) / 1e6, uptime_seconds: process.uptime(), files };
    fs.writeFileSync(process.env.APIDEST_NODE_REPORT, JSON.stringify(report));
  }
});
