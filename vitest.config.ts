import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The CLI tests spawn the built program; keep the suite on the two cores this machine has.
    pool: 'forks',
  },
});
