/** IaC patching for the front doors: locate a role's policy in Terraform/CloudFormation and patch it in place. */
export {
  HCL_GRAMMAR_WASM,
  loadHclParser,
  resolveWasmPaths,
  RUNTIME_WASM,
  type HclParserOptions,
} from './hcl-parser.js';
export { locateAndPatch, roleNameOf, writePatch, type LocateOptions } from './locate-and-patch.js';
export { patchIacFile, type IacLocation } from './patch-file.js';
export type {
  NotFoundOutcome,
  PatchedOutcome,
  PatchOutcome,
  PolicyShape,
  RefusedOutcome,
  SuggestionBlock,
  UnchangedOutcome,
} from '../core/iac/patch/outcome.js';
