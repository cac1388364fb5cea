/**
 * The project's own table of calls whose IAM action is not `<prefix>:<eventName>`: the second mapping rule,
 * after AWS's Service Reference and before the same-name rule. Each entry says why it exists when the reason
 * is not obvious; every target is checked against the catalog before it is used.
 */
import type { IamCatalog } from '../../catalog.js';

/** A rule's answer: the actions the call needs, or why no action can be named from the call alone. */
export type ExceptionRule = { readonly actions: readonly string[] } | { readonly unmappable: string };

const s3 = (...names: string[]): ExceptionRule => ({ actions: names.map((n) => `s3:${n}`) });

/** Service prefix → operation (version suffix already stripped) → rule. */
export const EXCEPTIONS: Readonly<Record<string, Readonly<Record<string, ExceptionRule>>>> = {
  s3: {
    // S3's REST operations are authorized by bucket/object permissions named differently from the API.
    ListObjects: s3('ListBucket'),
    ListObjectsV2: s3('ListBucket'),
    ListObjectVersions: s3('ListBucketVersions'),
    HeadObject: s3('GetObject'),
    HeadBucket: s3('ListBucket'),
    ListBuckets: s3('ListAllMyBuckets'),
    ListDirectoryBuckets: { actions: ['s3express:ListAllMyDirectoryBuckets'] },
    // CopyObject reads the source and writes the destination; the record names both.
    CopyObject: s3('GetObject', 'PutObject'),
    UploadPartCopy: s3('GetObject', 'PutObject'),
    CreateMultipartUpload: s3('PutObject'),
    UploadPart: s3('PutObject'),
    CompleteMultipartUpload: s3('PutObject'),
    ListParts: s3('ListMultipartUploadParts'),
    ListMultipartUploads: s3('ListBucketMultipartUploads'),
    // Multi-object delete is authorized per key with s3:DeleteObject.
    DeleteObjects: s3('DeleteObject'),
    SelectObjectContent: s3('GetObject'),
    // Bucket sub-resources: a Delete* is authorized by the matching Put* permission.
    GetBucketEncryption: s3('GetEncryptionConfiguration'),
    PutBucketEncryption: s3('PutEncryptionConfiguration'),
    DeleteBucketEncryption: s3('PutEncryptionConfiguration'),
    GetBucketLifecycle: s3('GetLifecycleConfiguration'),
    GetBucketLifecycleConfiguration: s3('GetLifecycleConfiguration'),
    PutBucketLifecycle: s3('PutLifecycleConfiguration'),
    PutBucketLifecycleConfiguration: s3('PutLifecycleConfiguration'),
    DeleteBucketLifecycle: s3('PutLifecycleConfiguration'),
    GetBucketReplication: s3('GetReplicationConfiguration'),
    PutBucketReplication: s3('PutReplicationConfiguration'),
    DeleteBucketReplication: s3('PutReplicationConfiguration'),
    GetBucketCors: s3('GetBucketCORS'),
    PutBucketCors: s3('PutBucketCORS'),
    DeleteBucketCors: s3('PutBucketCORS'),
    GetBucketNotificationConfiguration: s3('GetBucketNotification'),
    PutBucketNotificationConfiguration: s3('PutBucketNotification'),
    GetBucketInventoryConfiguration: s3('GetInventoryConfiguration'),
    ListBucketInventoryConfigurations: s3('GetInventoryConfiguration'),
    PutBucketInventoryConfiguration: s3('PutInventoryConfiguration'),
    DeleteBucketInventoryConfiguration: s3('PutInventoryConfiguration'),
    GetBucketAnalyticsConfiguration: s3('GetAnalyticsConfiguration'),
    ListBucketAnalyticsConfigurations: s3('GetAnalyticsConfiguration'),
    PutBucketAnalyticsConfiguration: s3('PutAnalyticsConfiguration'),
    DeleteBucketAnalyticsConfiguration: s3('PutAnalyticsConfiguration'),
    GetBucketMetricsConfiguration: s3('GetMetricsConfiguration'),
    ListBucketMetricsConfigurations: s3('GetMetricsConfiguration'),
    PutBucketMetricsConfiguration: s3('PutMetricsConfiguration'),
    DeleteBucketMetricsConfiguration: s3('PutMetricsConfiguration'),
    GetBucketIntelligentTieringConfiguration: s3('GetIntelligentTieringConfiguration'),
    ListBucketIntelligentTieringConfigurations: s3('GetIntelligentTieringConfiguration'),
    PutBucketIntelligentTieringConfiguration: s3('PutIntelligentTieringConfiguration'),
    DeleteBucketIntelligentTieringConfiguration: s3('PutIntelligentTieringConfiguration'),
    GetBucketAccelerateConfiguration: s3('GetAccelerateConfiguration'),
    PutBucketAccelerateConfiguration: s3('PutAccelerateConfiguration'),
    GetObjectLockConfiguration: s3('GetBucketObjectLockConfiguration'),
    PutObjectLockConfiguration: s3('PutBucketObjectLockConfiguration'),
    DeleteBucketTagging: s3('PutBucketTagging'),
    DeleteBucketOwnershipControls: s3('PutBucketOwnershipControls'),
    DeleteBucketPublicAccessBlock: s3('PutBucketPublicAccessBlock'),
    GetPublicAccessBlock: s3('GetBucketPublicAccessBlock'),
    PutPublicAccessBlock: s3('PutBucketPublicAccessBlock'),
    DeletePublicAccessBlock: s3('PutBucketPublicAccessBlock'),
  },
  lambda: {
    Invoke: { actions: ['lambda:InvokeFunction'] },
    InvokeWithResponseStream: { actions: ['lambda:InvokeFunction'] },
    GetLayerVersionByArn: { actions: ['lambda:GetLayerVersion'] },
  },
  // Batch calls are authorized per entry by the single-message action.
  sqs: {
    SendMessageBatch: { actions: ['sqs:SendMessage'] },
    DeleteMessageBatch: { actions: ['sqs:DeleteMessage'] },
    ChangeMessageVisibilityBatch: { actions: ['sqs:ChangeMessageVisibility'] },
  },
  sns: {
    PublishBatch: { actions: ['sns:Publish'] },
  },
  secretsmanager: {
    // Secrets Manager checks GetSecretValue on every secret the batch returns, on top of the batch action.
    BatchGetSecretValue: { actions: ['secretsmanager:BatchGetSecretValue', 'secretsmanager:GetSecretValue'] },
  },
  kms: {
    // One call decrypts under the source key and encrypts under the destination key.
    ReEncrypt: { actions: ['kms:ReEncryptFrom', 'kms:ReEncryptTo'] },
  },
  dynamodb: {
    TransactGetItems: { actions: ['dynamodb:GetItem'] },
    TransactWriteItems: {
      unmappable:
        'DynamoDB TransactWriteItems needs dynamodb:PutItem, UpdateItem, DeleteItem or ConditionCheckItem per item, which the event name does not say; grant the ones the transaction uses',
    },
    ExecuteStatement: {
      unmappable:
        'DynamoDB PartiQL ExecuteStatement needs dynamodb:PartiQLSelect, PartiQLInsert, PartiQLUpdate or PartiQLDelete depending on the statement, which the event name does not say; grant the ones the statements use',
    },
    BatchExecuteStatement: {
      unmappable:
        'DynamoDB PartiQL BatchExecuteStatement needs dynamodb:PartiQLSelect, PartiQLInsert, PartiQLUpdate or PartiQLDelete depending on the statements, which the event name does not say; grant the ones the statements use',
    },
    ExecuteTransaction: {
      unmappable:
        'DynamoDB PartiQL ExecuteTransaction needs dynamodb:PartiQLSelect, PartiQLInsert, PartiQLUpdate or PartiQLDelete depending on the statements, which the event name does not say; grant the ones the statements use',
    },
  },
};

