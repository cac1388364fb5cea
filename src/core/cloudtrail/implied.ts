/**
 * `iam:PassRole` is never logged as its own event: the service that receives the role checks it inside the call
 * that names the role (RunInstances, CreateFunction, RunTask, CreateStack…). This reads the role from the
 * request parameters of those calls.
 *
 * Instance profiles: EC2 (and Auto Scaling, EMR) take an instance PROFILE, and PassRole is checked on the role
 * inside it, which the event does not name. Writing a guessed role ARN would scope a policy to the wrong
 * resource, and `role/*` would hand out privilege escalation, so the profile's own ARN
 * (`arn:…:iam::ACCT:instance-profile/Name`) is returned as the honest stand-in: `isInstanceProfileArn` tells
 * it apart, and the profile builder reports it as an iam:PassRole whose role is still to be resolved
 * (`iam:GetInstanceProfile` names it).
 *
 * Every record is answered, failed ones included; the profile builder decides (a denied call grants nothing).
 */
import { parseIamArn } from './principal.js';
import type { CloudTrailRecord } from './record.js';
import { callContextOf, requestParametersOf, stringsAt, type CallContext } from './resources.js';
import { withoutVersionSuffix } from './mapping/operation-name.js';

type Passed = 'role' | 'instance-profile';

/** Where a call names a role (or instance profile) it hands to the service: key paths, `[]` for each item. */
interface PassedRoleField {
  readonly path: readonly string[];
  readonly kind: Passed;
}

const role = (...path: string[]): PassedRoleField => ({ path, kind: 'role' });
const profile = (...path: string[]): PassedRoleField => ({ path, kind: 'instance-profile' });

/** `eventSource operation` → fields. Operation names have any API version suffix removed. */
const PASSED_ROLE_FIELDS: Readonly<Record<string, readonly PassedRoleField[]>> = {
  'ec2.amazonaws.com RunInstances': [profile('iamInstanceProfile')],
  'ec2.amazonaws.com RequestSpotInstances': [profile('launchSpecification', 'iamInstanceProfile')],
  'ec2.amazonaws.com AssociateIamInstanceProfile': [
    profile('AssociateIamInstanceProfileRequest', 'IamInstanceProfile'),
    profile('iamInstanceProfile'),
  ],
  'ec2.amazonaws.com ReplaceIamInstanceProfileAssociation': [
    profile('ReplaceIamInstanceProfileAssociationRequest', 'IamInstanceProfile'),
    profile('iamInstanceProfile'),
  ],
  'autoscaling.amazonaws.com CreateLaunchConfiguration': [profile('iamInstanceProfile')],
  'elasticmapreduce.amazonaws.com RunJobFlow': [role('serviceRole'), role('autoScalingRole'), profile('jobFlowRole')],
  'lambda.amazonaws.com CreateFunction': [role('role')],
  'lambda.amazonaws.com UpdateFunctionConfiguration': [role('role')],
  'ecs.amazonaws.com RegisterTaskDefinition': [role('taskRoleArn'), role('executionRoleArn')],
  'ecs.amazonaws.com RunTask': [role('overrides', 'taskRoleArn'), role('overrides', 'executionRoleArn')],
  'ecs.amazonaws.com StartTask': [role('overrides', 'taskRoleArn'), role('overrides', 'executionRoleArn')],
  'ecs.amazonaws.com CreateService': [role('role')],
  'cloudformation.amazonaws.com CreateStack': [role('roleARN')],
  'cloudformation.amazonaws.com UpdateStack': [role('roleARN')],
  'cloudformation.amazonaws.com CreateChangeSet': [role('roleARN')],
  'cloudformation.amazonaws.com CreateStackSet': [role('administrationRoleARN')],
  'cloudformation.amazonaws.com UpdateStackSet': [role('administrationRoleARN')],
  'glue.amazonaws.com CreateJob': [role('role')],
  'glue.amazonaws.com UpdateJob': [role('jobUpdate', 'role')],
  'glue.amazonaws.com CreateCrawler': [role('role')],
  'glue.amazonaws.com UpdateCrawler': [role('role')],
  'glue.amazonaws.com CreateDevEndpoint': [role('roleArn')],
  'glue.amazonaws.com CreateSession': [role('role')],
  'glue.amazonaws.com CreateMLTransform': [role('role')],
  'sagemaker.amazonaws.com CreateTrainingJob': [role('roleArn')],
  'sagemaker.amazonaws.com CreateProcessingJob': [role('roleArn')],
  'sagemaker.amazonaws.com CreateModel': [role('executionRoleArn')],
  'sagemaker.amazonaws.com CreateNotebookInstance': [role('roleArn')],
  'sagemaker.amazonaws.com CreateHyperParameterTuningJob': [role('trainingJobDefinition', 'roleArn')],
  'sagemaker.amazonaws.com CreateCompilationJob': [role('roleArn')],
  'sagemaker.amazonaws.com CreateLabelingJob': [role('roleArn')],
  'sagemaker.amazonaws.com CreatePipeline': [role('roleArn')],
  'sagemaker.amazonaws.com CreateDomain': [role('defaultUserSettings', 'executionRole')],
  'states.amazonaws.com CreateStateMachine': [role('roleArn')],
  'states.amazonaws.com UpdateStateMachine': [role('roleArn')],
  'codebuild.amazonaws.com CreateProject': [role('serviceRole')],
  'codebuild.amazonaws.com UpdateProject': [role('serviceRole')],
  'codepipeline.amazonaws.com CreatePipeline': [role('pipeline', 'roleArn')],
  'codepipeline.amazonaws.com UpdatePipeline': [role('pipeline', 'roleArn')],
  'events.amazonaws.com PutTargets': [role('targets', '[]', 'roleArn')],
  'events.amazonaws.com PutRule': [role('roleArn')],
  'scheduler.amazonaws.com CreateSchedule': [role('target', 'roleArn')],
  'scheduler.amazonaws.com UpdateSchedule': [role('target', 'roleArn')],
  'cloudtrail.amazonaws.com CreateTrail': [role('cloudWatchLogsRoleArn')],
  'cloudtrail.amazonaws.com UpdateTrail': [role('cloudWatchLogsRoleArn')],
  'config.amazonaws.com PutConfigurationRecorder': [role('configurationRecorder', 'roleARN')],
  'rds.amazonaws.com AddRoleToDBInstance': [role('roleArn')],
  'rds.amazonaws.com AddRoleToDBCluster': [role('roleArn')],
  'rds.amazonaws.com CreateDBInstance': [role('monitoringRoleArn')],
  'rds.amazonaws.com ModifyDBInstance': [role('monitoringRoleArn')],
  'rds.amazonaws.com CreateDBInstanceReadReplica': [role('monitoringRoleArn')],
  'rds.amazonaws.com StartExportTask': [role('iamRoleArn')],
  'eks.amazonaws.com CreateCluster': [role('roleArn')],
  'eks.amazonaws.com CreateNodegroup': [role('nodeRole')],
  'eks.amazonaws.com CreateFargateProfile': [role('podExecutionRoleArn')],
  'batch.amazonaws.com CreateComputeEnvironment': [role('serviceRole')],
  'batch.amazonaws.com RegisterJobDefinition': [
    role('containerProperties', 'jobRoleArn'),
    role('containerProperties', 'executionRoleArn'),
  ],
  'ssm.amazonaws.com SendCommand': [role('serviceRoleArn')],
};

