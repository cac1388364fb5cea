export { mapCall, type CallMapping } from './map-call.js';
export { servicePrefixesFor, endpointOf } from './event-source.js';
export { EXCEPTIONS, exceptionFor, type ExceptionRule } from './exceptions.js';
export { NO_PERMISSION, noPermissionReason } from './no-permission.js';
export { withoutVersionSuffix, isOperationName } from './operation-name.js';
