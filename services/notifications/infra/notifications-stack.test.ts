import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Template } from 'aws-cdk-lib/assertions'
import { describe, expect, it } from 'vitest'
import { buildApp, STACK_NAME } from '../../../infra/src/app'

type Resource = { Type: string; Properties: Record<string, unknown> }

function synth(context: Record<string, string>): Record<string, Resource> {
  const { app } = buildApp({ bundle: false, nag: false, outdir: mkdtempSync(join(tmpdir(), 'omic-notify-')), context })
  return Template.fromJSON(app.synth().getStackByName(STACK_NAME).template).toJSON().Resources as Record<
    string,
    Resource
  >
}

describe('the notifications service in the stack', () => {
  it('refuses to synthesize without a channel, or with GOV.UK Notify but no portal URL', () => {
    expect(() => synth({ 'omic:notifyChannel': '' })).toThrow(/omic:notifyChannel must be "outbox" or "notify"/)
    expect(() => synth({ 'omic:notifyChannel': 'notify' })).toThrow(/omic:portalUrl is required/)
  })

  it('sends through Notify when deployed with -c omic:notifyChannel=notify: key in Secrets Manager, readable', () => {
    const resources = synth({ 'omic:notifyChannel': 'notify', 'omic:portalUrl': 'https://omic.example' })
    const secret = Object.entries(resources).find(([, r]) => r.Type === 'AWS::SecretsManager::Secret')
    expect(secret?.[0]).toMatch(/^NotificationsNotifyApiKey/)
    const fns = Object.entries(resources).filter(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('Notifications'),
    )
    expect(fns.map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      'NotificationsEveryQuarterHour',
      'NotificationsMonthlyPipelineReport',
      'NotificationsNotificationsApi',
      'NotificationsOnDomainEvent',
    ])
    for (const [, fn] of fns) {
      const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables
      expect(env.NOTIFY_CHANNEL).toBe('notify')
      expect(env.PORTAL_URL).toBe('https://omic.example')
      expect(env.NOTIFY_API_KEY_SECRET_ARN).toEqual({ Ref: secret?.[0] })
      expect(String(env.NOTIFY_RETRY_DELAYS_MS)).toMatch(/^\d+(,\d+)*$/)
    }
    const reads = Object.values(resources).filter(
      r =>
        r.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(r.Properties.PolicyDocument).includes('secretsmanager:GetSecretValue') &&
        JSON.stringify(r.Properties.PolicyDocument).includes(secret?.[0] ?? '?'),
    )
    expect(reads).toHaveLength(4)
    const schedule = Object.values(resources).find(
      r => r.Type === 'AWS::Scheduler::Schedule' && JSON.stringify(r.Properties.Target).includes('MonthlyPipeline'),
    )
    expect(schedule?.Properties).toMatchObject({
      ScheduleExpression: 'cron(4 9 1 * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
    })
  })
})
