/**
 * CloudTrail event names are API operation names, except that some services append the API version they were
 * called through: Lambda `CreateFunction20150331`, `UpdateFunctionConfiguration20150331v2`, CloudFront
 * `UpdateDistribution2020_05_31`. IAM actions never carry it.
 */

// Letters only before the date: no real operation name ends in eight digits, so nothing else is touched.
const VERSION_SUFFIX = /^([A-Za-z]+?)(?:\d{8}|\d{4}_\d{2}_\d{2})(?:v\d{1,3})?$/;
const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,127}$/;

/** Whether the text can be an API operation name at all (untrusted input: spaces, quotes, huge strings). */
export function isOperationName(eventName: string): boolean {
  return OPERATION_NAME.test(eventName);
}

/** The operation name without an API version suffix; unchanged when there is none. */
export function withoutVersionSuffix(eventName: string): string {
  // Called per record: a name that does not end in a digit (nearly all) cannot carry a suffix.
  const last = eventName.charCodeAt(eventName.length - 1);
  if (!(last >= 48 && last <= 57)) return eventName;
  return VERSION_SUFFIX.exec(eventName)?.[1] ?? eventName;
}
