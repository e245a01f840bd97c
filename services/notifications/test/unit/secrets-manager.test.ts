import { createServer } from 'node:http'
import { describe, expect, it } from 'vitest'
import { apiKeyOf } from '../../src/adapters/notify-api-key'
import { amzDateOf, SecretsManagerError, SecretsManagerReader, signRequest } from '../../src/adapters/secrets-manager'

const EXAMPLE = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }

describe('Signature Version 4', () => {
  it('matches AWS’s published test vector (aws-sig-v4-test-suite get-vanilla)', () => {
    const headers = signRequest({
      method: 'GET',
      url: new URL('https://example.amazonaws.com/'),
      headers: {},
      body: '',
      region: 'us-east-1',
      service: 'service',
      credentials: EXAMPLE,
      amzDate: '20150830T123600Z',
    })
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    )
  })

  it('signs a GetSecretValue call as the AWS SDK does (signature computed with @smithy/signature-v4)', () => {
    const headers = signRequest({
      method: 'POST',
      url: new URL('https://secretsmanager.eu-west-2.amazonaws.com/'),
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' },
      body: JSON.stringify({ SecretId: 'arn:aws:secretsmanager:eu-west-2:1:secret:x' }),
      region: 'eu-west-2',
      service: 'secretsmanager',
      credentials: { ...EXAMPLE, sessionToken: 'TOKEN' },
      amzDate: amzDateOf(new Date('2026-11-23T10:00:00Z')),
    })
    expect(headers['x-amz-security-token']).toBe('TOKEN')
    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-2/secretsmanager/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=03522174c12ff33e08e5e16ff79917cae4d7118ff1b961718ec816cc3a315b14',
    )
  })
})

describe('SecretsManagerReader', () => {
  it('reads the secret string over the JSON 1.1 protocol, and fails with the error type', async () => {
    const seen: { target?: string; auth?: string; body?: string }[] = []
    const server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', c => chunks.push(c as Buffer))
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        seen.push({ target: String(req.headers['x-amz-target']), auth: req.headers.authorization, body })
        res.writeHead(body.includes('missing') ? 400 : 200, { 'content-type': 'application/x-amz-json-1.1' })
        res.end(
          JSON.stringify(
            body.includes('missing')
              ? { __type: 'ResourceNotFoundException', message: 'Secrets Manager can’t find the specified secret.' }
              : { ARN: 'arn', Name: 'n', SecretString: '{"apiKey":"key-from-secret"}' },
          ),
        )
      })
    })
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
    const address = server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    try {
      const reader = SecretsManagerReader.fromEnv({
        AWS_REGION: 'eu-west-2',
        AWS_ACCESS_KEY_ID: 'AKID',
        AWS_SECRET_ACCESS_KEY: 'SECRET',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}/`,
      })
      expect(apiKeyOf(await reader.getSecretString('arn:notify'))).toBe('key-from-secret')
      expect(seen[0]).toMatchObject({ target: 'secretsmanager.GetSecretValue', body: '{"SecretId":"arn:notify"}' })
      expect(seen[0]?.auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKID\/\d{8}\/eu-west-2\/secretsmanager\/aws4_request/)
      await expect(reader.getSecretString('missing')).rejects.toEqual(
        new SecretsManagerError(400, 'ResourceNotFoundException'),
      )
    } finally {
      await new Promise<void>(r => server.close(() => r()))
    }
  })

  it('takes a plain-string secret as the key itself', () => {
    expect(apiKeyOf(' omic-live-key \n')).toBe('omic-live-key')
  })
})
