import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { JavaMissingError, startDynamoDbLocal } from '../../src/runtime/dynamodb-local'

describe('DynamoDB Local without Java', () => {
  const path = process.env.PATH
  afterEach(() => {
    process.env.PATH = path
  })

  it('fails with one clear line saying how to install Java', async () => {
    // a PATH with nothing on it: `java` cannot be found
    process.env.PATH = mkdtempSync(join(tmpdir(), 'no-java-'))
    const started = startDynamoDbLocal()
    await expect(started).rejects.toBeInstanceOf(JavaMissingError)
    await expect(started).rejects.toThrow(
      'Java is not installed, and DynamoDB Local needs it: run `apt-get install -y default-jre-headless`.',
    )
  })
})
