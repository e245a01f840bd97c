import { createServer } from 'node:http'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { apiKeyOf } from '../../src/adapters/notify-api-key'
import { SecretsManagerReader } from '../../src/adapters/secrets-manager'

/** A local Secrets Manager speaking its JSON 1.1 protocol: one secret, `ResourceNotFoundException` for the rest. */
const seen: { target?: string; auth?: string; body?: string }[] = []
const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', c => chunks.push(c as Buffer))
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8')
    seen.push({ target: String(req.headers['x-amz-target']), auth: req.headers.authorization, body })
    const missing = body.includes('missing')
    res.writeHead(missing ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' })
    res.end(
      JSON.stringify(
        missing
          ? { __type: 'ResourceNotFoundException', message: 'Secrets Manager can’t find the specified secret.' }
          : { ARN: 'arn', Name: 'n', SecretString: '{"apiKey":"key-from-secret"}' },
      ),
    )
  })
})
let endpoint = ''
const credentials = { accessKeyId: 'AKID', secretAccessKey: 'SECRET' }

beforeAll(async () => {
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  const address = server.address()
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(async () => {
  await new Promise<void>(r => server.close(() => r()))
})
afterEach(() => {
  seen.length = 0
  vi.unstubAllEnvs()
})

describe('SecretsManagerReader (the AWS SDK client)', () => {
  it('reads the secret string with a signed GetSecretValue call, and fails with the error type', async () => {
    const reader = new SecretsManagerReader(new SecretsManagerClient({ endpoint, region: 'eu-west-2', credentials }))
    expect(apiKeyOf(await reader.getSecretString('arn:notify'))).toBe('key-from-secret')
    expect(seen[0]).toMatchObject({ target: 'secretsmanager.GetSecretValue' })
    expect(JSON.parse(seen[0]?.body ?? '{}')).toEqual({ SecretId: 'arn:notify' })
    expect(seen[0]?.auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-2\/secretsmanager\/aws4_request/)
    await expect(reader.getSecretString('missing')).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it('takes its endpoint, region and credentials from the Lambda environment (AWS_ENDPOINT_URL_SECRETS_MANAGER)', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-2')
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKID')
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'SECRET')
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', endpoint)
    expect(apiKeyOf(await new SecretsManagerReader().getSecretString('arn:notify'))).toBe('key-from-secret')
    expect(seen).toHaveLength(1)
  })

  it('takes a plain-string secret as the key itself', () => {
    expect(apiKeyOf(' omic-live-key \n')).toBe('omic-live-key')
  })
})
