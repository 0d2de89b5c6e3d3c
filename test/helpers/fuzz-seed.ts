import fc from 'fast-check';

/**
 * One seed for every property test, so the suite gives the same verdict on every run; set
 * FUZZ_SEED to explore others (a failure prints the seed and path that reproduce it).
 */
fc.configureGlobal({ seed: Number(process.env.FUZZ_SEED ?? 20261201) });
