/**
 * iam:PassRole is never logged as its own event: the call that passed the role tells which service received it,
 * and `iam:PassedToService` pins the grant to that service.
 */
import type { Evidence } from '../usage/evidence.js';
import type { ConditionBlock } from './document.js';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compare);
}

/**
 * Event sources whose service principal receives the passed role under the same name, so
 * `iam:PassedToService` can be pinned. ECS hands task roles to `ecs-tasks`, its service role to `ecs`.
 */
const PASSED_TO_SERVICE: Readonly<Record<string, readonly string[]>> = {
  'batch.amazonaws.com': ['batch.amazonaws.com'],
  'cloudformation.amazonaws.com': ['cloudformation.amazonaws.com'],
  'codebuild.amazonaws.com': ['codebuild.amazonaws.com'],
  'codepipeline.amazonaws.com': ['codepipeline.amazonaws.com'],
  'ec2.amazonaws.com': ['ec2.amazonaws.com'],
  'ecs.amazonaws.com': ['ecs-tasks.amazonaws.com', 'ecs.amazonaws.com'],
  'eks.amazonaws.com': ['eks.amazonaws.com'],
  'elasticmapreduce.amazonaws.com': ['elasticmapreduce.amazonaws.com'],
  'events.amazonaws.com': ['events.amazonaws.com'],
  'firehose.amazonaws.com': ['firehose.amazonaws.com'],
  'glue.amazonaws.com': ['glue.amazonaws.com'],
  'lambda.amazonaws.com': ['lambda.amazonaws.com'],
  'pipes.amazonaws.com': ['pipes.amazonaws.com'],
  'sagemaker.amazonaws.com': ['sagemaker.amazonaws.com'],
  'scheduler.amazonaws.com': ['scheduler.amazonaws.com'],
  'states.amazonaws.com': ['states.amazonaws.com'],
};

/** The condition for the PassRole grant; `note` receives why there is none when the service is not known. */
export function passRoleCondition(
  evidence: Evidence,
  key: string,
  note: (text: string) => void,
): ConditionBlock | undefined {
  const sources = sortedUnique(evidence.calls.map((c) => c.slice(0, c.lastIndexOf(':'))).filter((s) => s !== ''));
  const unknown = sources.filter((s) => PASSED_TO_SERVICE[s] === undefined);
  if (sources.length === 0 || unknown.length > 0) {
    note(
      `${key}: could not tell which service receives the role (${sources.length === 0 ? 'no call recorded' : unknown.join(', ')}), so no iam:PassedToService condition was added; add one to limit where the role can be passed`,
    );
    return undefined;
  }
  const services = sortedUnique(sources.flatMap((s) => PASSED_TO_SERVICE[s] ?? []));
  return { StringEquals: { 'iam:PassedToService': services } };
}
