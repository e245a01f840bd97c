export * from './shared/dates'
export * from './shared/result'
