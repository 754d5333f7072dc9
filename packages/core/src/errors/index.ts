export { AlreadyExistsError, type AlreadyExistsErrorOptions } from './already-exists-error';
export { BackendError, type BackendErrorOptions } from './backend-error';
export { ConflictError, type ConflictErrorOptions } from './conflict-error';
export { formatPath, invalidArgumentFromZod, parseOrThrow } from './from-zod';
export {
  InvalidArgumentError,
  type InvalidArgumentErrorOptions,
  type InvalidArgumentIssue,
} from './invalid-argument-error';
export {
  MLOOP_ERROR_CODES,
  MloopError,
  type MloopErrorCode,
  type MloopErrorJSON,
  type MloopErrorOptions,
} from './mloop-error';
export { NotFittedError, type NotFittedErrorOptions } from './not-fitted-error';
export { NotFoundError, type NotFoundErrorOptions } from './not-found-error';
export { SerializationError, type SerializationErrorOptions } from './serialization-error';
export {
  UnsupportedFunctionalityError,
  type UnsupportedFunctionalityErrorOptions,
} from './unsupported-functionality-error';
export { UnsupportedSpecVersionError, type UnsupportedSpecVersionErrorOptions } from './unsupported-spec-version-error';
