export { runCdcDoctor } from "./doctor";
export { buildFixScript } from "./fix-script";
export { buildPostHogBody, mapPostHogError } from "./parity";
export type {
  DoctorDeps,
  PostHogCdcCheck,
  PostHogCdcCheckBody,
  PostHogCdcVerdict,
  PostHogParityDeps,
  QueryClient,
} from "./types";
