// Preloaded into a process the batch bench measures (`node -r bench/allocationSampling.cjs …`):
// samples the heap allocations of the whole run with V8's sampling heap profiler, counting objects
// that the garbage collector has already reclaimed (Node's --heap-prof keeps only those still
// alive at the end, which in a batch is almost nothing), and writes the profile as JSON to the
// file named by BIMETAL_ALLOCATION_FILE on exit.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');

const file = process.env.BIMETAL_ALLOCATION_FILE;
if (file) {
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 16 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  process.on('exit', () => {
    // A session on the process's own thread answers synchronously, so the profile is written before exit.
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) writeFileSync(file, JSON.stringify(result.profile));
    });
  });
}
