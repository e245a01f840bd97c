import { buildApp } from '../src/app'

buildApp().app.synth()
