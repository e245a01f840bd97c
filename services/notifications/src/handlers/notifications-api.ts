export const handler = async (): Promise<void> => {} // TODO-REPLACE