/** PASSED_ROLE_FIELDS as eventSource → operation → fields, built once so a record costs two Map lookups. */
const FIELDS_BY_SOURCE: ReadonlyMap<string, ReadonlyMap<string, readonly PassedRoleField[]>> = (() => {
  const bySource = new Map<string, Map<string, readonly PassedRoleField[]>>();
  for (const [key, fields] of Object.entries(PASSED_ROLE_FIELDS)) {
    const space = key.indexOf(' ');
    const source = key.slice(0, space);
    let byName = bySource.get(source);
    if (byName === undefined) bySource.set(source, (byName = new Map()));
    byName.set(key.slice(space + 1), fields);
  }
  return bySource;
})();

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PROFILE_NAME = /^[\w+=,.@-]{1,128}$/;

/** A role (or instance profile) named by ARN or by bare name in the caller's account; undefined when unusable. */
function toArn(value: string, kind: Passed, ctx: CallContext): string | undefined {
  const parsed = parseIamArn(value);
  if (parsed) return parsed.kind === kind ? value : undefined;
  if (value.startsWith('arn:') || !ctx.accountId) return undefined;
  if (!(kind === 'role' ? ROLE_NAME : PROFILE_NAME).test(value)) return undefined;
  return `arn:${ctx.partition}:iam::${ctx.accountId}:${kind}/${value}`;
}

/** Instance profiles appear as `{arn}` or `{name}` objects (EC2) or as plain strings (Auto Scaling, EMR). */
function profileValues(params: unknown, path: readonly string[]): string[] {
  return [...stringsAt(params, path), ...stringsAt(params, [...path, 'arn']), ...stringsAt(params, [...path, 'name'])];
}

/** Whether a passed-role entry is an instance profile standing in for the (unknown) role inside it. */
export function isInstanceProfileArn(arn: string): boolean {
  return parseIamArn(arn)?.kind === 'instance-profile';
}

/**
 * Role ARNs passed to a service by this call (RunInstances with a profile, CreateFunction, RunTask,
 * CreateStack…), sorted; instance profiles appear as their own ARN (see the module comment).
 */
export function passedRolesOf(record: CloudTrailRecord): string[] {
  const source = record.eventSource;
  const name = record.eventName;
  if (typeof source !== 'string' || typeof name !== 'string') return [];
  // Hot path: most records come from a source with no rule, so they leave before any regex or string building.
  const byName = FIELDS_BY_SOURCE.get(source);
  if (byName === undefined) return [];
  const fields = byName.get(name) ?? byName.get(withoutVersionSuffix(name));
  if (!fields || fields.length === 0) return [];
  const params = requestParametersOf(record);
  if (typeof params !== 'object' || params === null) return [];
  const ctx = callContextOf(record);
  const out = new Set<string>();
  for (const { path, kind } of fields) {
    const values = kind === 'instance-profile' ? profileValues(params, path) : stringsAt(params, path);
    for (const value of values) {
      const arn = toArn(value, kind, ctx);
      if (arn) out.add(arn);
    }
  }
  return [...out].sort();
}
