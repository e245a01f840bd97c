export * from './app'
export * from './omic-stack'
