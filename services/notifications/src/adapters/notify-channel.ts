import { NotifyClient } from 'notifications-node-client'
import { z } from 'zod'
import type { EmailChannel, OutgoingEmail, SendResult } from '../ports'

/** How long an uploaded attachment stays downloadable, and that the recipient must confirm their address first. */
const ATTACHMENT_OPTIONS = { confirmEmailBeforeDownload: true, retentionPeriod: '26 weeks' } as const

type RestClient = Parameters<NotifyClient['setClient']>[0]
type RestCall = (options: Record<string, unknown>) => Promise<unknown>

/** What an HTTP failure of the client (axios) says: its code, and Notify's answer when there was one. */
const httpFailureSchema = z.object({
  code: z.string().optional(),
  response: z
    .object({
      status: z.number().optional(),
      data: z
        .object({ errors: z.array(z.object({ error: z.string().optional() }).loose()).optional() })
        .loose()
        .optional()
        .catch(undefined),
    })
    .loose()
    .optional()
    .catch(undefined),
})
type HttpFailure = z.infer<typeof httpFailureSchema>

const failureOf = (error: unknown): HttpFailure => httpFailureSchema.catch({}).parse(error)

/**
 * GOV.UK Notify through its official client (`notifications-node-client`): POST /v2/notifications/email with a
 * JWT signed by the API key, the template id, the address, the personalisation and our reference.
 */
export class NotifyChannel implements EmailChannel {
  readonly name = 'notify' as const
  readonly deliveryReceipts = true

  constructor(private readonly client: NotifyClient) {}

  /** A client for the API key; `baseUrl` points it at another host (a local fake in tests). */
  static create(options: { apiKey: string; baseUrl?: string; timeoutMs: number }): NotifyChannel {
    const client = options.baseUrl
      ? new NotifyClient(options.baseUrl, options.apiKey)
      : new NotifyClient(options.apiKey)
    // The client has no timeout of its own: wrap its HTTP call so a hung request fails (and is retried)
    const api = client.apiClient as { restClient: RestCall }
    const inner = api.restClient
    const withTimeout: RestCall = requestOptions => inner({ ...requestOptions, timeout: options.timeoutMs })
    client.setClient(withTimeout as unknown as RestClient)
    return new NotifyChannel(client)
  }

  async send(email: OutgoingEmail): Promise<SendResult> {
    const personalisation: Record<string, unknown> = { ...email.personalisation }
    if (email.attachment) {
      const field = Object.keys(email.personalisation).find(
        k => email.personalisation[k] === email.attachment?.filename,
      )
      personalisation[field ?? 'link_to_file'] = this.client.prepareUpload(
        Buffer.from(email.attachment.content, 'utf8'),
        {
          filename: email.attachment.filename,
          ...ATTACHMENT_OPTIONS,
        },
      )
    }
    try {
      const response = await this.client.sendEmail(email.notifyTemplateId, email.to, {
        personalisation,
        reference: email.reference,
      })
      return { outcome: 'accepted', providerId: response.data.id }
    } catch (e) {
      return classify(failureOf(e))
    }
  }

  /** GET /v2/notifications/{id}: `sending`, `delivered`, `permanent-failure`, …; undefined once Notify forgot it (404). */
  async deliveryStatus(providerId: string): Promise<string | undefined> {
    try {
      const response = await this.client.getNotificationById(providerId)
      return response.data.status
    } catch (e) {
      if (failureOf(e).response?.status === 404) return undefined
      throw e
    }
  }

  async findSent(reference: string): Promise<string | undefined> {
    const response = await this.client.getNotifications('email', undefined, reference)
    return response.data.notifications[0]?.id
  }
}

/**
 * Notify's documented errors: 400 (BadRequestError, ValidationError: bad address, missing personalisation, trial
 * mode) is permanent; 429 (RateLimitError, TooManyRequestsError) and 5xx are transient; 403 (AuthError: wrong key or
 * clock) is retried and then dead-lettered, so it can be redriven once the key is fixed; no response at all
 * (timeout, connection refused or reset) is transient.
 */
export function classify(error: HttpFailure): SendResult {
  const status = error.response?.status
  if (status === undefined) {
    const code = error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' ? 'timeout' : 'network'
    return { outcome: 'transient', code }
  }
  const kind = error.response?.data?.errors?.[0]?.error
  const code = kind && /^[A-Za-z]+$/.test(kind) ? `http-${status}-${kind}` : `http-${status}`
  if (status === 429 || status >= 500 || status === 403) return { outcome: 'transient', code }
  return { outcome: 'permanent', code }
}
