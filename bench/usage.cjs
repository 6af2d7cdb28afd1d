// Preloaded into a process the batch bench measures (`node -r bench/usage.cjs …`): on exit,
// writes the process's own peak resident set size (bytes), CPU time (user + system, seconds) and
// minor page faults (first touches of memory the process had not used before) as JSON to the file
// named by BIMETAL_USAGE_FILE. CPU time is what a shared machine inflates least.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.BIMETAL_USAGE_FILE;
  if (!file) return;
  const usage = process.resourceUsage();
  writeFileSync(
    file,
    JSON.stringify({ peakBytes: usage.maxRSS * 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, pageFaults: usage.minorPageFault }),
  );
});
