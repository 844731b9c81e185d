// ESM entry: the same objects as the CommonJS entry (`index.js`).
import skuwire from './index.js'

export const {
  VERSION,
  MAX_DEPTH,
  REDACTED,
  FLAGSHIP_TEST_URL,
  FLAGSHIP_PRODUCTION_URL,
  ENTERPRISE_SANDBOX_URL,
  ENTERPRISE_PRODUCTION_URL,
  PLATFORMS,
  REASONS,
  RETRIES,
  STATUSES,
  SkuwireError,
  ValidationError,
  Batch,
  Request,
  Plan,
  PlanStream,
  AsyncPlanStream,
  QueryPlan,
  PushDriver,
  Client,
  Flagship,
  Enterprise,
  Ymcart,
  operations,
  errorTypes,
  validate,
  clockOffsetFromHttpDate,
} = skuwire

export default skuwire
