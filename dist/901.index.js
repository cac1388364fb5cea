export const id = 901;
export const ids = [901];
export const modules = {

/***/ 9378:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E2: () => (/* binding */ isThrottling),
/* harmony export */   Id: () => (/* binding */ awsCallError),
/* harmony export */   J6: () => (/* binding */ awsErrorCode),
/* harmony export */   w7: () => (/* binding */ isAccessDenied)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/**
 * AWS failures → errors a user can act on. An AccessDenied names the exact IAM action the read-only role lacks,
 * because "access denied" alone sends people to the wrong policy.
 */

const DENIED = new Set([
    'AccessDenied',
    'AccessDeniedException',
    'UnauthorizedOperation',
    'UnauthorizedAccess',
    'AuthorizationError',
]);
function awsErrorCode(error) {
    if (typeof error !== 'object' || error === null)
        return undefined;
    const e = error;
    return e.Code ?? e.name;
}
function isAccessDenied(error) {
    const code = awsErrorCode(error);
    return code !== undefined && DENIED.has(code);
}
function isThrottling(error) {
    const code = awsErrorCode(error);
    return (code === 'ThrottlingException' ||
        code === 'Throttling' ||
        code === 'TooManyRequestsException' ||
        code === 'RequestLimitExceeded' ||
        code === 'SlowDown');
}
/**
 * Wraps an AWS SDK error with the action that was attempted (`cloudtrail:LookupEvents`) and, when denied, the
 * policy statement that fixes it.
 */
function awsCallError(action, target, error) {
    const message = error instanceof Error ? error.message : String(error);
    if (isAccessDenied(error))
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AlphaError */ .F3(`AWS denied ${action} on ${target}: ${message}`, `allow "${action}" on ${target} in the policy of the role ALPHA runs as (see README, "AWS permissions")`);
    const code = awsErrorCode(error);
    if (code === 'CredentialsProviderError')
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AlphaError */ .F3(`no AWS credentials to call ${action} on ${target}: ${message}`, 'pass --profile NAME (or set AWS_PROFILE / AWS_ACCESS_KEY_ID), run `aws sso login` if the profile uses SSO, or read local files with --cloudtrail-logs DIR');
    if (code === 'ExpiredToken' || code === 'ExpiredTokenException')
        return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AlphaError */ .F3(`the AWS credentials expired while calling ${action} on ${target}: ${message}`, 'refresh them (`aws sso login`, or a new session) and run again');
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AlphaError */ .F3(`${action} on ${target} failed${code ? ` (${code})` : ''}: ${message}`);
}


/***/ }),

/***/ 1901:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  existingFromRolePolicies: () => (/* binding */ existingFromRolePolicies),
  policyControlledBy: () => (/* reexport */ policyControlledBy),
  readExistingFromIam: () => (/* binding */ readExistingFromIam)
});

// EXTERNAL MODULE: ./src/core/policy/normalize.ts
var normalize = __webpack_require__(5365);
;// CONCATENATED MODULE: ./src/aws/iac-policy.ts
const loose = (s) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
/**
 * Which IAM policy the IaC target defines. Only a unique name match counts: the Terraform address names the
 * resource, not the policy, so `aws_iam_role_policy.orders_api` is matched to an inline policy `orders-api`; a
 * role with a single identity policy is that policy. Anything else stays unknown rather than guessed.
 */
