export * from './shared/dates'
