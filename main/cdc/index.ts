export { runCdcDoctor } from "./doctor";
export { buildFixScript, type FixScriptOptions } from "./fix-script";
export { buildPostHogBody, mapPostHogError } from "./parity";
export type {
  DoctorDeps,
  PostHogCdcCheck,
  PostHogCdcCheckBody,
  PostHogCdcVerdict,
  PostHogParityDeps,
  QueryClient,
} from "./types";