function policyControlledBy(refs, iac) {
    const grants = refs.filter((r) => r.kind !== 'boundary');
    const target = iac.target ?? '';
    const last = target.split(/[./]/).pop() ?? '';
    if (last) {
        const byName = grants.filter((r) => loose(r.name.split('/').pop() ?? r.name) === loose(last));
        if (byName.length === 1)
            return byName[0]?.name;
    }
    const kind = /aws_iam_policy\b|ManagedPolicy/.test(target) ? 'managed' : target ? 'inline' : undefined;
    const ofKind = kind ? grants.filter((r) => r.kind === kind) : grants;
    return ofKind.length === 1 ? ofKind[0]?.name : undefined;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-iam/dist-cjs/index.js
var dist_cjs = __webpack_require__(6764);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(4296);
// EXTERNAL MODULE: ./src/aws/errors.ts
var aws_errors = __webpack_require__(9378);
;// CONCATENATED MODULE: ./src/aws/role-policies.ts
/**
 * The role's existing identity policies, read from IAM: inline, attached managed (default version), and the
 * permissions boundary, every list call paginated. IAM returns policy documents URL-encoded (RFC 3986).
 */



function roleNameFromArn(roleArn) {
    const match = /^arn:aws[\w-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]{1,64})$/.exec(roleArn);
    if (!match?.[1])
        throw new errors/* AlphaError */.F3(`not an IAM role ARN: ${JSON.stringify(roleArn)}`, 'pass arn:aws:iam::<account>:role/<name>');
    return match[1];
}
function decodePolicyDocument(encoded, where) {
    let text = encoded;
    try {
        text = decodeURIComponent(encoded);
    }
    catch {
        // Already decoded (some fakes and SDK middlewares): parse as is.
    }
    try {
        return JSON.parse(text);
    }
    catch (error) {
        throw new errors/* AlphaError */.F3(`${where}: the policy document is not JSON (${error.message})`);
    }
}
async function call(action, target, run) {
    try {
        return await run();
    }
    catch (error) {
        throw (0,aws_errors/* awsCallError */.Id)(action, target, error);
    }
}
async function readRolePolicies(roleArn, options = {}) {
    const roleName = roleNameFromArn(roleArn);
    // IAM is global; us-east-1 is its endpoint in the aws partition.
    const client = options.client ??
        new dist_cjs/* IAMClient */.h8v({
            region: 'us-east-1',
            ...(options.credentials ? { credentials: options.credentials } : {}),
            ...(options.clientConfig ?? {}),
        });
    const role = await call('iam:GetRole', roleArn, () => client.send(new dist_cjs/* GetRoleCommand */.kbp({ RoleName: roleName })));
    const inlineNames = [];
    let marker;
    do {
        const page = await call('iam:ListRolePolicies', roleArn, () => client.send(new dist_cjs/* ListRolePoliciesCommand */.Y7N({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) })));
        inlineNames.push(...(page.PolicyNames ?? []));
        marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    const inline = [];
    for (const name of [...new Set(inlineNames)].sort()) {
        const got = await call('iam:GetRolePolicy', roleArn, () => client.send(new dist_cjs/* GetRolePolicyCommand */.WHQ({ RoleName: roleName, PolicyName: name })));
        inline.push({
            kind: 'inline',
            name,
            document: decodePolicyDocument(got.PolicyDocument ?? '', `inline policy ${name} of ${roleArn}`),
        });
    }
    const attachedArns = [];
    marker = undefined;
    do {
        const page = await call('iam:ListAttachedRolePolicies', roleArn, () => client.send(new dist_cjs/* ListAttachedRolePoliciesCommand */.wfM({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) })));
        for (const p of page.AttachedPolicies ?? [])
            if (p.PolicyArn)
                attachedArns.push(p.PolicyArn);
        marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    const readManaged = async (arn, kind) => {
        const policy = await call('iam:GetPolicy', arn, () => client.send(new dist_cjs/* GetPolicyCommand */.s4W({ PolicyArn: arn })));
        const versionId = policy.Policy?.DefaultVersionId;
        if (!versionId)
            throw new errors/* AlphaError */.F3(`iam:GetPolicy on ${arn} returned no default version`);
        const version = await call('iam:GetPolicyVersion', arn, () => client.send(new dist_cjs/* GetPolicyVersionCommand */.G45({ PolicyArn: arn, VersionId: versionId })));
        return {
            kind,
            name: arn,
            arn,
            versionId,
            document: decodePolicyDocument(version.PolicyVersion?.Document ?? '', `managed policy ${arn} (${versionId})`),
        };
    };
    const managed = [];
    for (const arn of [...new Set(attachedArns)].sort())
        managed.push(await readManaged(arn, 'managed'));
    const boundaryArn = role.Role?.PermissionsBoundary?.PermissionsBoundaryArn;
    const boundary = boundaryArn ? await readManaged(boundaryArn, 'boundary') : undefined;
    const actualArn = role.Role?.Arn;
    return {
        roleArn,
        ...(actualArn ? { actualArn } : {}),
        policies: [...inline, ...managed],
        ...(boundary ? { boundary } : {}),
    };
}

;// CONCATENATED MODULE: ./src/aws/existing-policies.ts




function existingFromRolePolicies(read, iac) {
    const policies = read.policies.map((p) => ({
        name: p.name,
        document: (0,normalize/* normalizePolicyDocument */.lP)(p.document, `${p.kind} policy ${p.name} of ${read.roleArn}`),
    }));
    const boundary = read.boundary
        ? {
            name: read.boundary.name,
            document: (0,normalize/* normalizePolicyDocument */.lP)(read.boundary.document, `permissions boundary ${read.boundary.name}`),
        }
        : undefined;
    const refs = [...read.policies, ...(read.boundary ? [read.boundary] : [])].map((p) => ({
        kind: p.kind,
        name: p.name,
        ...(p.arn ? { arn: p.arn } : {}),
        ...(p.versionId ? { versionId: p.versionId } : {}),
    }));
    let iacDetail;
    if (iac) {
        const controlled = policyControlledBy(refs, iac);
        for (const r of refs)
            if (r.name === controlled)
                r.controlledByIac = true;
        iacDetail = {
            file: iac.file,
            ...(iac.target ? { target: iac.target } : {}),
            ...(controlled ? { policy: controlled } : {}),
        };
    }
    return {
        ...(read.actualArn ? { actualArn: read.actualArn } : {}),
        policies,
        ...(boundary ? { boundary } : {}),
        details: { origin: 'iam', policies: refs, ...(iacDetail ? { iac: iacDetail } : {}) },
    };
}
async function readExistingFromIam(roleArn, options = {}) {
    const read = await readRolePolicies(roleArn, {
        ...(options.credentials ? { credentials: options.credentials } : {}),
        ...(options.client ? { client: options.client } : {}),
        ...(options.clientConfig ? { clientConfig: options.clientConfig } : {}),
    });
    return existingFromRolePolicies(read, options.iac);
}


/***/ })

};
