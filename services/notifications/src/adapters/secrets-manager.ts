import { createHash, createHmac } from 'node:crypto'

/**
 * Reads a secret from AWS Secrets Manager (`GetSecretValue`, JSON 1.1 protocol) with a Signature Version 4 signed
 * HTTPS request, using the function's credentials from the Lambda environment. The repository carries no
 * Secrets Manager SDK client, and this one call is all the service needs.
 */

export interface AwsCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export interface SignInput {
  method: string
  url: URL
  headers: Record<string, string>
  body: string
  region: string
  service: string
  credentials: AwsCredentials
  /** `YYYYMMDDTHHMMSSZ` */
  amzDate: string
}

const sha256 = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex')
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest()

const encode = (s: string): string =>
  encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** The headers to send, including `authorization` (AWS Signature Version 4). */
export function signRequest(input: SignInput): Record<string, string> {
  const date = input.amzDate.slice(0, 8)
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v.trim()])),
    host: input.url.host,
    'x-amz-date': input.amzDate,
    ...(input.credentials.sessionToken ? { 'x-amz-security-token': input.credentials.sessionToken } : {}),
  }
  const names = Object.keys(headers).sort()
  const canonicalHeaders = names.map(n => `${n}:${headers[n]}\n`).join('')
  const signedHeaders = names.join(';')
  const query = [...input.url.searchParams.entries()]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const canonicalRequest = [
    input.method,
    input.url.pathname || '/',
    query,
    canonicalHeaders,
    signedHeaders,
    sha256(input.body),
  ].join('\n')
  const scope = `${date}/${input.region}/${input.service}/aws4_request`
  const stringToSign = ['AWS4-HMAC-SHA256', input.amzDate, scope, sha256(canonicalRequest)].join('\n')
  const key = hmac(
    hmac(hmac(hmac(`AWS4${input.credentials.secretAccessKey}`, date), input.region), input.service),
    'aws4_request',
  )
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex')
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  }
}

export function amzDateOf(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

export class SecretsManagerError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
  ) {
    super(`Secrets Manager GetSecretValue failed: ${status} ${type}`)
    this.name = 'SecretsManagerError'
  }
}

export class SecretsManagerReader {
  constructor(
    private readonly options: {
      region: string
      credentials: AwsCredentials
      /** Another endpoint (tests); `https://secretsmanager.<region>.amazonaws.com` when absent. */
      endpoint?: string
      timeoutMs?: number
      now?: () => Date
    },
  ) {}

  /** From the standard variables Lambda sets (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, …). */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): SecretsManagerReader {
    const accessKeyId = env.AWS_ACCESS_KEY_ID
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
    if (!accessKeyId || !secretAccessKey) throw new Error('AWS credentials are not in the environment')
    return new SecretsManagerReader({
      region: env.AWS_REGION ?? 'eu-west-2',
      credentials: {
        accessKeyId,
        secretAccessKey,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      },
      ...(env.AWS_ENDPOINT_URL_SECRETS_MANAGER ? { endpoint: env.AWS_ENDPOINT_URL_SECRETS_MANAGER } : {}),
    })
  }

  async getSecretString(secretId: string): Promise<string> {
    const url = new URL(this.options.endpoint ?? `https://secretsmanager.${this.options.region}.amazonaws.com/`)
    const body = JSON.stringify({ SecretId: secretId })
    const headers = signRequest({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' },
      body,
      region: this.options.region,
      service: 'secretsmanager',
      credentials: this.options.credentials,
      amzDate: amzDateOf((this.options.now ?? (() => new Date()))()),
    })
    const { host: _host, ...sendHeaders } = headers
    const response = await fetch(url, {
      method: 'POST',
      headers: sendHeaders,
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
    })
    const payload = (await response.json().catch(() => ({}))) as { SecretString?: string; __type?: string }
    if (!response.ok || typeof payload.SecretString !== 'string') {
      throw new SecretsManagerError(
        response.status,
        String(payload.__type ?? 'UnexpectedResponse')
          .split('#')
          .pop() ?? '',
      )
    }
    return payload.SecretString
  }
}
