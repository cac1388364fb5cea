import { describe, expect, it } from '@jest/globals';
import { loadIamCatalog } from '../../src/catalog/iam-data.js';

describe('loadIamCatalog', () => {
  it('looks actions up case-insensitively and returns their canonical case', async () => {
    const catalog = await loadIamCatalog();
    expect(catalog.action('S3:getobject')?.key).toBe('s3:GetObject');
    expect(catalog.action('s3:GetObject')?.resourceTypes.map((r) => r.name)).toContain('object');
    expect(catalog.action('s3:NoSuchThing')).toBeUndefined();
    expect(catalog.hasService('dynamodb')).toBe(true);
    expect(catalog.resourceArnFormat('s3', 'bucket')).toBe('arn:${Partition}:s3:::${BucketName}');
    expect(catalog.actionsOf('sts').some((a) => a.name === 'AssumeRole')).toBe(true);
    // Actions without resource types are the ones that only take Resource "*".
    expect(catalog.action('s3:ListAllMyBuckets')?.resourceTypes).toEqual([]);
  });
});
