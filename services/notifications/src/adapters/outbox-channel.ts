import { renderEmail } from '@omic/domain'
import type { EmailChannel, EmailOutbox, OutgoingEmail, SendResult } from '../ports'

/**
 * The local channel: instead of emailing anyone, the rendered email is written to the outbox in the service's
 * table, where the API and `npm run outbox` show it. Nothing leaves the machine.
 */
export class OutboxChannel implements EmailChannel {
  readonly name = 'outbox' as const
  readonly deliveryReceipts = false

  constructor(private readonly outbox: EmailOutbox) {}

  async send(email: OutgoingEmail): Promise<SendResult> {
    const rendered = renderEmail({
      template: email.template,
      personalisation: email.personalisation,
      ...(email.attachment ? { attachment: email.attachment } : {}),
    })
    await this.outbox.put({
      id: email.id,
      createdAt: email.createdAt,
      template: email.template,
      to: email.to,
      nomsNumber: email.nomsNumber,
      subject: rendered.subject,
      body: rendered.body,
      ...(email.attachment ? { attachment: email.attachment } : {}),
    })
    return { outcome: 'accepted', providerId: `outbox:${email.id}` }
  }

  /** Resending is safe here: the outbox write is keyed by the message, so a second write changes nothing. */
  async findSent(): Promise<string | undefined> {
    return undefined
  }

  /** An outbox email is "delivered" once written. */
  async deliveryStatus(): Promise<string | undefined> {
    return 'delivered'
  }
}
