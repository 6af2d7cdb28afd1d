// Preloaded into a process the batch bench measures (`node -r bench/peakRss.cjs …`): writes the
// process's own peak resident set size, in bytes, to the file named by BIMETAL_PEAK_RSS_FILE on exit.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const file = process.env.BIMETAL_PEAK_RSS_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
