import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb'
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'

/**
 * The service's own directory, built from events: who each prisoner is, who manages them (POMs, COM), their
 * local delivery unit, handover dates; staff contact details; LDU mailboxes. Emails are addressed and
 * personalised from it, so the service never calls another service or upstream API.
 */

export interface PrisonerPart {
  firstName: string
  lastName: string
  prisonId: string
  status: string
  legalStatus: string
  indeterminate: boolean
  conditionalReleaseDate: string | null
  paroleEligibilityDate: string | null
  tariffDate: string | null
  releaseDate: string | null
}
export interface ProbationPart {
  crn: string
  lduCode: string | null
  lduName: string | null
  lduEmail: string | null
  roshLevel: string | null
}
export interface StaffRef {
  staffId: string
  name: string | null
  email: string | null
}
export interface HandoverPart {
  responsibility: 'CustodyOnly' | 'CustodyWithCom' | 'Community'
  handoverStartDate: string | null
  handoverDate: string | null
  reason: string
  source: string
  /** London date of the event (when the dates were last calculated). */
  changedOn: string
}
export interface TierPart {
  tier: string
  /**
   * The inputs tiering calculated this tier without (`tier.calculation.complete`'s `missingInputs`, kept as
   * published); absent when the event did not say (older events, tiers stored before it was kept).
   */
  missingInputs?: string[]
}
export interface AssessmentPart {
  completedDate: string | null
  rsrScore: number | null
  ogrsScore: number | null
}

export interface CaseParts {
  prisoner: PrisonerPart
  probation: ProbationPart
  com: StaffRef | null
  primaryPom: StaffRef | null
  coworkingPom: StaffRef | null
  handover: HandoverPart
  tier: TierPart
  assessment: AssessmentPart
}
export type CasePartName = keyof CaseParts

export type CaseRecord = { nomsNumber: string; crn?: string } & { [P in CasePartName]?: CaseParts[P] } & {
  [key: string]: unknown
}

export type ApplyOutcome = 'applied' | 'replayed' | 'stale'

export interface Applied<P extends CasePartName> {
  outcome: ApplyOutcome
  /** The part as it was before this event (kept, so a redelivered event sees the same "before"). */
  previous: CaseParts[P] | undefined
  record: CaseRecord
}

export interface LduRecord {
  lduCode: string
  name: string | null
  email: string | null
}

/** Parts that belong to a CRN and may arrive before the CRN is linked to a prisoner. */
export type ParkablePart = 'tier' | 'assessment'
export type ParkedParts = { [P in ParkablePart]?: { value: CaseParts[P]; occurredAt: string } }

const PARKED_ATTRIBUTES: Record<ParkablePart, { value: string; at: string }> = {
  tier: { value: 'parkedTier', at: 'parkedTierAt' },
  assessment: { value: 'parkedAssessment', at: 'parkedAssessmentAt' },
}

function parkedOf(item: Record<string, unknown> | undefined): ParkedParts {
  const parked: ParkedParts = {}
  if (!item) return parked
  const tierAt = item[PARKED_ATTRIBUTES.tier.at]
  if (typeof tierAt === 'string' && item[PARKED_ATTRIBUTES.tier.value]) {
    parked.tier = { value: item[PARKED_ATTRIBUTES.tier.value] as TierPart, occurredAt: tierAt }
  }
  const assessmentAt = item[PARKED_ATTRIBUTES.assessment.at]
  if (typeof assessmentAt === 'string' && item[PARKED_ATTRIBUTES.assessment.value]) {
    parked.assessment = {
      value: item[PARKED_ATTRIBUTES.assessment.value] as AssessmentPart,
      occurredAt: assessmentAt,
    }
  }
  return parked
}

/** The key of a case in the state table (a parked email's send is conditional on it: see `factsVersionOf`). */
export const caseKey = (noms: string) => ({ pk: `CASE#${noms}`, sk: 'CASE' })

/**
 * How many times the case's facts changed: every applied part adds one. An email that waited for facts is sent
 * only if the case still has the version its personalisation was built from (else it is built again).
 */
export function factsVersionOf(record: CaseRecord | undefined): number | undefined {
  const version = record?.factsVersion
  return typeof version === 'number' ? version : undefined
}
const crnKey = (crn: string) => ({ pk: `CRN#${crn}`, sk: 'CRN' })
const staffKey = (id: string) => ({ pk: `STAFF#${id}`, sk: 'STAFF' })
const lduKey = (code: string) => ({ pk: `LDU#${code}`, sk: 'LDU' })

