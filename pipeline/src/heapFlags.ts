/**
 * V8's allocation-site pretenuring, turned off in the Node processes that score (the command line
 * and the language server). Imported first by their entry points, so it is set before they
 * allocate; V8 flags hold for the whole process, the inference worker's thread included.
 *
 * Why: when V8 sees most objects of an allocation site survive a young-generation collection, it
 * allocates that site's later objects straight into the old generation. Scoring builds each member
 * from parts made just before (a record holds the prediction computed for it), so such an old
 * object points to young ones, and once garbage itself it still keeps them alive through every
 * young-generation collection until the next full one: each chunk's members were copied and
 * promoted in turn. Which sites V8 pretenures varies from run to run. On the 98,600-member sweep
 * (`bimetal score --format csv`, `--trace-gc-nvp`, six runs each) three of six runs paid 1.04–1.12 s
 * of scavenge pauses against 0.36–0.39 s for the others; with pretenuring off, six of six took
 * 0.38–0.50 s, and the peak memory stayed at 267–272 MB instead of 270 or 390–415 MB. In the
 * language server, a warm open of the 10,000-recipe mixed file took 1,823–1,906 ms against
 * 1,897–2,003 ms (four runs each).
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--no-allocation-site-pretenuring');
