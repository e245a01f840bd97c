import { buildApp, STACK_NAME } from '@omic/infra'
import type { CfnTemplate } from './template'

/** Synthesizes the real stack in-process, without bundling (the local runtime runs the TypeScript sources). */
export function synthesizeTemplate(): CfnTemplate {
  const { app } = buildApp({ bundle: false, nag: false })
  return app.synth().getStackByName(STACK_NAME).template as CfnTemplate
}
