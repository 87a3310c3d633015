// Property tests run with one fixed seed, so a CI run is reproducible and never fails by chance; set
// FC_SEED to explore other sequences locally (a failure prints the seed and path to replay it).
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261123) });
