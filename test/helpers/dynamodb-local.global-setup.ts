import type { TestProject } from 'vitest/node'
import { startDynamoDbLocal } from '../../local/src/runtime/dynamodb-local'
import { synthesizeTemplate } from '../../local/src/runtime/synth'
import { type LocalTable, readTemplate } from '../../local/src/runtime/template'

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string
    /** The tables of the synthesized stack (synthesized once per run). */
    tables: LocalTable[]
  }
}

/** One DynamoDB Local for the whole integration run; each test file creates its own uniquely named tables. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
  const [ddb, template] = await Promise.all([startDynamoDbLocal({ port: 0 }), Promise.resolve(synthesizeTemplate())])
  project.provide('dynamoEndpoint', ddb.endpoint)
  project.provide('tables', readTemplate(template).tables)
  return () => ddb.stop()
}