/**
 * API Gateway's management API is authorized by HTTP verb on the resource path (`apigateway:GET`, …), not by
 * operation name; CloudTrail still logs the operation name. Irregular names are listed, the rest go by verb.
 */
const API_GATEWAY_VERBS: Readonly<Record<string, string>> = {
  PutRestApi: 'PUT',
  ImportRestApi: 'POST',
  ImportApiKeys: 'POST',
  ImportDocumentationParts: 'PUT',
  ImportApi: 'PUT',
  ReimportApi: 'PUT',
  ExportApi: 'GET',
  TestInvokeMethod: 'POST',
  TestInvokeAuthorizer: 'POST',
  GenerateClientCertificate: 'POST',
  FlushStageCache: 'DELETE',
  FlushStageAuthorizersCache: 'DELETE',
  ResetAuthorizersCache: 'DELETE',
  TagResource: 'PUT',
  UntagResource: 'DELETE',
};
const API_GATEWAY_VERB_PREFIXES: readonly (readonly [string, string])[] = [
  ['Get', 'GET'],
  ['Create', 'POST'],
  ['Update', 'PATCH'],
  ['Delete', 'DELETE'],
  ['Put', 'PUT'],
];

function apiGatewayRule(operation: string, catalog: IamCatalog): ExceptionRule | undefined {
  // Newer API Gateway features (portals, routing rules…) have named actions: the same-name rule handles them.
  if (catalog.action(`apigateway:${operation}`)) return undefined;
  const verb =
    API_GATEWAY_VERBS[operation] ??
    API_GATEWAY_VERB_PREFIXES.find(
      ([prefix]) => operation.startsWith(prefix) && /^[A-Z]/.test(operation.slice(prefix.length)),
    )?.[1];
  if (verb) return { actions: [`apigateway:${verb}`] };
  return {
    unmappable: `API Gateway operation ${operation} has no known HTTP verb; API Gateway authorizes by verb (apigateway:GET, POST, PUT, PATCH, DELETE)`,
  };
}

/** The exception rule for a call, if the project has one. */
export function exceptionFor(servicePrefix: string, operation: string, catalog: IamCatalog): ExceptionRule | undefined {
  if (servicePrefix === 'apigateway') return apiGatewayRule(operation, catalog);
  const table = EXCEPTIONS[servicePrefix];
  return table && Object.hasOwn(table, operation) ? table[operation] : undefined;
}
