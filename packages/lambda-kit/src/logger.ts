import { Logger } from '@aws-lambda-powertools/logger'

/**
 * One structured logger per function (Powertools). Log identifiers and counts, never names, emails or other
 * personal data: log lines are kept longer than the data they describe.
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'omic' })
