import { documentClient } from '@omic/lambda-kit'
import { CaseRepository } from './adapters/case-repository'
import { config } from './config'

/** The allocation service's object graph, built once per cold start. */
export const cases = new CaseRepository(documentClient(), config.tableName)
