/** Links into the staff portal, for the emails. */
export class PortalLinks {
  constructor(private readonly base: string) {}
  caseAllocation(prisonId: string, noms: string): string {
    return `${this.base}/prisons/${prisonId}/prisoners/${noms}/allocation`
  }
  caseload(prisonId: string): string {
    return `${this.base}/prisons/${prisonId}/caseload`
  }
  unallocated(prisonId: string): string {
    return `${this.base}/prisons/${prisonId}/unallocated`
  }
  earlyAllocation(prisonId: string, noms: string): string {
    return `${this.base}/prisons/${prisonId}/prisoners/${noms}/early-allocations`
  }
  newEarlyAllocation(prisonId: string, noms: string): string {
    return `${this.base}/prisons/${prisonId}/prisoners/${noms}/early-allocations/new`
  }
  earlyAllocationGuidance(): string {
    return `${this.base}/help/early-allocation`
  }
}
