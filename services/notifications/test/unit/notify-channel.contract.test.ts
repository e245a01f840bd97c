import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NotifyChannel } from '../../src/adapters/notify-channel'
import type { OutgoingEmail } from '../../src/ports'
import { API_KEY, type FakeNotify, NOTIFY_ERRORS, SERVICE_ID, startFakeNotify } from '../support/fake-notify'

let notify: FakeNotify
let channel: NotifyChannel

const email: OutgoingEmail = {
  id: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4',
  reference: 'omic-a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4',
  template: 'handover-date',
  notifyTemplateId: '9738726f-2377-4762-979d-19799fbb9e84',
  to: 'anne.lee@prison.example',
  personalisation: { prisoner_name: 'Dami Okafor', prisoner_number: 'G4821KT' },
  nomsNumber: 'G4821KT',
  createdAt: '2026-11-23T10:00:00.000Z',
}

beforeAll(async () => {
  notify = await startFakeNotify()
  channel = NotifyChannel.create({ apiKey: API_KEY, baseUrl: notify.baseUrl, timeoutMs: 300 })
})
afterAll(() => notify?.close())

describe('the GOV.UK Notify adapter (contract with a local Notify)', () => {
  it('POSTs /v2/notifications/email with a HS256 JWT (iss = service id, iat) and the documented body', async () => {
    const result = await channel.send(email)
    expect(notify.rejected).toEqual([])
    const received = notify.accepted.at(-1)
    expect(result).toEqual({ outcome: 'accepted', providerId: received?.id })
    expect(received).toMatchObject({
      templateId: email.notifyTemplateId,
      emailAddress: email.to,
      personalisation: email.personalisation,
      reference: email.reference,
    })
    expect(received?.jwt.header).toEqual({ alg: 'HS256', typ: 'JWT' })
    expect(received?.jwt.payload.iss).toBe(SERVICE_ID)
    expect(Math.abs(Number(received?.jwt.payload.iat) - Date.now() / 1000)).toBeLessThan(5)
  })

  it('uploads an attachment as Notify’s file personalisation (base64, filename, confirm email first)', async () => {
    const content = 'Prisoner,CRN\r\nDami Okafor,X482913\r\n'
    await channel.send({
      ...email,
      template: 'pipeline-to-community',
      personalisation: { ldu_name: 'Leeds', link_to_file: 'pipeline.csv' },
      attachment: { filename: 'pipeline.csv', contentType: 'text/csv', content },
    })
    expect(notify.accepted.at(-1)?.personalisation).toEqual({
      ldu_name: 'Leeds',
      link_to_file: {
        file: Buffer.from(content).toString('base64'),
        filename: 'pipeline.csv',
        confirm_email_before_download: true,
        retention_period: '26 weeks',
      },
    })
  })

  it.each([
    ['an invalid address (400 ValidationError)', NOTIFY_ERRORS.invalidAddress, 'permanent', 'http-400-ValidationError'],
    ['trial mode (400 BadRequestError)', NOTIFY_ERRORS.trialMode, 'permanent', 'http-400-BadRequestError'],
    ['the rate limit (429)', NOTIFY_ERRORS.rateLimit, 'transient', 'http-429-RateLimitError'],
    ['a server error (500)', NOTIFY_ERRORS.serverError, 'transient', 'http-500-Exception'],
    ['a rejected key (403 AuthError)', NOTIFY_ERRORS.invalidToken, 'transient', 'http-403-AuthError'],
  ])('classifies %s', async (_, error, outcome, code) => {
    notify.script(error)
    expect(await channel.send(email)).toEqual({ outcome, code })
  })

  it('treats a request that does not answer in time as transient', async () => {
    notify.script('hang')
    const started = Date.now()
    expect(await channel.send(email)).toEqual({ outcome: 'transient', code: 'timeout' })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('treats a refused connection as transient', async () => {
    const nowhere = NotifyChannel.create({ apiKey: API_KEY, baseUrl: 'http://127.0.0.1:9', timeoutMs: 300 })
    expect(await nowhere.send(email)).toEqual({ outcome: 'transient', code: 'network' })
  })

  it('sends nothing Notify would reject as malformed, and is rejected with a wrong key', async () => {
    const wrongKey = NotifyChannel.create({
      apiKey: `omic_test-${SERVICE_ID}-00000000-0000-0000-0000-000000000000`,
      baseUrl: notify.baseUrl,
      timeoutMs: 300,
    })
    const before = notify.rejected.length
    expect(await wrongKey.send(email)).toEqual({ outcome: 'transient', code: 'http-403-AuthError' })
    expect(notify.rejected.slice(before)).toEqual(['Invalid token: signature, api token not found'])
  })

  it('finds an email already sent with a reference (GET /v2/notifications?reference=)', async () => {
    const sent = notify.accepted.find(e => e.reference === email.reference)
    expect(await channel.findSent(email.reference)).toBe(sent?.id)
    expect(await channel.findSent('omic-never-sent')).toBeUndefined()
  })
})