export class DirectoryRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** A case; `consistent` reads the latest write (re-planning a parked email must not miss a fact just written). */
  async getCase(noms: string, consistent = false): Promise<CaseRecord | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: caseKey(noms),
        ...(consistent ? { ConsistentRead: true } : {}),
      }),
    )
    return out.Item as CaseRecord | undefined
  }

  /**
   * Writes one part of a case if the event is not older than what is stored (order-safe), keeping the value it
   * replaced. An event seen again (same `occurredAt`) is reported as `replayed` with the same "before" value.
   */
  async applyPart<P extends CasePartName>(
    noms: string,
    part: P,
    occurredAt: string,
    value: CaseParts[P],
    extra: Record<string, unknown> = {},
    remove: readonly string[] = [],
  ): Promise<Applied<P>> {
    for (let attempt = 0; ; attempt++) {
      const current = (await this.getCase(noms)) ?? { nomsNumber: noms }
      const currentAt = current[`${part}At`] as string | undefined
      if (currentAt !== undefined && currentAt > occurredAt) {
        return { outcome: 'stale', previous: undefined, record: current }
      }
      if (currentAt === occurredAt) {
        return { outcome: 'replayed', previous: current[`${part}Prev`] as CaseParts[P] | undefined, record: current }
      }
      const names: Record<string, string> = { '#p': part, '#at': `${part}At`, '#prev': `${part}Prev` }
      const values: Record<string, unknown> = {
        ':v': value,
        ':at': occurredAt,
        ':prev': current[part] ?? null,
        ':noms': noms,
        ':one': 1,
      }
      const sets = ['#p = :v', '#at = :at', '#prev = :prev', 'nomsNumber = :noms']
      for (const [k, v] of Object.entries(extra)) {
        names[`#x_${k}`] = k
        values[`:x_${k}`] = v
        sets.push(`#x_${k} = :x_${k}`)
      }
      remove.forEach((k, i) => {
        names[`#r${i}`] = k
      })
      const removal = remove.length ? ` REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}` : ''
      if (currentAt !== undefined) values[':cur'] = currentAt
      try {
        await this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: caseKey(noms),
            UpdateExpression: `SET ${sets.join(', ')}${removal} ADD factsVersion :one`,
            ConditionExpression: currentAt === undefined ? 'attribute_not_exists(#at)' : '#at = :cur',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        )
        const record = {
          ...current,
          ...extra,
          [part]: value,
          [`${part}At`]: occurredAt,
          factsVersion: (factsVersionOf(current) ?? 0) + 1,
        } as CaseRecord
        for (const k of remove) delete record[k]
        return { outcome: 'applied', previous: (current[part] ?? undefined) as CaseParts[P] | undefined, record }
      } catch (e) {
        // another event for the same case won the race: read again and decide again
        if (!(e instanceof ConditionalCheckFailedException) || attempt >= 5) throw e
      }
    }
  }

  /**
   * Links a CRN to its prisoner and returns what was parked under the CRN while it was not linked (see `park`);
   * the caller applies it to the case, then clears it (`clearParked`).
   */
  async linkCrn(crn: string, noms: string): Promise<ParkedParts> {
    const out = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: crnKey(crn),
        UpdateExpression: 'SET nomsNumber = :n',
        ExpressionAttributeValues: { ':n': noms },
        ReturnValues: 'ALL_NEW',
      }),
    )
    return parkedOf(out.Attributes)
  }

  /**
   * Keeps a part that belongs to a CRN not yet linked to a prisoner (a tier, an assessment), the newest only.
   * Answers `linked` with the prisoner when the link exists (it may have arrived meanwhile: apply the part to the
   * case instead), else `parked` (also when a newer value is parked already).
   */
  async park<P extends ParkablePart>(
    crn: string,
    part: P,
    occurredAt: string,
    value: CaseParts[P],
  ): Promise<{ outcome: 'parked' } | { outcome: 'linked'; nomsNumber: string }> {
    const { value: valueAttr, at: atAttr } = PARKED_ATTRIBUTES[part]
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: crnKey(crn),
          UpdateExpression: 'SET #v = :v, #at = :at',
          ConditionExpression: 'attribute_not_exists(nomsNumber) AND (attribute_not_exists(#at) OR #at < :at)',
          ExpressionAttributeNames: { '#v': valueAttr, '#at': atAttr },
          ExpressionAttributeValues: { ':v': value, ':at': occurredAt },
        }),
      )
      return { outcome: 'parked' }
    } catch (e) {
      ignoreConditionFailure(e)
      const noms = await this.nomsForCrn(crn)
      return noms ? { outcome: 'linked', nomsNumber: noms } : { outcome: 'parked' }
    }
  }

  /** Removes a parked part once applied, unless a newer one was parked meanwhile. */
  async clearParked(crn: string, part: ParkablePart, occurredAt: string): Promise<void> {
    const { value: valueAttr, at: atAttr } = PARKED_ATTRIBUTES[part]
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: crnKey(crn),
          UpdateExpression: 'REMOVE #v, #at',
          ConditionExpression: '#at = :at',
          ExpressionAttributeNames: { '#v': valueAttr, '#at': atAttr },
          ExpressionAttributeValues: { ':at': occurredAt },
        }),
      )
      .catch(ignoreConditionFailure)
  }

  async nomsForCrn(crn: string, consistent = false): Promise<string | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: crnKey(crn), ...(consistent ? { ConsistentRead: true } : {}) }),
    )
    return typeof out.Item?.nomsNumber === 'string' ? out.Item.nomsNumber : undefined
  }

  /** A staff member's contact details, kept only if newer than what is stored. */
  async putStaff(staff: StaffRef, at: string): Promise<void> {
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: staffKey(staff.staffId),
          UpdateExpression: 'SET staffId = :id, #n = :n, email = :e, #at = :at',
          ConditionExpression: 'attribute_not_exists(#at) OR #at <= :at',
          ExpressionAttributeNames: { '#n': 'name', '#at': 'at' },
          ExpressionAttributeValues: { ':id': staff.staffId, ':n': staff.name, ':e': staff.email, ':at': at },
        }),
      )
      .catch(ignoreConditionFailure)
  }

  async getStaff(staffId: string): Promise<StaffRef | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: staffKey(staffId) }))
    if (!out.Item) return undefined
    return { staffId, name: (out.Item.name as string | null) ?? null, email: (out.Item.email as string | null) ?? null }
  }

  /** An LDU's name and mailbox, listed through gsi2 for the monthly report. */
  async putLdu(ldu: LduRecord, at: string): Promise<void> {
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: lduKey(ldu.lduCode),
          UpdateExpression: 'SET lduCode = :c, #n = :n, email = :e, #at = :at, gsi2pk = :g, gsi2sk = :c',
          ConditionExpression: 'attribute_not_exists(#at) OR #at <= :at',
          ExpressionAttributeNames: { '#n': 'name', '#at': 'at' },
          ExpressionAttributeValues: {
            ':c': ldu.lduCode,
            ':n': ldu.name,
            ':e': ldu.email,
            ':at': at,
            ':g': 'LDUS',
          },
        }),
      )
      .catch(ignoreConditionFailure)
  }

  async getLdu(lduCode: string): Promise<LduRecord | undefined> {
    const out = await this.client.send(new GetCommand({ TableName: this.tableName, Key: lduKey(lduCode) }))
    if (!out.Item) return undefined
    return { lduCode, name: (out.Item.name as string | null) ?? null, email: (out.Item.email as string | null) ?? null }
  }

  async listLdus(): Promise<LduRecord[]> {
    const items = await this.queryAll({
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :p',
      ExpressionAttributeValues: { ':p': 'LDUS' },
    })
    return items.map(i => ({
      lduCode: String(i.lduCode),
      name: (i.name as string | null) ?? null,
      email: (i.email as string | null) ?? null,
    }))
  }

  /** Every case of an LDU (its probation part names the LDU). */
  async casesOfLdu(lduCode: string): Promise<CaseRecord[]> {
    const items = await this.queryAll({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `LDU#${lduCode}` },
    })
    return items as CaseRecord[]
  }

  private async queryAll(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName'>) {
    const items: Record<string, unknown>[] = []
    let start: Record<string, unknown> | undefined
    do {
      const out = await this.client.send(
        new QueryCommand({ ...input, TableName: this.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
      )
      items.push(...(out.Items ?? []))
      start = out.LastEvaluatedKey
    } while (start)
    return items
  }
}

function ignoreConditionFailure(e: unknown): void {
  if (!(e instanceof ConditionalCheckFailedException)) throw e
}
