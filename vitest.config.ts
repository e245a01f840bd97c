import { defineConfig } from 'vitest/config'

/** Handlers log through Powertools; tests assert behaviour, so keep the output readable. */
const quiet = { POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          env: quiet,
          include: [
            'packages/*/test/**/*.test.ts',
            'services/*/test/unit/**/*.test.ts',
            'local/test/unit/**/*.test.ts',
            'test/architecture/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', 'packages/*/test/integration/**'],
        },
      },
      {
        test: {
          name: 'integration',
          env: { ...quiet, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'eu-west-2' },
          include: [
            'packages/*/test/integration/**/*.test.ts',
            'services/*/test/integration/**/*.test.ts',
            'local/test/integration/**/*.test.ts',
            'test/e2e/**/*.test.ts',
          ],
          globalSetup: ['test/helpers/dynamodb-local.global-setup.ts'],
          // generous limits, not waits: tests wait on the runtime's idle barrier, and on a loaded 2-core machine
          // (load 30) a cold start of the local cloud or one e2e step can take minutes; a hang still fails
          testTimeout: 240_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'infra',
          env: quiet,
          include: ['infra/test/**/*.test.ts', 'services/*/infra/**/*.test.ts'],
          testTimeout: 60_000,
          // synth + bundling + cdk-nag in beforeAll: minutes on a loaded 2-core machine
          hookTimeout: 180_000,
        },
      },
    ],
  },
})
