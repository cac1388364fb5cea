WITH scoped AS (
  SELECT
    useridentity.type AS identity_type,
    CASE useridentity.type
      WHEN 'AssumedRole' THEN COALESCE(NULLIF(useridentity.sessioncontext.sessionissuer.arn, ''), useridentity.arn)
      WHEN 'IAMUser' THEN useridentity.arn
    END AS principal,
    eventsource, eventname, errorcode, eventtime, eventid, awsregion, eventcategory, readonly,
    requestparameters, recipientaccountid, resources
  FROM "alpha"."cloudtrail_logs"
  WHERE "timestamp" BETWEEN '2026/10/01' AND '2026/11/01'
    AND "account" IN ('111122223333')
    AND "region" IN ('eu-west-1', 'us-east-1')
    AND eventtime >= '2026-10-01T00:00:00Z'
    AND eventtime <= '2026-10-31T23:59:59Z'
),
classified AS (
  SELECT *,
    CASE WHEN principal IS NULL OR principal = '' THEN 'ignored'
      WHEN (principal IN ('arn:aws:iam::111122223333:role/orders-api', 'arn:aws:iam::111122223333:role/service/batch') OR regexp_like(principal, '^arn:aws:iam::111122223333:role/(.+/)?orders-api$') OR regexp_like(principal, '^arn:aws:sts::111122223333:assumed-role/orders-api(/.*)?$')) THEN 'selected'
      ELSE 'unselected' END AS principal_kind
  FROM scoped
),
calls AS (
  SELECT principal_kind,
    if(principal_kind = 'selected', identity_type, '') AS identity_type,
    if(principal_kind = 'selected', principal, '') AS principal,
    if(principal_kind = 'selected', COALESCE(eventsource, ''), '') AS eventsource,
    if(principal_kind = 'selected', COALESCE(eventname, ''), '') AS eventname,
    if(principal_kind = 'selected', COALESCE(errorcode, ''), '') AS errorcode,
    eventtime, eventid, awsregion, eventcategory, readonly, requestparameters, recipientaccountid, resources,
    if(principal_kind = 'selected' AND (resources IS NULL OR cardinality(resources) = 0)
        AND eventsource IN ('dynamodb.amazonaws.com', 'iam.amazonaws.com', 'kms.amazonaws.com', 'lambda.amazonaws.com', 'logs.amazonaws.com', 's3.amazonaws.com', 'secretsmanager.amazonaws.com', 'sns.amazonaws.com', 'sqs.amazonaws.com', 'ssm.amazonaws.com', 'states.amazonaws.com', 'sts.amazonaws.com'),
      json_format(CAST(try(map_filter(CAST(json_parse(requestparameters) AS MAP(VARCHAR, JSON)),
        (k, v) -> v IS NOT NULL AND contains(ARRAY['activityarn', 'aliasname', 'bucketname', 'destinationkeyid', 'executionarn', 'functionname', 'grouparn', 'groupname', 'instanceprofilename', 'key', 'keyid', 'loggroupname', 'logstreamname', 'name', 'names', 'path', 'policyarn', 'qualifier', 'queueurl', 'rolearn', 'rolename', 'secretid', 'sourcekeyid', 'statemachinearn', 'tablename', 'targetarn', 'targetkeyid', 'topicarn', 'userarn', 'username', 'x-amz-copy-source'], lower(k)))) AS JSON))) AS parameter_resources
  FROM classified
),
call_usage AS (
  SELECT principal_kind, identity_type, principal, eventsource, eventname, errorcode,
    count(*) AS calls,
    min(eventtime) AS first_seen,
    max(eventtime) AS last_seen,
    min(eventtime || if(COALESCE(eventid, '') = '', '~', ' ' || eventid)) AS earliest_event,
    array_sort(array_agg(DISTINCT awsregion) FILTER (WHERE COALESCE(awsregion, '') <> '')) AS regions,
    array_sort(array_agg(DISTINCT substr(eventtime, 1, 10))) AS days,
    count_if(eventcategory = 'Data') AS data_events,
    array_sort(array_agg(DISTINCT concat(COALESCE(recipientaccountid, ''), ' ', COALESCE(awsregion, ''), ' ', requestparameters))
      FILTER (WHERE principal_kind = 'selected' AND COALESCE(readonly, '') <> 'true'
        AND regexp_like(requestparameters, '(?i)"[a-z]*(role|profile)[a-z]*"\s*:'))) AS role_parameters
  FROM calls
  GROUP BY principal_kind, identity_type, principal, eventsource, eventname, errorcode
),
resource_references AS (
  SELECT identity_type, principal, eventsource, eventname, errorcode, arn, count(*) AS refs
  FROM calls
  CROSS JOIN UNNEST(array_distinct(transform(slice(resources, 1, 100), r -> r.arn))) AS listed (arn)
  WHERE principal_kind = 'selected' AND arn IS NOT NULL AND length(arn) <= 2048
    AND regexp_like(arn, '^arn:aws(-[a-z]+)*:[a-z0-9-]+:[a-z0-9-]*:([0-9]{12}|aws)?:.+$') AND NOT regexp_like(arn, '[\x00-\x1F\x7F]')
  GROUP BY identity_type, principal, eventsource, eventname, errorcode, arn
),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY identity_type, principal, eventsource, eventname, errorcode ORDER BY arn) AS resource_rank
  FROM resource_references
),
resource_sample AS (
  SELECT identity_type, principal, eventsource, eventname, errorcode,
    array_agg(arn ORDER BY arn) FILTER (WHERE resource_rank <= 1000) AS resources,
    array_agg(refs ORDER BY arn) FILTER (WHERE resource_rank <= 1000) AS resource_references,
    COALESCE(sum(refs) FILTER (WHERE resource_rank > 1000), 0) AS resources_overflow
  FROM ranked
  GROUP BY identity_type, principal, eventsource, eventname, errorcode
),
parameter_references AS (
  SELECT identity_type, principal, eventsource, eventname, errorcode, COALESCE(recipientaccountid, '') AS set_account, COALESCE(awsregion, '') AS set_region,
    parameter_resources, count(*) AS refs
  FROM calls
  WHERE parameter_resources IS NOT NULL AND parameter_resources <> '{}'
  GROUP BY identity_type, principal, eventsource, eventname, errorcode, COALESCE(recipientaccountid, ''), COALESCE(awsregion, ''), parameter_resources
),
ranked_parameters AS (
  SELECT *, row_number() OVER (PARTITION BY identity_type, principal, eventsource, eventname, errorcode ORDER BY parameter_resources, set_account, set_region) AS set_rank
  FROM parameter_references
),
parameter_sample AS (
  SELECT identity_type, principal, eventsource, eventname, errorcode,
    array_agg(ARRAY[set_account, set_region, parameter_resources, CAST(refs AS varchar)] ORDER BY set_rank)
      FILTER (WHERE set_rank <= 1000) AS parameter_sets,
    COALESCE(sum(refs) FILTER (WHERE set_rank > 1000), 0) AS parameter_overflow
  FROM ranked_parameters
  GROUP BY identity_type, principal, eventsource, eventname, errorcode
)
SELECT u.principal_kind, u.identity_type, u.principal, u.eventsource, u.eventname, u.errorcode,
  u.calls, u.first_seen, u.last_seen, u.earliest_event,
  json_format(CAST(u.regions AS JSON)) AS regions,
  json_format(CAST(u.days AS JSON)) AS days,
  u.data_events,
  COALESCE(cardinality(u.role_parameters), 0) AS role_parameter_sets,
  json_format(CAST(slice(u.role_parameters, 1, 200) AS JSON)) AS role_parameters,
  json_format(CAST(r.resources AS JSON)) AS resources,
  json_format(CAST(r.resource_references AS JSON)) AS resource_references,
  COALESCE(r.resources_overflow, 0) AS resources_overflow,
  json_format(CAST(p.parameter_sets AS JSON)) AS parameter_sets,
  COALESCE(p.parameter_overflow, 0) AS parameter_overflow
FROM call_usage u
LEFT JOIN resource_sample r
  ON u.identity_type = r.identity_type AND u.principal = r.principal AND u.eventsource = r.eventsource
  AND u.eventname = r.eventname AND u.errorcode = r.errorcode
LEFT JOIN parameter_sample p
  ON u.identity_type = p.identity_type AND u.principal = p.principal AND u.eventsource = p.eventsource
  AND u.eventname = p.eventname AND u.errorcode = p.errorcode
ORDER BY u.principal_kind, u.identity_type, u.principal, u.eventsource, u.eventname, u.errorcode
