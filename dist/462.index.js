export const id = 462;
export const ids = [462];
export const modules = {

/***/ 7462:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

var __webpack_unused_export__;
const { awsEndpointFunctions, emitWarningIfUnsupportedVersion: emitWarningIfUnsupportedVersion$1, createDefaultUserAgentProvider, NODE_APP_ID_CONFIG_OPTIONS, getAwsRegionExtensionConfiguration, resolveAwsRegionExtensionConfiguration, resolveUserAgentConfig, resolveHostHeaderConfig, getUserAgentPlugin, getHostHeaderPlugin, getLoggerPlugin, getRecursionDetectionPlugin } = __webpack_require__(5152);
const { resolveEventStreamConfig, getEventStreamPlugin } = __webpack_require__(8254);
const { resolveWebSocketConfig, getWebSocketPlugin } = __webpack_require__(8255);
const { memoizeIdentityProvider, isIdentityExpired, doesIdentityRequireRefresh, HttpBearerAuthSigner, getHttpAuthSchemeEndpointRuleSetPlugin, DefaultIdentityProviderConfig, getHttpSigningPlugin, createPaginator } = __webpack_require__(402);
const { normalizeProvider, getSmithyContext, ServiceException, NoOpLogger, emitWarningIfUnsupportedVersion, loadConfigsForDefaultMode, getDefaultExtensionConfiguration, resolveDefaultRuntimeConfig, Client, makeBuilder, createAggregatedClient } = __webpack_require__(2658);
const { Command: $Command } = __webpack_require__(2658);
__webpack_unused_export__ = $Command;
__webpack_unused_export__ = Client;
const { resolveDefaultsModeConfig, loadConfig, NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, NODE_REGION_CONFIG_OPTIONS, NODE_REGION_CONFIG_FILE_OPTIONS, resolveRegionConfig } = __webpack_require__(7291);
const { BinaryDecisionDiagram, EndpointCache, decideEndpoint, customEndpointFunctions, resolveEndpointConfig, getEndpointPlugin } = __webpack_require__(2085);
const { eventStreamSerdeProvider, resolveEventStreamSerdeConfig } = __webpack_require__(6579);
const { parseUrl, getHttpHandlerExtensionConfiguration, resolveHttpHandlerRuntimeConfig, getContentLengthPlugin } = __webpack_require__(3422);
const { DEFAULT_RETRY_MODE, NODE_RETRY_MODE_CONFIG_OPTIONS, NODE_MAX_ATTEMPT_CONFIG_OPTIONS, resolveRetryConfig, getRetryPlugin } = __webpack_require__(3609);
const { TypeRegistry, getSchemaSerdePlugin } = __webpack_require__(6890);
const { resolveAwsSdkSigV4Config, AwsSdkSigV4Signer, NODE_AUTH_SCHEME_PREFERENCE_OPTIONS } = __webpack_require__(7523);
const { defaultProvider } = __webpack_require__(5861);
const { eventStreamPayloadHandlerProvider } = __webpack_require__(557);
const { fromEnvSigningName, nodeProvider } = __webpack_require__(3249);
const { toUtf8, fromUtf8, toBase64, fromBase64, calculateBodyLength } = __webpack_require__(2430);
const { streamCollector, NodeHttp2Handler } = __webpack_require__(1279);
const { AwsRestJsonProtocol } = __webpack_require__(7288);
const { Sha256 } = __webpack_require__(9542);

const defaultBedrockRuntimeHttpAuthSchemeParametersProvider = async (config, context, input) => {
    return {
        operation: getSmithyContext(context).operation,
        region: await normalizeProvider(config.region)() || (() => {
            throw new Error("expected `region` to be configured for `aws.auth#sigv4`");
        })(),
    };
};
function createAwsAuthSigv4HttpAuthOption(authParameters) {
    return {
        schemeId: "aws.auth#sigv4",
        signingProperties: {
            name: "bedrock",
            region: authParameters.region,
        },
        propertiesExtractor: (config, context) => ({
            signingProperties: {
                config,
                context,
            },
        }),
    };
}
function createSmithyApiHttpBearerAuthHttpAuthOption(authParameters) {
    return {
        schemeId: "smithy.api#httpBearerAuth",
        propertiesExtractor: ({ profile, filepath, configFilepath, ignoreCache, }, context) => ({
            identityProperties: {
                profile,
                filepath,
                configFilepath,
                ignoreCache,
            },
        }),
    };
}
const defaultBedrockRuntimeHttpAuthSchemeProvider = (authParameters) => {
    const options = [];
    switch (authParameters.operation) {
        default: {
            options.push(createAwsAuthSigv4HttpAuthOption(authParameters));
            options.push(createSmithyApiHttpBearerAuthHttpAuthOption());
        }
    }
    return options;
};
const resolveHttpAuthSchemeConfig = (config) => {
    const token = memoizeIdentityProvider(config.token, isIdentityExpired, doesIdentityRequireRefresh);
    const config_0 = resolveAwsSdkSigV4Config(config);
    return Object.assign(config_0, {
        authSchemePreference: normalizeProvider(config.authSchemePreference ?? []),
        token,
    });
};

const resolveClientEndpointParameters = (options) => {
    return Object.assign(options, {
        useDualstackEndpoint: options.useDualstackEndpoint ?? false,
        useFipsEndpoint: options.useFipsEndpoint ?? false,
        defaultSigningName: "bedrock",
    });
};
const commonParams = {
    UseFIPS: { type: "builtInParams", name: "useFipsEndpoint" },
    Endpoint: { type: "builtInParams", name: "endpoint" },
    Region: { type: "builtInParams", name: "region" },
    UseDualStack: { type: "builtInParams", name: "useDualstackEndpoint" },
};

var version = "3.1163.0";
var packageInfo = {
	version: version};

const k = "ref";
const a = -1, b = true, c = "isSet", d = "PartitionResult", e = "booleanEquals", f = "getAttr", g = { [k]: "Endpoint" }, h = { [k]: d }, i = {}, j = [{ [k]: "Region" }];
const _data = {
    conditions: [
        [c, [g]],
        [c, j],
        ["aws.partition", j, d],
        [e, [{ [k]: "UseFIPS" }, b]],
        [e, [{ [k]: "UseDualStack" }, b]],
        [e, [{ fn: f, argv: [h, "supportsDualStack"] }, b]],
        [e, [{ fn: f, argv: [h, "supportsFIPS"] }, b]]
    ],
    results: [
        [a],
        [a, "Invalid Configuration: FIPS and custom endpoint are not supported"],
        [a, "Invalid Configuration: Dualstack and custom endpoint are not supported"],
        [g, i],
        ["https://bedrock-runtime-fips.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "FIPS and DualStack are enabled, but this partition does not support one or both"],
        ["https://bedrock-runtime-fips.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "FIPS is enabled but this partition does not support FIPS"],
        ["https://bedrock-runtime.{Region}.{PartitionResult#dualStackDnsSuffix}", i],
        [a, "DualStack is enabled but this partition does not support DualStack"],
        ["https://bedrock-runtime.{Region}.{PartitionResult#dnsSuffix}", i],
        [a, "Invalid Configuration: Missing Region"]
    ]
};
const root = 2;
const r = 100_000_000;
const nodes = new Int32Array([
    -1, 1, -1,
    0, 12, 3,
    1, 4, r + 11,
    2, 5, r + 11,
    3, 8, 6,
    4, 7, r + 10,
    5, r + 8, r + 9,
    4, 10, 9,
    6, r + 6, r + 7,
    5, 11, r + 5,
    6, r + 4, r + 5,
    3, r + 1, 13,
    4, r + 2, r + 3,
]);
const bdd = BinaryDecisionDiagram.from(nodes, root, _data.conditions, _data.results);

const cache = new EndpointCache({
    size: 50,
    params: ["Endpoint", "Region", "UseDualStack", "UseFIPS"],
});
const defaultEndpointResolver = (endpointParams, context = {}) => {
    return cache.get(endpointParams, () => decideEndpoint(bdd, {
        endpointParams: endpointParams,
        logger: context.logger,
    }));
};
customEndpointFunctions.aws = awsEndpointFunctions;

class BedrockRuntimeServiceException extends ServiceException {
    static shapeId = "smithy.ts.sdk.synthetic.com.amazonaws.bedrockruntime#BedrockRuntimeServiceException";
    constructor(options) {
        super(options);
        Object.setPrototypeOf(this, BedrockRuntimeServiceException.prototype);
    }
}

class AccessDeniedException extends BedrockRuntimeServiceException {
    static shapeId = "com.amazonaws.bedrockruntime#AccessDeniedException";
    name = "AccessDeniedException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "AccessDeniedException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, AccessDeniedException.prototype);
    }
}
class InternalServerException extends BedrockRuntimeServiceException {
    static shapeId = "com.amazonaws.bedrockruntime#InternalServerException";
    name = "InternalServerException";
    $fault = "server";
    constructor(opts) {
        super({
            name: "InternalServerException",
            $fault: "server",
            ...opts,
        });
        Object.setPrototypeOf(this, InternalServerException.prototype);
    }
}
class ThrottlingException extends BedrockRuntimeServiceException {
    static shapeId = "com.amazonaws.bedrockruntime#ThrottlingException";
    name = "ThrottlingException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ThrottlingException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ThrottlingException.prototype);
    }
}
class ValidationException extends BedrockRuntimeServiceException {
    static shapeId = "com.amazonaws.bedrockruntime#ValidationException";
    name = "ValidationException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ValidationException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ValidationException.prototype);
    }
}
class ConflictException extends BedrockRuntimeServiceException {
    static shapeId = "com.amazonaws.bedrockruntime#ConflictException";
    name = "ConflictException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ConflictException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ConflictException.prototype);
    }
}
class ResourceNotFoundException extends BedrockRuntimeServiceException {
    static shapeId = "com.amazonaws.bedrockruntime#ResourceNotFoundException";
    name = "ResourceNotFoundException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ResourceNotFoundException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ResourceNotFoundException.prototype);
    }
}
class ServiceQuotaExceededException extends BedrockRuntimeServiceException {
    static shapeId = "com.amazonaws.bedrockruntime#ServiceQuotaExceededException";
    name = "ServiceQuotaExceededException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ServiceQuotaExceededException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ServiceQuotaExceededException.prototype);
    }
}
class ServiceUnavailableException extends BedrockRuntimeServiceException {
    static shapeId = "com.amazonaws.bedrockruntime#ServiceUnavailableException";
    name = "ServiceUnavailableException";
    $fault = "server";
    constructor(opts) {
        super({
            name: "ServiceUnavailableException",
            $fault: "server",
            ...opts,
        });
        Object.setPrototypeOf(this, ServiceUnavailableException.prototype);
    }
}
class ModelErrorException extends BedrockRuntimeServiceException {
    static shapeId = "com.amazonaws.bedrockruntime#ModelErrorException";
    name = "ModelErrorException";
    $fault = "client";
    originalStatusCode;
    resourceName;
    constructor(opts) {
        super({
            name: "ModelErrorException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ModelErrorException.prototype);
        this.originalStatusCode = opts.originalStatusCode;
        this.resourceName = opts.resourceName;
    }
}
class ModelNotReadyException extends BedrockRuntimeServiceException {
    static shapeId = "com.amazonaws.bedrockruntime#ModelNotReadyException";
    name = "ModelNotReadyException";
    $fault = "client";
    $retryable = {};
    constructor(opts) {
        super({
            name: "ModelNotReadyException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ModelNotReadyException.prototype);
    }
}
class ModelTimeoutException extends BedrockRuntimeServiceException {
    static shapeId = "com.amazonaws.bedrockruntime#ModelTimeoutException";
    name = "ModelTimeoutException";
    $fault = "client";
    constructor(opts) {
        super({
            name: "ModelTimeoutException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ModelTimeoutException.prototype);
    }
}
class ModelStreamErrorException extends BedrockRuntimeServiceException {
    static shapeId = "com.amazonaws.bedrockruntime#ModelStreamErrorException";
    name = "ModelStreamErrorException";
    $fault = "client";
    originalStatusCode;
    originalMessage;
    constructor(opts) {
        super({
            name: "ModelStreamErrorException",
            $fault: "client",
            ...opts,
        });
        Object.setPrototypeOf(this, ModelStreamErrorException.prototype);
        this.originalStatusCode = opts.originalStatusCode;
        this.originalMessage = opts.originalMessage;
    }
}

const _A = "Accept";
const _AB = "AudioBlock";
const _ADE = "AccessDeniedException";
const _AG = "ApplyGuardrail";
const _AGD = "AppliedGuardrailDetails";
const _AGR = "ApplyGuardrailRequest";
const _AGRp = "ApplyGuardrailResponse";
const _AIM = "AsyncInvokeMessage";
const _AIODC = "AsyncInvokeOutputDataConfig";
const _AIS = "AsyncInvokeSummary";
const _AISODC = "AsyncInvokeS3OutputDataConfig";
const _AISs = "AsyncInvokeSummaries";
const _AS = "AudioSource";
const _ATC = "AnyToolChoice";
const _ATCu = "AutoToolChoice";
const _B = "Body";
const _BIPP = "BidirectionalInputPayloadPart";
const _BOPP = "BidirectionalOutputPayloadPart";
const _C = "Citation";
const _CB = "ContentBlocks";
const _CBD = "ContentBlockDelta";
const _CBDE = "ContentBlockDeltaEvent";
const _CBS = "ContentBlockStart";
const _CBSE = "ContentBlockStartEvent";
const _CBSEo = "ContentBlockStopEvent";
const _CBo = "ContentBlock";
const _CC = "CitationsConfig";
const _CCB = "CitationsContentBlock";
const _CD = "CacheDetail";
const _CDL = "CacheDetailsList";
const _CDi = "CitationsDelta";
const _CE = "ConflictException";
const _CGC = "CitationGeneratedContent";
const _CGCL = "CitationGeneratedContentList";
const _CL = "CitationLocation";
const _CM = "ConverseMetrics";
const _CO = "ConverseOutput";
const _CPB = "CachePointBlock";
const _CR = "ConverseRequest";
const _CRo = "ConverseResponse";
const _CS = "ConverseStream";
const _CSC = "CitationSourceContent";
const _CSCD = "CitationSourceContentDelta";
const _CSCL = "CitationSourceContentList";
const _CSCLD = "CitationSourceContentListDelta";
const _CSM = "ConverseStreamMetrics";
const _CSME = "ConverseStreamMetadataEvent";
const _CSO = "ConverseStreamOutput";
const _CSR = "ConverseStreamRequest";
const _CSRo = "ConverseStreamResponse";
const _CST = "ConverseStreamTrace";
const _CT = "ConverseTrace";
const _CTI = "CountTokensInput";
const _CTR = "ConverseTokensRequest";
const _CTRo = "CountTokensRequest";
const _CTRou = "CountTokensResponse";
const _CT_ = "Content-Type";
const _CTo = "CountTokens";
const _Ci = "Citations";
const _Co = "Converse";
const _DB = "DocumentBlock";
const _DCB = "DocumentContentBlocks";
const _DCBo = "DocumentContentBlock";
const _DCL = "DocumentCharLocation";
const _DCLo = "DocumentChunkLocation";
const _DPL = "DocumentPageLocation";
const _DS = "DocumentSource";
const _EB = "ErrorBlock";
const _GA = "GuardrailAssessment";
const _GAI = "GetAsyncInvoke";
const _GAIR = "GetAsyncInvokeRequest";
const _GAIRe = "GetAsyncInvokeResponse";
const _GAL = "GuardrailAssessmentList";
const _GALM = "GuardrailAssessmentListMap";
const _GAM = "GuardrailAssessmentMap";
const _GARDSL = "GuardrailAutomatedReasoningDifferenceScenarioList";
const _GARF = "GuardrailAutomatedReasoningFinding";
const _GARFL = "GuardrailAutomatedReasoningFindingList";
const _GARIF = "GuardrailAutomatedReasoningImpossibleFinding";
const _GARIFu = "GuardrailAutomatedReasoningInvalidFinding";
const _GARITR = "GuardrailAutomatedReasoningInputTextReference";
const _GARITRL = "GuardrailAutomatedReasoningInputTextReferenceList";
const _GARLW = "GuardrailAutomatedReasoningLogicWarning";
const _GARNTF = "GuardrailAutomatedReasoningNoTranslationsFinding";
const _GARPA = "GuardrailAutomatedReasoningPolicyAssessment";
const _GARR = "GuardrailAutomatedReasoningRule";
const _GARRL = "GuardrailAutomatedReasoningRuleList";
const _GARS = "GuardrailAutomatedReasoningScenario";
const _GARSF = "GuardrailAutomatedReasoningSatisfiableFinding";
const _GARSL = "GuardrailAutomatedReasoningStatementList";
const _GARSLC = "GuardrailAutomatedReasoningStatementLogicContent";
const _GARSNLC = "GuardrailAutomatedReasoningStatementNaturalLanguageContent";
const _GARSu = "GuardrailAutomatedReasoningStatement";
const _GART = "GuardrailAutomatedReasoningTranslation";
const _GARTAF = "GuardrailAutomatedReasoningTranslationAmbiguousFinding";
const _GARTCF = "GuardrailAutomatedReasoningTooComplexFinding";
const _GARTL = "GuardrailAutomatedReasoningTranslationList";
const _GARTO = "GuardrailAutomatedReasoningTranslationOption";
const _GARTOL = "GuardrailAutomatedReasoningTranslationOptionList";
const _GARVF = "GuardrailAutomatedReasoningValidFinding";
const _GC = "GuardrailConfiguration";
const _GCB = "GuardrailContentBlock";
const _GCBL = "GuardrailContentBlockList";
const _GCC = "GuardrailChecksConfig";
const _GCCB = "GuardrailChecksContentBlock";
const _GCCBL = "GuardrailChecksContentBlockList";
const _GCCBu = "GuardrailConverseContentBlock";
const _GCCFC = "GuardrailChecksContentFilterConfig";
const _GCCFCC = "GuardrailChecksContentFilterCategoryConfig";
const _GCCFCCL = "GuardrailChecksContentFilterCategoryConfigList";
const _GCCFR = "GuardrailChecksContentFilterResult";
const _GCCFRE = "GuardrailChecksContentFilterResultEntry";
const _GCCFRL = "GuardrailChecksContentFilterResultList";
const _GCCFU = "GuardrailChecksContentFilterUsage";
const _GCF = "GuardrailContentFilter";
const _GCFL = "GuardrailContentFilterList";
const _GCGF = "GuardrailContextualGroundingFilter";
const _GCGFu = "GuardrailContextualGroundingFilters";
const _GCGPA = "GuardrailContextualGroundingPolicyAssessment";
const _GCIB = "GuardrailConverseImageBlock";
const _GCIS = "GuardrailConverseImageSource";
const _GCM = "GuardrailChecksMessage";
const _GCML = "GuardrailChecksMessageList";
const _GCPA = "GuardrailContentPolicyAssessment";
const _GCPAC = "GuardrailChecksPromptAttackConfig";
const _GCPACC = "GuardrailChecksPromptAttackCategoryConfig";
const _GCPACCL = "GuardrailChecksPromptAttackCategoryConfigList";
const _GCPAR = "GuardrailChecksPromptAttackResult";
const _GCPARE = "GuardrailChecksPromptAttackResultEntry";
const _GCPARL = "GuardrailChecksPromptAttackResultList";
const _GCPAU = "GuardrailChecksPromptAttackUsage";
const _GCR = "GuardrailChecksResults";
const _GCSIC = "GuardrailChecksSensitiveInformationConfig";
const _GCSIEC = "GuardrailChecksSensitiveInformationEntityConfig";
const _GCSIECL = "GuardrailChecksSensitiveInformationEntityConfigList";
const _GCSIR = "GuardrailChecksSensitiveInformationResult";
const _GCSIRE = "GuardrailChecksSensitiveInformationResultEntry";
const _GCSIRL = "GuardrailChecksSensitiveInformationResultList";
const _GCSIU = "GuardrailChecksSensitiveInformationUsage";
const _GCTB = "GuardrailConverseTextBlock";
const _GCTC = "GuardrailChecksTextContent";
const _GCUR = "GuardrailChecksUsageResults";
const _GCW = "GuardrailCustomWord";
const _GCWL = "GuardrailCustomWordList";
const _GCu = "GuardrailCoverage";
const _GIB = "GuardrailImageBlock";
const _GIC = "GuardrailImageCoverage";
const _GIM = "GuardrailInvocationMetrics";
const _GIS = "GuardrailImageSource";
const _GMW = "GuardrailManagedWord";
const _GMWL = "GuardrailManagedWordList";
const _GOC = "GuardrailOutputContent";
const _GOCL = "GuardrailOutputContentList";
const _GPEF = "GuardrailPiiEntityFilter";
const _GPEFL = "GuardrailPiiEntityFilterList";
const _GRF = "GuardrailRegexFilter";
const _GRFL = "GuardrailRegexFilterList";
const _GSC = "GuardrailStreamConfiguration";
const _GSIPA = "GuardrailSensitiveInformationPolicyAssessment";
const _GT = "GuardrailTopic";
const _GTA = "GuardrailTraceAssessment";
const _GTB = "GuardrailTextBlock";
const _GTCC = "GuardrailTextCharactersCoverage";
const _GTL = "GuardrailTopicList";
const _GTPA = "GuardrailTopicPolicyAssessment";
const _GU = "GuardrailUsage";
const _GWPA = "GuardrailWordPolicyAssessment";
const _IB = "ImageBlock";
const _IBD = "ImageBlockDelta";
const _IBS = "ImageBlockStart";
const _IC = "InferenceConfiguration";
const _IGC = "InvokeGuardrailChecks";
const _IGCR = "InvokeGuardrailChecksRequest";
const _IGCRn = "InvokeGuardrailChecksResponse";
const _IM = "InvokeModel";
const _IMR = "InvokeModelRequest";
const _IMRn = "InvokeModelResponse";
const _IMTR = "InvokeModelTokensRequest";
const _IMWBS = "InvokeModelWithBidirectionalStream";
const _IMWBSI = "InvokeModelWithBidirectionalStreamInput";
const _IMWBSO = "InvokeModelWithBidirectionalStreamOutput";
const _IMWBSR = "InvokeModelWithBidirectionalStreamRequest";
const _IMWBSRn = "InvokeModelWithBidirectionalStreamResponse";
const _IMWRS = "InvokeModelWithResponseStream";
const _IMWRSR = "InvokeModelWithResponseStreamRequest";
const _IMWRSRn = "InvokeModelWithResponseStreamResponse";
const _IS = "ImageSource";
const _ISE = "InternalServerException";
const _JSD = "JsonSchemaDefinition";
const _LAI = "ListAsyncInvokes";
const _LAIR = "ListAsyncInvokesRequest";
const _LAIRi = "ListAsyncInvokesResponse";
const _M = "Message";
const _MEE = "ModelErrorException";
const _MIP = "ModelInputPayload";
const _MNRE = "ModelNotReadyException";
const _MSE = "MessageStartEvent";
const _MSEE = "ModelStreamErrorException";
const _MSEe = "MessageStopEvent";
const _MTE = "ModelTimeoutException";
const _Me = "Messages";
const _OC = "OutputConfig";
const _OF = "OutputFormat";
const _OFS = "OutputFormatStructure";
const _PB = "PartBody";
const _PC = "PerformanceConfiguration";
const _PP = "PayloadPart";
const _PRT = "PromptRouterTrace";
const _PVM = "PromptVariableMap";
const _PVV = "PromptVariableValues";
const _RCB = "ReasoningContentBlock";
const _RCBD = "ReasoningContentBlockDelta";
const _RM = "RequestMetadata";
const _RMJ = "RequestMetadataJson";
const _RNFE = "ResourceNotFoundException";
const _RS = "ResponseStream";
const _RTB = "ReasoningTextBlock";
const _SAI = "StartAsyncInvoke";
const _SAIR = "StartAsyncInvokeRequest";
const _SAIRt = "StartAsyncInvokeResponse";
const _SCB = "SystemContentBlocks";
const _SCBy = "SystemContentBlock";
const _SL = "S3Location";
const _SQEE = "ServiceQuotaExceededException";
const _SRB = "SearchResultBlock";
const _SRCB = "SearchResultContentBlock";
const _SRCBe = "SearchResultContentBlocks";
const _SRL = "SearchResultLocation";
const _ST = "ServiceTier";
const _STC = "SpecificToolChoice";
const _STy = "SystemTool";
const _SUE = "ServiceUnavailableException";
const _T = "Tag";
const _TAB = "ToolAdditionBlock";
const _TC = "ToolConfiguration";
const _TCo = "ToolChoice";
const _TE = "ThrottlingException";
const _TIS = "ToolInputSchema";
const _TL = "TagList";
const _TR = "ToolReference";
const _TRB = "ToolRemovalBlock";
const _TRBD = "ToolResultBlocksDelta";
const _TRBDo = "ToolResultBlockDelta";
const _TRBS = "ToolResultBlockStart";
const _TRBo = "ToolResultBlock";
const _TRCB = "ToolResultContentBlocks";
const _TRCBo = "ToolResultContentBlock";
const _TS = "ToolSpecification";
const _TU = "TokenUsage";
const _TUB = "ToolUseBlock";
const _TUBD = "ToolUseBlockDelta";
const _TUBS = "ToolUseBlockStart";
const _To = "Tools";
const _Too = "Tool";
const _VB = "VideoBlock";
const _VE = "ValidationException";
const _VS = "VideoSource";
const _WL = "WebLocation";
const _XABA = "X-Amzn-Bedrock-Accept";
const _XABCT = "X-Amzn-Bedrock-Content-Type";
const _XABG = "X-Amzn-Bedrock-GuardrailIdentifier";
const _XABG_ = "X-Amzn-Bedrock-GuardrailVersion";
const _XABPL = "X-Amzn-Bedrock-PerformanceConfig-Latency";
const _XABRM = "X-Amzn-Bedrock-Request-Metadata";
const _XABST = "X-Amzn-Bedrock-Service-Tier";
const _XABT = "X-Amzn-Bedrock-Trace";
const _a = "action";
const _aGD = "appliedGuardrailDetails";
const _aIS = "asyncInvokeSummaries";
const _aMRF = "additionalModelRequestFields";
const _aMRFP = "additionalModelResponseFieldPaths";
const _aMRFd = "additionalModelResponseFields";
const _aR = "actionReason";
const _aRP = "automatedReasoningPolicy";
const _aRPU = "automatedReasoningPolicyUnits";
const _aRPu = "automatedReasoningPolicies";
const _ac = "accept";
const _an = "any";
const _as = "assessments";
const _au = "audio";
const _aut = "auto";
const _b = "bytes";
const _bO = "bucketOwner";
const _bOe = "beginOffset";
const _bo = "body";
const _c = "client";
const _cBD = "contentBlockDelta";
const _cBI = "contentBlockIndex";
const _cBS = "contentBlockStart";
const _cBSo = "contentBlockStop";
const _cC = "citationsContent";
const _cD = "cacheDetails";
const _cF = "contentFilter";
const _cFS = "claimsFalseScenario";
const _cGP = "contextualGroundingPolicy";
const _cGPU = "contextualGroundingPolicyUnits";
const _cI = "contentIndex";
const _cP = "contentPolicy";
const _cPIU = "contentPolicyImageUnits";
const _cPU = "contentPolicyUnits";
const _cPa = "cachePoint";
const _cR = "contradictingRules";
const _cRIT = "cacheReadInputTokens";
const _cRT = "clientRequestToken";
const _cS = "confidenceScore";
const _cT = "contentType";
const _cTS = "claimsTrueScenario";
const _cW = "customWords";
const _cWIT = "cacheWriteInputTokens";
const _ca = "category";
const _cat = "categories";
const _ch = "checks";
const _chu = "chunk";
const _ci = "citations";
const _cit = "citation";
const _cl = "claims";
const _co = "content";
const _con = "context";
const _conf = "confidence";
const _conv = "converse";
const _d = "delta";
const _dC = "documentChar";
const _dCo = "documentChunk";
const _dI = "documentIndex";
const _dP = "documentPage";
const _dS = "differenceScenarios";
const _de = "detected";
const _des = "description";
const _do = "domain";
const _doc = "document";
const _e = "error";
const _eO = "endOffset";
const _eT = "endTime";
const _ef = "effort";
const _en = "enabled";
const _end = "end";
const _ent = "entities";
const _f = "format";
const _fM = "failureMessage";
const _fS = "filterStrength";
const _fi = "findings";
const _fil = "filters";
const _g = "guardrail";
const _gA = "guardrailArn";
const _gC = "guardrailCoverage";
const _gCu = "guardrailConfig";
const _gCua = "guardContent";
const _gI = "guardrailId";
const _gIu = "guardrailIdentifier";
const _gO = "guardrailOrigin";
const _gOu = "guardrailOwnership";
const _gPL = "guardrailProcessingLatency";
const _gV = "guardrailVersion";
const _gu = "guarded";
const _h = "http";
const _hE = "httpError";
const _hH = "httpHeader";
const _hQ = "httpQuery";
const _i = "input";
const _iA = "invocationArn";
const _iAn = "inputAssessment";
const _iC = "inferenceConfig";
const _iM = "invocationMetrics";
const _iMI = "invokedModelId";
const _iMn = "invokeModel";
const _iS = "inputSchema";
const _iSE = "internalServerException";
const _iT = "inputTokens";
const _id = "identifier";
const _im = "images";
const _ima = "image";
const _imp = "impossible";
const _in = "invalid";
const _j = "json";
const _jS = "jsonSchema";
const _k = "key";
const _kKI = "kmsKeyId";
const _l = "location";
const _lM = "latencyMs";
const _lMT = "lastModifiedTime";
const _lW = "logicWarning";
const _la = "latency";
const _lo = "logic";
const _m = "message";
const _mA = "modelArn";
const _mI = "modelId";
const _mIe = "messageIndex";
const _mIo = "modelInput";
const _mO = "modelOutput";
const _mR = "maxResults";
const _mS = "messageStart";
const _mSEE = "modelStreamErrorException";
const _mSe = "messageStop";
const _mT = "maxTokens";
const _mTE = "modelTimeoutException";
const _mWL = "managedWordLists";
const _ma = "match";
const _me = "messages";
const _met = "metrics";
const _meta = "metadata";
const _n = "name";
const _nL = "naturalLanguage";
const _nT = "nextToken";
const _nTo = "noTranslations";
const _o = "outputs";
const _oA = "outputAssessments";
const _oC = "outputConfig";
const _oDC = "outputDataConfig";
const _oM = "originalMessage";
const _oS = "outputScope";
const _oSC = "originalStatusCode";
const _oT = "outputTokens";
const _op = "options";
const _ou = "output";
const _p = "premises";
const _pA = "promptAttack";
const _pC = "performanceConfig";
const _pCL = "performanceConfigLatency";
const _pE = "piiEntities";
const _pR = "promptRouter";
const _pV = "promptVariables";
const _pVA = "policyVersionArn";
const _q = "qualifiers";
const _r = "results";
const _rC = "reasoningContent";
const _rCe = "redactedContent";
const _rM = "requestMetadata";
const _rN = "resourceName";
const _rT = "reasoningText";
const _re = "regex";
const _reg = "regexes";
const _ro = "role";
const _s = "smithy.ts.sdk.synthetic.com.amazonaws.bedrockruntime";
const _sB = "sortBy";
const _sC = "sourceContent";
const _sE = "statusEquals";
const _sI = "sensitiveInformation";
const _sIP = "sensitiveInformationPolicy";
const _sIPFU = "sensitiveInformationPolicyFreeUnits";
const _sIPU = "sensitiveInformationPolicyUnits";
const _sL = "s3Location";
const _sN = "serverName";
const _sO = "sortOrder";
const _sODC = "s3OutputDataConfig";
const _sPM = "streamProcessingMode";
const _sR = "stopReason";
const _sRI = "searchResultIndex";
const _sRL = "searchResultLocation";
const _sRe = "searchResult";
const _sRu = "supportingRules";
const _sS = "severityScore";
const _sSt = "stopSequences";
const _sT = "submitTime";
const _sTA = "submitTimeAfter";
const _sTB = "submitTimeBefore";
const _sTe = "serviceTier";
const _sTy = "systemTool";
const _sU = "s3Uri";
const _sUE = "serviceUnavailableException";
const _sa = "satisfiable";
const _sc = "score";
const _sch = "schema";
const _se = "server";
const _si = "signature";
const _so = "source";
const _st = "status";
const _sta = "start";
const _stat = "statements";
const _str = "stream";
const _stre = "streaming";
const _stri = "strict";
const _stru = "structure";
const _sy = "system";
const _t = "ttl";
const _tA = "toolAddition";
const _tAr = "translationAmbiguous";
const _tC = "toolConfig";
const _tCe = "textCharacters";
const _tCo = "toolChoice";
const _tCoo = "tooComplex";
const _tE = "throttlingException";
const _tF = "textFormat";
const _tP = "topicPolicy";
const _tPU = "topicPolicyUnits";
const _tPo = "topP";
const _tR = "toolResult";
const _tRo = "toolRemoval";
const _tS = "toolSpec";
const _tT = "totalTokens";
const _tU = "textUnits";
const _tUI = "toolUseId";
const _tUo = "toolUse";
const _ta = "tags";
const _te = "text";
const _tem = "temperature";
const _th = "threshold";
const _ti = "title";
const _to = "total";
const _too = "tool";
const _tool = "tools";
const _top = "topics";
const _tr = "trace";
const _tra = "translation";
const _tran = "translations";
const _tru = "truncated";
const _ty = "type";
const _u = "usage";
const _uC = "untranslatedClaims";
const _uP = "untranslatedPremises";
const _ur = "uri";
const _url = "url";
const _v = "value";
const _vE = "validationException";
const _va = "valid";
const _vi = "video";
const _w = "web";
const _wP = "wordPolicy";
const _wPU = "wordPolicyUnits";
const n0 = "com.amazonaws.bedrockruntime";
const _s_registry = new TypeRegistry(_s);
var BedrockRuntimeServiceException$ = [-3, _s, "BedrockRuntimeServiceException", 0, [], []];
_s_registry.registerError(BedrockRuntimeServiceException$, BedrockRuntimeServiceException);
const n0_registry = new TypeRegistry(n0);
var AccessDeniedException$ = [-3, n0, _ADE,
    { [_e]: _c, [_hE]: 403 },
    [_m],
    [0]
];
n0_registry.registerError(AccessDeniedException$, AccessDeniedException);
var ConflictException$ = [-3, n0, _CE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(ConflictException$, ConflictException);
var InternalServerException$ = [-3, n0, _ISE,
    { [_e]: _se, [_hE]: 500 },
    [_m],
    [0]
];
n0_registry.registerError(InternalServerException$, InternalServerException);
var ModelErrorException$ = [-3, n0, _MEE,
    { [_e]: _c, [_hE]: 424 },
    [_m, _oSC, _rN],
    [0, 1, 0]
];
n0_registry.registerError(ModelErrorException$, ModelErrorException);
var ModelNotReadyException$ = [-3, n0, _MNRE,
    { [_e]: _c, [_hE]: 429 },
    [_m],
    [0]
];
n0_registry.registerError(ModelNotReadyException$, ModelNotReadyException);
var ModelStreamErrorException$ = [-3, n0, _MSEE,
    { [_e]: _c, [_hE]: 424 },
    [_m, _oSC, _oM],
    [0, 1, 0]
];
n0_registry.registerError(ModelStreamErrorException$, ModelStreamErrorException);
var ModelTimeoutException$ = [-3, n0, _MTE,
    { [_e]: _c, [_hE]: 408 },
    [_m],
    [0]
];
n0_registry.registerError(ModelTimeoutException$, ModelTimeoutException);
var ResourceNotFoundException$ = [-3, n0, _RNFE,
    { [_e]: _c, [_hE]: 404 },
    [_m],
    [0]
];
n0_registry.registerError(ResourceNotFoundException$, ResourceNotFoundException);
var ServiceQuotaExceededException$ = [-3, n0, _SQEE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(ServiceQuotaExceededException$, ServiceQuotaExceededException);
var ServiceUnavailableException$ = [-3, n0, _SUE,
    { [_e]: _se, [_hE]: 503 },
    [_m],
    [0]
];
n0_registry.registerError(ServiceUnavailableException$, ServiceUnavailableException);
var ThrottlingException$ = [-3, n0, _TE,
    { [_e]: _c, [_hE]: 429 },
    [_m],
    [0]
];
n0_registry.registerError(ThrottlingException$, ThrottlingException);
var ValidationException$ = [-3, n0, _VE,
    { [_e]: _c, [_hE]: 400 },
    [_m],
    [0]
];
n0_registry.registerError(ValidationException$, ValidationException);
const errorTypeRegistries = [
    _s_registry,
    n0_registry,
];
var AsyncInvokeMessage = [0, n0, _AIM, 8, 0];
var Body = [0, n0, _B, 8, 21];
var GuardrailAutomatedReasoningStatementLogicContent = [0, n0, _GARSLC, 8, 0];
var GuardrailAutomatedReasoningStatementNaturalLanguageContent = [0, n0, _GARSNLC, 8, 0];
var GuardrailChecksTextContent = [0, n0, _GCTC, 8, 0];
var ModelInputPayload = [0, n0, _MIP, 8, 15];
var PartBody = [0, n0, _PB, 8, 21];
var RequestMetadataJson = [0, n0, _RMJ, 8, 0];
var AnyToolChoice$ = [3, n0, _ATC,
    0,
    [],
    []
];
var AppliedGuardrailDetails$ = [3, n0, _AGD,
    0,
    [_gI, _gV, _gA, _gO, _gOu],
    [0, 0, 0, 64 | 0, 0]
];
var ApplyGuardrailRequest$ = [3, n0, _AGR,
    0,
    [_gIu, _gV, _so, _co, _oS],
    [[0, 1], [0, 1], 0, [() => GuardrailContentBlockList, 0], 0], 4
];
var ApplyGuardrailResponse$ = [3, n0, _AGRp,
    0,
    [_u, _a, _o, _as, _aR, _gC],
    [() => GuardrailUsage$, 0, () => GuardrailOutputContentList, [() => GuardrailAssessmentList, 0], 0, () => GuardrailCoverage$], 4
];
var AsyncInvokeS3OutputDataConfig$ = [3, n0, _AISODC,
    0,
    [_sU, _kKI, _bO],
    [0, 0, 0], 1
];
var AsyncInvokeSummary$ = [3, n0, _AIS,
    0,
    [_iA, _mA, _sT, _oDC, _cRT, _st, _fM, _lMT, _eT],
    [0, 0, 5, () => AsyncInvokeOutputDataConfig$, 0, 0, [() => AsyncInvokeMessage, 0], 5, 5], 4
];
var AudioBlock$ = [3, n0, _AB,
    0,
    [_f, _so, _e],
    [0, [() => AudioSource$, 0], [() => ErrorBlock$, 0]], 2
];
var AutoToolChoice$ = [3, n0, _ATCu,
    0,
    [],
    []
];
var BidirectionalInputPayloadPart$ = [3, n0, _BIPP,
    8,
    [_b],
    [[() => PartBody, 0]]
];
var BidirectionalOutputPayloadPart$ = [3, n0, _BOPP,
    8,
    [_b],
    [[() => PartBody, 0]]
];
var CacheDetail$ = [3, n0, _CD,
    0,
    [_t, _iT],
    [0, 1], 2
];
var CachePointBlock$ = [3, n0, _CPB,
    0,
    [_ty, _t],
    [0, 0], 1
];
var Citation$ = [3, n0, _C,
    0,
    [_ti, _so, _sC, _l],
    [0, 0, () => CitationSourceContentList, () => CitationLocation$]
];
var CitationsConfig$ = [3, n0, _CC,
    0,
    [_en],
    [2], 1
];
var CitationsContentBlock$ = [3, n0, _CCB,
    0,
    [_co, _ci],
    [() => CitationGeneratedContentList, () => Citations]
];
var CitationsDelta$ = [3, n0, _CDi,
    0,
    [_ti, _so, _sC, _l],
    [0, 0, () => CitationSourceContentListDelta, () => CitationLocation$]
];
var CitationSourceContentDelta$ = [3, n0, _CSCD,
    0,
    [_te],
    [0]
];
var ContentBlockDeltaEvent$ = [3, n0, _CBDE,
    0,
    [_d, _cBI],
    [[() => ContentBlockDelta$, 0], 1], 2
];
var ContentBlockStartEvent$ = [3, n0, _CBSE,
    0,
    [_sta, _cBI],
    [() => ContentBlockStart$, 1], 2
];
var ContentBlockStopEvent$ = [3, n0, _CBSEo,
    0,
    [_cBI],
    [1], 1
];
var ConverseMetrics$ = [3, n0, _CM,
    0,
    [_lM],
    [1], 1
];
var ConverseRequest$ = [3, n0, _CR,
    0,
    [_mI, _me, _sy, _iC, _tC, _gCu, _aMRF, _pV, _aMRFP, _rM, _pC, _sTe, _oC],
    [[0, 1], [() => Messages, 0], [() => SystemContentBlocks, 0], () => InferenceConfiguration$, () => ToolConfiguration$, () => GuardrailConfiguration$, 15, [() => PromptVariableMap, 0], 64 | 0, [() => RequestMetadata, 0], () => PerformanceConfiguration$, () => ServiceTier$, [() => OutputConfig$, 0]], 1
];
var ConverseResponse$ = [3, n0, _CRo,
    0,
    [_ou, _sR, _u, _met, _aMRFd, _tr, _pC, _sTe],
    [[() => ConverseOutput$, 0], 0, () => TokenUsage$, () => ConverseMetrics$, 15, [() => ConverseTrace$, 0], () => PerformanceConfiguration$, () => ServiceTier$], 4
];
var ConverseStreamMetadataEvent$ = [3, n0, _CSME,
    0,
    [_u, _met, _tr, _pC, _sTe],
    [() => TokenUsage$, () => ConverseStreamMetrics$, [() => ConverseStreamTrace$, 0], () => PerformanceConfiguration$, () => ServiceTier$], 2
];
var ConverseStreamMetrics$ = [3, n0, _CSM,
    0,
    [_lM],
    [1], 1
];
var ConverseStreamRequest$ = [3, n0, _CSR,
    0,
    [_mI, _me, _sy, _iC, _tC, _gCu, _aMRF, _pV, _aMRFP, _rM, _pC, _sTe, _oC],
    [[0, 1], [() => Messages, 0], [() => SystemContentBlocks, 0], () => InferenceConfiguration$, () => ToolConfiguration$, () => GuardrailStreamConfiguration$, 15, [() => PromptVariableMap, 0], 64 | 0, [() => RequestMetadata, 0], () => PerformanceConfiguration$, () => ServiceTier$, [() => OutputConfig$, 0]], 1
];
var ConverseStreamResponse$ = [3, n0, _CSRo,
    0,
    [_str],
    [[() => ConverseStreamOutput$, 16]]
];
var ConverseStreamTrace$ = [3, n0, _CST,
    0,
    [_g, _pR],
    [[() => GuardrailTraceAssessment$, 0], () => PromptRouterTrace$]
];
var ConverseTokensRequest$ = [3, n0, _CTR,
    0,
    [_me, _sy, _tC, _aMRF],
    [[() => Messages, 0], [() => SystemContentBlocks, 0], () => ToolConfiguration$, 15]
];
var ConverseTrace$ = [3, n0, _CT,
    0,
    [_g, _pR],
    [[() => GuardrailTraceAssessment$, 0], () => PromptRouterTrace$]
];
var CountTokensRequest$ = [3, n0, _CTRo,
    0,
    [_mI, _i],
    [[0, 1], [() => CountTokensInput$, 0]], 2
];
var CountTokensResponse$ = [3, n0, _CTRou,
    0,
    [_iT],
    [1], 1
];
var DocumentBlock$ = [3, n0, _DB,
    0,
    [_n, _so, _f, _con, _ci],
    [0, () => DocumentSource$, 0, 0, () => CitationsConfig$], 2
];
var DocumentCharLocation$ = [3, n0, _DCL,
    0,
    [_dI, _sta, _end],
    [1, 1, 1]
];
var DocumentChunkLocation$ = [3, n0, _DCLo,
    0,
    [_dI, _sta, _end],
    [1, 1, 1]
];
var DocumentPageLocation$ = [3, n0, _DPL,
    0,
    [_dI, _sta, _end],
    [1, 1, 1]
];
var ErrorBlock$ = [3, n0, _EB,
    8,
    [_m],
    [0]
];
var GetAsyncInvokeRequest$ = [3, n0, _GAIR,
    0,
    [_iA],
    [[0, 1]], 1
];
var GetAsyncInvokeResponse$ = [3, n0, _GAIRe,
    0,
    [_iA, _mA, _st, _sT, _oDC, _cRT, _fM, _lMT, _eT],
    [0, 0, 0, 5, () => AsyncInvokeOutputDataConfig$, 0, [() => AsyncInvokeMessage, 0], 5, 5], 5
];
var GuardrailAssessment$ = [3, n0, _GA,
    0,
    [_tP, _cP, _wP, _sIP, _cGP, _aRP, _iM, _aGD],
    [() => GuardrailTopicPolicyAssessment$, () => GuardrailContentPolicyAssessment$, () => GuardrailWordPolicyAssessment$, () => GuardrailSensitiveInformationPolicyAssessment$, () => GuardrailContextualGroundingPolicyAssessment$, [() => GuardrailAutomatedReasoningPolicyAssessment$, 0], () => GuardrailInvocationMetrics$, () => AppliedGuardrailDetails$]
];
var GuardrailAutomatedReasoningImpossibleFinding$ = [3, n0, _GARIF,
    0,
    [_tra, _cR, _lW],
    [[() => GuardrailAutomatedReasoningTranslation$, 0], () => GuardrailAutomatedReasoningRuleList, [() => GuardrailAutomatedReasoningLogicWarning$, 0]]
];
var GuardrailAutomatedReasoningInputTextReference$ = [3, n0, _GARITR,
    0,
    [_te],
    [[() => GuardrailAutomatedReasoningStatementNaturalLanguageContent, 0]]
];
var GuardrailAutomatedReasoningInvalidFinding$ = [3, n0, _GARIFu,
    0,
    [_tra, _cR, _lW],
    [[() => GuardrailAutomatedReasoningTranslation$, 0], () => GuardrailAutomatedReasoningRuleList, [() => GuardrailAutomatedReasoningLogicWarning$, 0]]
];
var GuardrailAutomatedReasoningLogicWarning$ = [3, n0, _GARLW,
    0,
    [_ty, _p, _cl],
    [0, [() => GuardrailAutomatedReasoningStatementList, 0], [() => GuardrailAutomatedReasoningStatementList, 0]]
];
var GuardrailAutomatedReasoningNoTranslationsFinding$ = [3, n0, _GARNTF,
    0,
    [],
    []
];
var GuardrailAutomatedReasoningPolicyAssessment$ = [3, n0, _GARPA,
    0,
    [_fi],
    [[() => GuardrailAutomatedReasoningFindingList, 0]]
];
var GuardrailAutomatedReasoningRule$ = [3, n0, _GARR,
    0,
    [_id, _pVA],
    [0, 0]
];
var GuardrailAutomatedReasoningSatisfiableFinding$ = [3, n0, _GARSF,
    0,
    [_tra, _cTS, _cFS, _lW],
    [[() => GuardrailAutomatedReasoningTranslation$, 0], [() => GuardrailAutomatedReasoningScenario$, 0], [() => GuardrailAutomatedReasoningScenario$, 0], [() => GuardrailAutomatedReasoningLogicWarning$, 0]]
];
var GuardrailAutomatedReasoningScenario$ = [3, n0, _GARS,
    0,
    [_stat],
    [[() => GuardrailAutomatedReasoningStatementList, 0]]
];
var GuardrailAutomatedReasoningStatement$ = [3, n0, _GARSu,
    0,
    [_lo, _nL],
    [[() => GuardrailAutomatedReasoningStatementLogicContent, 0], [() => GuardrailAutomatedReasoningStatementNaturalLanguageContent, 0]]
];
var GuardrailAutomatedReasoningTooComplexFinding$ = [3, n0, _GARTCF,
    0,
    [],
    []
];
var GuardrailAutomatedReasoningTranslation$ = [3, n0, _GART,
    0,
    [_p, _cl, _uP, _uC, _conf],
    [[() => GuardrailAutomatedReasoningStatementList, 0], [() => GuardrailAutomatedReasoningStatementList, 0], [() => GuardrailAutomatedReasoningInputTextReferenceList, 0], [() => GuardrailAutomatedReasoningInputTextReferenceList, 0], 1]
];
var GuardrailAutomatedReasoningTranslationAmbiguousFinding$ = [3, n0, _GARTAF,
    0,
    [_op, _dS],
    [[() => GuardrailAutomatedReasoningTranslationOptionList, 0], [() => GuardrailAutomatedReasoningDifferenceScenarioList, 0]]
];
var GuardrailAutomatedReasoningTranslationOption$ = [3, n0, _GARTO,
    0,
    [_tran],
    [[() => GuardrailAutomatedReasoningTranslationList, 0]]
];
var GuardrailAutomatedReasoningValidFinding$ = [3, n0, _GARVF,
    0,
    [_tra, _cTS, _sRu, _lW],
    [[() => GuardrailAutomatedReasoningTranslation$, 0], [() => GuardrailAutomatedReasoningScenario$, 0], () => GuardrailAutomatedReasoningRuleList, [() => GuardrailAutomatedReasoningLogicWarning$, 0]]
];
var GuardrailChecksConfig$ = [3, n0, _GCC,
    0,
    [_cF, _pA, _sI],
    [() => GuardrailChecksContentFilterConfig$, () => GuardrailChecksPromptAttackConfig$, () => GuardrailChecksSensitiveInformationConfig$]
];
var GuardrailChecksContentFilterCategoryConfig$ = [3, n0, _GCCFCC,
    0,
    [_ca],
    [0], 1
];
var GuardrailChecksContentFilterConfig$ = [3, n0, _GCCFC,
    0,
    [_cat],
    [() => GuardrailChecksContentFilterCategoryConfigList], 1
];
var GuardrailChecksContentFilterResult$ = [3, n0, _GCCFR,
    0,
    [_r],
    [() => GuardrailChecksContentFilterResultList], 1
];
var GuardrailChecksContentFilterResultEntry$ = [3, n0, _GCCFRE,
    0,
    [_ca, _sS],
    [0, 1], 2
];
var GuardrailChecksContentFilterUsage$ = [3, n0, _GCCFU,
    0,
    [_tU],
    [1], 1
];
var GuardrailChecksMessage$ = [3, n0, _GCM,
    0,
    [_ro, _co],
    [0, [() => GuardrailChecksContentBlockList, 0]], 2
];
var GuardrailChecksPromptAttackCategoryConfig$ = [3, n0, _GCPACC,
    0,
    [_ca],
    [0], 1
];
var GuardrailChecksPromptAttackConfig$ = [3, n0, _GCPAC,
    0,
    [_cat],
    [() => GuardrailChecksPromptAttackCategoryConfigList], 1
];
var GuardrailChecksPromptAttackResult$ = [3, n0, _GCPAR,
    0,
    [_r],
    [() => GuardrailChecksPromptAttackResultList], 1
];
var GuardrailChecksPromptAttackResultEntry$ = [3, n0, _GCPARE,
    0,
    [_ca, _sS],
    [0, 1], 2
];
var GuardrailChecksPromptAttackUsage$ = [3, n0, _GCPAU,
    0,
    [_tU],
    [1], 1
];
var GuardrailChecksResults$ = [3, n0, _GCR,
    0,
    [_cF, _pA, _sI],
    [() => GuardrailChecksContentFilterResult$, () => GuardrailChecksPromptAttackResult$, () => GuardrailChecksSensitiveInformationResult$]
];
var GuardrailChecksSensitiveInformationConfig$ = [3, n0, _GCSIC,
    0,
    [_ent],
    [() => GuardrailChecksSensitiveInformationEntityConfigList], 1
];
var GuardrailChecksSensitiveInformationEntityConfig$ = [3, n0, _GCSIEC,
    0,
    [_ty],
    [0], 1
];
var GuardrailChecksSensitiveInformationResult$ = [3, n0, _GCSIR,
    0,
    [_r, _tru],
    [() => GuardrailChecksSensitiveInformationResultList, 2], 1
];
var GuardrailChecksSensitiveInformationResultEntry$ = [3, n0, _GCSIRE,
    0,
    [_ty, _cS, _bOe, _eO, _mIe, _cI],
    [0, 1, 1, 1, 1, 1], 6
];
var GuardrailChecksSensitiveInformationUsage$ = [3, n0, _GCSIU,
    0,
    [_tU],
    [1], 1
];
var GuardrailChecksUsageResults$ = [3, n0, _GCUR,
    0,
    [_cF, _pA, _sI],
    [() => GuardrailChecksContentFilterUsage$, () => GuardrailChecksPromptAttackUsage$, () => GuardrailChecksSensitiveInformationUsage$]
];
var GuardrailConfiguration$ = [3, n0, _GC,
    0,
    [_gIu, _gV, _tr],
    [0, 0, 0]
];
var GuardrailContentFilter$ = [3, n0, _GCF,
    0,
    [_ty, _conf, _a, _fS, _de],
    [0, 0, 0, 0, 2], 3
];
var GuardrailContentPolicyAssessment$ = [3, n0, _GCPA,
    0,
    [_fil],
    [() => GuardrailContentFilterList], 1
];
var GuardrailContextualGroundingFilter$ = [3, n0, _GCGF,
    0,
    [_ty, _th, _sc, _a, _de],
    [0, 1, 1, 0, 2], 4
];
var GuardrailContextualGroundingPolicyAssessment$ = [3, n0, _GCGPA,
    0,
    [_fil],
    [() => GuardrailContextualGroundingFilters]
];
var GuardrailConverseImageBlock$ = [3, n0, _GCIB,
    8,
    [_f, _so],
    [0, [() => GuardrailConverseImageSource$, 0]], 2
];
var GuardrailConverseTextBlock$ = [3, n0, _GCTB,
    0,
    [_te, _q],
    [0, 64 | 0], 1
];
var GuardrailCoverage$ = [3, n0, _GCu,
    0,
    [_tCe, _im],
    [() => GuardrailTextCharactersCoverage$, () => GuardrailImageCoverage$]
];
var GuardrailCustomWord$ = [3, n0, _GCW,
    0,
    [_ma, _a, _de],
    [0, 0, 2], 2
];
var GuardrailImageBlock$ = [3, n0, _GIB,
    8,
    [_f, _so],
    [0, [() => GuardrailImageSource$, 0]], 2
];
var GuardrailImageCoverage$ = [3, n0, _GIC,
    0,
    [_gu, _to],
    [1, 1]
];
var GuardrailInvocationMetrics$ = [3, n0, _GIM,
    0,
    [_gPL, _u, _gC],
    [1, () => GuardrailUsage$, () => GuardrailCoverage$]
];
var GuardrailManagedWord$ = [3, n0, _GMW,
    0,
    [_ma, _ty, _a, _de],
    [0, 0, 0, 2], 3
];
var GuardrailOutputContent$ = [3, n0, _GOC,
    0,
    [_te],
    [0]
];
var GuardrailPiiEntityFilter$ = [3, n0, _GPEF,
    0,
    [_ma, _ty, _a, _de],
    [0, 0, 0, 2], 3
];
var GuardrailRegexFilter$ = [3, n0, _GRF,
    0,
    [_a, _n, _ma, _re, _de],
    [0, 0, 0, 0, 2], 1
];
var GuardrailSensitiveInformationPolicyAssessment$ = [3, n0, _GSIPA,
    0,
    [_pE, _reg],
    [() => GuardrailPiiEntityFilterList, () => GuardrailRegexFilterList], 2
];
var GuardrailStreamConfiguration$ = [3, n0, _GSC,
    0,
    [_gIu, _gV, _tr, _sPM],
    [0, 0, 0, 0]
];
var GuardrailTextBlock$ = [3, n0, _GTB,
    0,
    [_te, _q],
    [0, 64 | 0], 1
];
var GuardrailTextCharactersCoverage$ = [3, n0, _GTCC,
    0,
    [_gu, _to],
    [1, 1]
];
var GuardrailTopic$ = [3, n0, _GT,
    0,
    [_n, _ty, _a, _de],
    [0, 0, 0, 2], 3
];
var GuardrailTopicPolicyAssessment$ = [3, n0, _GTPA,
    0,
    [_top],
    [() => GuardrailTopicList], 1
];
var GuardrailTraceAssessment$ = [3, n0, _GTA,
    0,
    [_mO, _iAn, _oA, _aR],
    [64 | 0, [() => GuardrailAssessmentMap, 0], [() => GuardrailAssessmentListMap, 0], 0]
];
var GuardrailUsage$ = [3, n0, _GU,
    0,
    [_tPU, _cPU, _wPU, _sIPU, _sIPFU, _cGPU, _cPIU, _aRPU, _aRPu],
    [1, 1, 1, 1, 1, 1, 1, 1, 1], 6
];
var GuardrailWordPolicyAssessment$ = [3, n0, _GWPA,
    0,
    [_cW, _mWL],
    [() => GuardrailCustomWordList, () => GuardrailManagedWordList], 2
];
var ImageBlock$ = [3, n0, _IB,
    0,
    [_f, _so, _e],
    [0, [() => ImageSource$, 0], [() => ErrorBlock$, 0]], 2
];
var ImageBlockDelta$ = [3, n0, _IBD,
    0,
    [_so, _e],
    [[() => ImageSource$, 0], [() => ErrorBlock$, 0]]
];
var ImageBlockStart$ = [3, n0, _IBS,
    0,
    [_f],
    [0], 1
];
var InferenceConfiguration$ = [3, n0, _IC,
    0,
    [_mT, _tem, _tPo, _sSt],
    [1, 1, 1, 64 | 0]
];
var InvokeGuardrailChecksRequest$ = [3, n0, _IGCR,
    0,
    [_me, _ch],
    [[() => GuardrailChecksMessageList, 0], () => GuardrailChecksConfig$], 2
];
var InvokeGuardrailChecksResponse$ = [3, n0, _IGCRn,
    0,
    [_r, _u],
    [() => GuardrailChecksResults$, () => GuardrailChecksUsageResults$], 2
];
var InvokeModelRequest$ = [3, n0, _IMR,
    0,
    [_mI, _bo, _cT, _ac, _tr, _gIu, _gV, _pCL, _sTe, _rM],
    [[0, 1], [() => Body, 16], [0, { [_hH]: _CT_ }], [0, { [_hH]: _A }], [0, { [_hH]: _XABT }], [0, { [_hH]: _XABG }], [0, { [_hH]: _XABG_ }], [0, { [_hH]: _XABPL }], [0, { [_hH]: _XABST }], [() => RequestMetadataJson, { [_hH]: _XABRM }]], 1
];
var InvokeModelResponse$ = [3, n0, _IMRn,
    0,
    [_bo, _cT, _pCL, _sTe],
    [[() => Body, 16], [0, { [_hH]: _CT_ }], [0, { [_hH]: _XABPL }], [0, { [_hH]: _XABST }]], 2
];
var InvokeModelTokensRequest$ = [3, n0, _IMTR,
    0,
    [_bo],
    [[() => Body, 0]], 1
];
var InvokeModelWithBidirectionalStreamRequest$ = [3, n0, _IMWBSR,
    0,
    [_mI, _bo],
    [[0, 1], [() => InvokeModelWithBidirectionalStreamInput$, 16]], 2
];
var InvokeModelWithBidirectionalStreamResponse$ = [3, n0, _IMWBSRn,
    0,
    [_bo],
    [[() => InvokeModelWithBidirectionalStreamOutput$, 16]], 1
];
var InvokeModelWithResponseStreamRequest$ = [3, n0, _IMWRSR,
    0,
    [_mI, _bo, _cT, _ac, _tr, _gIu, _gV, _pCL, _sTe, _rM],
    [[0, 1], [() => Body, 16], [0, { [_hH]: _CT_ }], [0, { [_hH]: _XABA }], [0, { [_hH]: _XABT }], [0, { [_hH]: _XABG }], [0, { [_hH]: _XABG_ }], [0, { [_hH]: _XABPL }], [0, { [_hH]: _XABST }], [() => RequestMetadataJson, { [_hH]: _XABRM }]], 1
];
var InvokeModelWithResponseStreamResponse$ = [3, n0, _IMWRSRn,
    0,
    [_bo, _cT, _pCL, _sTe],
    [[() => ResponseStream$, 16], [0, { [_hH]: _XABCT }], [0, { [_hH]: _XABPL }], [0, { [_hH]: _XABST }]], 2
];
var JsonSchemaDefinition$ = [3, n0, _JSD,
    0,
    [_sch, _n, _des],
    [0, 0, 0], 1
];
var ListAsyncInvokesRequest$ = [3, n0, _LAIR,
    0,
    [_sTA, _sTB, _sE, _mR, _nT, _sB, _sO],
    [[5, { [_hQ]: _sTA }], [5, { [_hQ]: _sTB }], [0, { [_hQ]: _sE }], [1, { [_hQ]: _mR }], [0, { [_hQ]: _nT }], [0, { [_hQ]: _sB }], [0, { [_hQ]: _sO }]]
];
var ListAsyncInvokesResponse$ = [3, n0, _LAIRi,
    0,
    [_nT, _aIS],
    [0, [() => AsyncInvokeSummaries, 0]]
];
var Message$ = [3, n0, _M,
    0,
    [_ro, _co],
    [0, [() => ContentBlocks, 0]], 2
];
var MessageStartEvent$ = [3, n0, _MSE,
    0,
    [_ro],
    [0], 1
];
var MessageStopEvent$ = [3, n0, _MSEe,
    0,
    [_sR, _aMRFd],
    [0, 15], 1
];
var OutputConfig$ = [3, n0, _OC,
    0,
    [_tF, _ef],
    [[() => OutputFormat$, 0], 0]
];
var OutputFormat$ = [3, n0, _OF,
    0,
    [_ty, _stru],
    [0, [() => OutputFormatStructure$, 0]], 2
];
var PayloadPart$ = [3, n0, _PP,
    8,
    [_b],
    [[() => PartBody, 0]]
];
var PerformanceConfiguration$ = [3, n0, _PC,
    0,
    [_la],
    [0]
];
var PromptRouterTrace$ = [3, n0, _PRT,
    0,
    [_iMI],
    [0]
];
var ReasoningTextBlock$ = [3, n0, _RTB,
    8,
    [_te, _si],
    [0, 0], 1
];
var S3Location$ = [3, n0, _SL,
    0,
    [_ur, _bO],
    [0, 0], 1
];
var SearchResultBlock$ = [3, n0, _SRB,
    0,
    [_so, _ti, _co, _ci],
    [0, 0, () => SearchResultContentBlocks, () => CitationsConfig$], 3
];
var SearchResultContentBlock$ = [3, n0, _SRCB,
    0,
    [_te],
    [0], 1
];
var SearchResultLocation$ = [3, n0, _SRL,
    0,
    [_sRI, _sta, _end],
    [1, 1, 1]
];
var ServiceTier$ = [3, n0, _ST,
    0,
    [_ty],
    [0], 1
];
var SpecificToolChoice$ = [3, n0, _STC,
    0,
    [_n],
    [0], 1
];
var StartAsyncInvokeRequest$ = [3, n0, _SAIR,
    0,
    [_mI, _mIo, _oDC, _cRT, _ta],
    [0, [() => ModelInputPayload, 0], () => AsyncInvokeOutputDataConfig$, [0, 4], () => TagList], 3
];
var StartAsyncInvokeResponse$ = [3, n0, _SAIRt,
    0,
    [_iA],
    [0], 1
];
var SystemTool$ = [3, n0, _STy,
    0,
    [_n],
    [0], 1
];
var Tag$ = [3, n0, _T,
    0,
    [_k, _v],
    [0, 0], 2
];
var TokenUsage$ = [3, n0, _TU,
    0,
    [_iT, _oT, _tT, _cRIT, _cWIT, _cD],
    [1, 1, 1, 1, 1, () => CacheDetailsList], 3
];
var ToolAdditionBlock$ = [3, n0, _TAB,
    0,
    [_too],
    [() => ToolReference$], 1
];
var ToolConfiguration$ = [3, n0, _TC,
    0,
    [_tool, _tCo],
    [() => Tools, () => ToolChoice$], 1
];
var ToolReference$ = [3, n0, _TR,
    0,
    [_ty, _n, _sN],
    [0, 0, 0]
];
var ToolRemovalBlock$ = [3, n0, _TRB,
    0,
    [_too],
    [() => ToolReference$], 1
];
var ToolResultBlock$ = [3, n0, _TRBo,
    0,
    [_tUI, _co, _st, _ty],
    [0, [() => ToolResultContentBlocks, 0], 0, 0], 2
];
var ToolResultBlockStart$ = [3, n0, _TRBS,
    0,
    [_tUI, _ty, _st],
    [0, 0, 0], 1
];
var ToolSpecification$ = [3, n0, _TS,
    0,
    [_n, _iS, _des, _stri],
    [0, () => ToolInputSchema$, 0, 2], 2
];
var ToolUseBlock$ = [3, n0, _TUB,
    0,
    [_tUI, _n, _i, _ty],
    [0, 0, 15, 0], 3
];
var ToolUseBlockDelta$ = [3, n0, _TUBD,
    0,
    [_i],
    [0], 1
];
var ToolUseBlockStart$ = [3, n0, _TUBS,
    0,
    [_tUI, _n, _ty],
    [0, 0, 0], 2
];
var VideoBlock$ = [3, n0, _VB,
    0,
    [_f, _so],
    [0, () => VideoSource$], 2
];
var WebLocation$ = [3, n0, _WL,
    0,
    [_url, _do],
    [0, 0]
];
var AsyncInvokeSummaries = [1, n0, _AISs,
    0, [() => AsyncInvokeSummary$,
        0]
];
var CacheDetailsList = [1, n0, _CDL,
    0, () => CacheDetail$
];
var CitationGeneratedContentList = [1, n0, _CGCL,
    0, () => CitationGeneratedContent$
];
var Citations = [1, n0, _Ci,
    0, () => Citation$
];
var CitationSourceContentList = [1, n0, _CSCL,
    0, () => CitationSourceContent$
];
var CitationSourceContentListDelta = [1, n0, _CSCLD,
    0, () => CitationSourceContentDelta$
];
var ContentBlocks = [1, n0, _CB,
    0, [() => ContentBlock$,
        0]
];
var DocumentContentBlocks = [1, n0, _DCB,
    0, () => DocumentContentBlock$
];
var GuardrailAssessmentList = [1, n0, _GAL,
    0, [() => GuardrailAssessment$,
        0]
];
var GuardrailAutomatedReasoningDifferenceScenarioList = [1, n0, _GARDSL,
    0, [() => GuardrailAutomatedReasoningScenario$,
        0]
];
var GuardrailAutomatedReasoningFindingList = [1, n0, _GARFL,
    0, [() => GuardrailAutomatedReasoningFinding$,
        0]
];
var GuardrailAutomatedReasoningInputTextReferenceList = [1, n0, _GARITRL,
    0, [() => GuardrailAutomatedReasoningInputTextReference$,
        0]
];
var GuardrailAutomatedReasoningRuleList = [1, n0, _GARRL,
    0, () => GuardrailAutomatedReasoningRule$
];
var GuardrailAutomatedReasoningStatementList = [1, n0, _GARSL,
    0, [() => GuardrailAutomatedReasoningStatement$,
        0]
];
var GuardrailAutomatedReasoningTranslationList = [1, n0, _GARTL,
    0, [() => GuardrailAutomatedReasoningTranslation$,
        0]
];
var GuardrailAutomatedReasoningTranslationOptionList = [1, n0, _GARTOL,
    0, [() => GuardrailAutomatedReasoningTranslationOption$,
        0]
];
var GuardrailChecksContentBlockList = [1, n0, _GCCBL,
    0, [() => GuardrailChecksContentBlock$,
        0]
];
var GuardrailChecksContentFilterCategoryConfigList = [1, n0, _GCCFCCL,
    0, () => GuardrailChecksContentFilterCategoryConfig$
];
var GuardrailChecksContentFilterResultList = [1, n0, _GCCFRL,
    0, () => GuardrailChecksContentFilterResultEntry$
];
var GuardrailChecksMessageList = [1, n0, _GCML,
    0, [() => GuardrailChecksMessage$,
        0]
];
var GuardrailChecksPromptAttackCategoryConfigList = [1, n0, _GCPACCL,
    0, () => GuardrailChecksPromptAttackCategoryConfig$
];
var GuardrailChecksPromptAttackResultList = [1, n0, _GCPARL,
    0, () => GuardrailChecksPromptAttackResultEntry$
];
var GuardrailChecksSensitiveInformationEntityConfigList = [1, n0, _GCSIECL,
    0, () => GuardrailChecksSensitiveInformationEntityConfig$
];
var GuardrailChecksSensitiveInformationResultList = [1, n0, _GCSIRL,
    0, () => GuardrailChecksSensitiveInformationResultEntry$
];
var GuardrailContentBlockList = [1, n0, _GCBL,
    0, [() => GuardrailContentBlock$,
        0]
];
var GuardrailContentFilterList = [1, n0, _GCFL,
    0, () => GuardrailContentFilter$
];
var GuardrailContextualGroundingFilters = [1, n0, _GCGFu,
    0, () => GuardrailContextualGroundingFilter$
];
var GuardrailCustomWordList = [1, n0, _GCWL,
    0, () => GuardrailCustomWord$
];
var GuardrailManagedWordList = [1, n0, _GMWL,
    0, () => GuardrailManagedWord$
];
var GuardrailOutputContentList = [1, n0, _GOCL,
    0, () => GuardrailOutputContent$
];
var GuardrailPiiEntityFilterList = [1, n0, _GPEFL,
    0, () => GuardrailPiiEntityFilter$
];
var GuardrailRegexFilterList = [1, n0, _GRFL,
    0, () => GuardrailRegexFilter$
];
var GuardrailTopicList = [1, n0, _GTL,
    0, () => GuardrailTopic$
];
var Messages = [1, n0, _Me,
    0, [() => Message$,
        0]
];
var SearchResultContentBlocks = [1, n0, _SRCBe,
    0, () => SearchResultContentBlock$
];
var SystemContentBlocks = [1, n0, _SCB,
    0, [() => SystemContentBlock$,
        0]
];
var TagList = [1, n0, _TL,
    0, () => Tag$
];
var ToolResultBlocksDelta = [1, n0, _TRBD,
    0, () => ToolResultBlockDelta$
];
var ToolResultContentBlocks = [1, n0, _TRCB,
    0, [() => ToolResultContentBlock$,
        0]
];
var Tools = [1, n0, _To,
    0, () => Tool$
];
var GuardrailAssessmentListMap = [2, n0, _GALM,
    0, [0,
        0],
    [() => GuardrailAssessmentList,
        0]
];
var GuardrailAssessmentMap = [2, n0, _GAM,
    0, [0,
        0],
    [() => GuardrailAssessment$,
        0]
];
var PromptVariableMap = [2, n0, _PVM,
    8, 0, () => PromptVariableValues$
];
var RequestMetadata = [2, n0, _RM,
    8, 0, 0
];
var AsyncInvokeOutputDataConfig$ = [4, n0, _AIODC,
    0,
    [_sODC],
    [() => AsyncInvokeS3OutputDataConfig$]
];
var AudioSource$ = [4, n0, _AS,
    8,
    [_b, _sL],
    [21, () => S3Location$]
];
var CitationGeneratedContent$ = [4, n0, _CGC,
    0,
    [_te],
    [0]
];
var CitationLocation$ = [4, n0, _CL,
    0,
    [_w, _dC, _dP, _dCo, _sRL],
    [() => WebLocation$, () => DocumentCharLocation$, () => DocumentPageLocation$, () => DocumentChunkLocation$, () => SearchResultLocation$]
];
var CitationSourceContent$ = [4, n0, _CSC,
    0,
    [_te],
    [0]
];
var ContentBlock$ = [4, n0, _CBo,
    0,
    [_te, _ima, _doc, _vi, _au, _tUo, _tR, _gCua, _cPa, _rC, _cC, _sRe, _tA, _tRo],
    [0, [() => ImageBlock$, 0], () => DocumentBlock$, () => VideoBlock$, [() => AudioBlock$, 0], () => ToolUseBlock$, [() => ToolResultBlock$, 0], [() => GuardrailConverseContentBlock$, 0], () => CachePointBlock$, [() => ReasoningContentBlock$, 0], () => CitationsContentBlock$, () => SearchResultBlock$, () => ToolAdditionBlock$, () => ToolRemovalBlock$]
];
var ContentBlockDelta$ = [4, n0, _CBD,
    0,
    [_te, _tUo, _tR, _rC, _cit, _ima],
    [0, () => ToolUseBlockDelta$, () => ToolResultBlocksDelta, [() => ReasoningContentBlockDelta$, 0], () => CitationsDelta$, [() => ImageBlockDelta$, 0]]
];
var ContentBlockStart$ = [4, n0, _CBS,
    0,
    [_tUo, _tR, _ima],
    [() => ToolUseBlockStart$, () => ToolResultBlockStart$, () => ImageBlockStart$]
];
var ConverseOutput$ = [4, n0, _CO,
    0,
    [_m],
    [[() => Message$, 0]]
];
var ConverseStreamOutput$ = [4, n0, _CSO,
    { [_stre]: 1 },
    [_mS, _cBS, _cBD, _cBSo, _mSe, _meta, _iSE, _mSEE, _vE, _tE, _sUE],
    [() => MessageStartEvent$, () => ContentBlockStartEvent$, [() => ContentBlockDeltaEvent$, 0], () => ContentBlockStopEvent$, () => MessageStopEvent$, [() => ConverseStreamMetadataEvent$, 0], [() => InternalServerException$, 0], [() => ModelStreamErrorException$, 0], [() => ValidationException$, 0], [() => ThrottlingException$, 0], [() => ServiceUnavailableException$, 0]]
];
var CountTokensInput$ = [4, n0, _CTI,
    0,
    [_iMn, _conv],
    [[() => InvokeModelTokensRequest$, 0], [() => ConverseTokensRequest$, 0]]
];
var DocumentContentBlock$ = [4, n0, _DCBo,
    0,
    [_te],
    [0]
];
var DocumentSource$ = [4, n0, _DS,
    0,
    [_b, _sL, _te, _co],
    [21, () => S3Location$, 0, () => DocumentContentBlocks]
];
var GuardrailAutomatedReasoningFinding$ = [4, n0, _GARF,
    0,
    [_va, _in, _sa, _imp, _tAr, _tCoo, _nTo],
    [[() => GuardrailAutomatedReasoningValidFinding$, 0], [() => GuardrailAutomatedReasoningInvalidFinding$, 0], [() => GuardrailAutomatedReasoningSatisfiableFinding$, 0], [() => GuardrailAutomatedReasoningImpossibleFinding$, 0], [() => GuardrailAutomatedReasoningTranslationAmbiguousFinding$, 0], () => GuardrailAutomatedReasoningTooComplexFinding$, () => GuardrailAutomatedReasoningNoTranslationsFinding$]
];
var GuardrailChecksContentBlock$ = [4, n0, _GCCB,
    0,
    [_te],
    [[() => GuardrailChecksTextContent, 0]]
];
var GuardrailContentBlock$ = [4, n0, _GCB,
    0,
    [_te, _ima],
    [() => GuardrailTextBlock$, [() => GuardrailImageBlock$, 0]]
];
var GuardrailConverseContentBlock$ = [4, n0, _GCCBu,
    0,
    [_te, _ima],
    [() => GuardrailConverseTextBlock$, [() => GuardrailConverseImageBlock$, 0]]
];
var GuardrailConverseImageSource$ = [4, n0, _GCIS,
    8,
    [_b],
    [21]
];
var GuardrailImageSource$ = [4, n0, _GIS,
    8,
    [_b],
    [21]
];
var ImageSource$ = [4, n0, _IS,
    8,
    [_b, _sL],
    [21, () => S3Location$]
];
var InvokeModelWithBidirectionalStreamInput$ = [4, n0, _IMWBSI,
    { [_stre]: 1 },
    [_chu],
    [[() => BidirectionalInputPayloadPart$, 0]]
];
var InvokeModelWithBidirectionalStreamOutput$ = [4, n0, _IMWBSO,
    { [_stre]: 1 },
    [_chu, _iSE, _mSEE, _vE, _tE, _mTE, _sUE],
    [[() => BidirectionalOutputPayloadPart$, 0], [() => InternalServerException$, 0], [() => ModelStreamErrorException$, 0], [() => ValidationException$, 0], [() => ThrottlingException$, 0], [() => ModelTimeoutException$, 0], [() => ServiceUnavailableException$, 0]]
];
var OutputFormatStructure$ = [4, n0, _OFS,
    8,
    [_jS],
    [() => JsonSchemaDefinition$]
];
var PromptVariableValues$ = [4, n0, _PVV,
    0,
    [_te],
    [0]
];
var ReasoningContentBlock$ = [4, n0, _RCB,
    8,
    [_rT, _rCe],
    [[() => ReasoningTextBlock$, 0], 21]
];
var ReasoningContentBlockDelta$ = [4, n0, _RCBD,
    8,
    [_te, _rCe, _si],
    [0, 21, 0]
];
var ResponseStream$ = [4, n0, _RS,
    { [_stre]: 1 },
    [_chu, _iSE, _mSEE, _vE, _tE, _mTE, _sUE],
    [[() => PayloadPart$, 0], [() => InternalServerException$, 0], [() => ModelStreamErrorException$, 0], [() => ValidationException$, 0], [() => ThrottlingException$, 0], [() => ModelTimeoutException$, 0], [() => ServiceUnavailableException$, 0]]
];
var SystemContentBlock$ = [4, n0, _SCBy,
    0,
    [_te, _gCua, _cPa],
    [0, [() => GuardrailConverseContentBlock$, 0], () => CachePointBlock$]
];
var Tool$ = [4, n0, _Too,
    0,
    [_tS, _sTy, _cPa],
    [() => ToolSpecification$, () => SystemTool$, () => CachePointBlock$]
];
var ToolChoice$ = [4, n0, _TCo,
    0,
    [_aut, _an, _too],
    [() => AutoToolChoice$, () => AnyToolChoice$, () => SpecificToolChoice$]
];
var ToolInputSchema$ = [4, n0, _TIS,
    0,
    [_j],
    [15]
];
var ToolResultBlockDelta$ = [4, n0, _TRBDo,
    0,
    [_te, _j],
    [0, 15]
];
var ToolResultContentBlock$ = [4, n0, _TRCBo,
    0,
    [_j, _te, _ima, _doc, _vi, _sRe],
    [15, 0, [() => ImageBlock$, 0], () => DocumentBlock$, () => VideoBlock$, () => SearchResultBlock$]
];
var VideoSource$ = [4, n0, _VS,
    0,
    [_b, _sL],
    [21, () => S3Location$]
];
var ApplyGuardrail$ = [9, n0, _AG,
    { [_h]: ["POST", "/guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply", 200] }, () => ApplyGuardrailRequest$, () => ApplyGuardrailResponse$
];
var Converse$ = [9, n0, _Co,
    { [_h]: ["POST", "/model/{modelId}/converse", 200] }, () => ConverseRequest$, () => ConverseResponse$
];
var ConverseStream$ = [9, n0, _CS,
    { [_h]: ["POST", "/model/{modelId}/converse-stream", 200] }, () => ConverseStreamRequest$, () => ConverseStreamResponse$
];
var CountTokens$ = [9, n0, _CTo,
    { [_h]: ["POST", "/model/{modelId}/count-tokens", 200] }, () => CountTokensRequest$, () => CountTokensResponse$
];
var GetAsyncInvoke$ = [9, n0, _GAI,
    { [_h]: ["GET", "/async-invoke/{invocationArn}", 200] }, () => GetAsyncInvokeRequest$, () => GetAsyncInvokeResponse$
];
var InvokeGuardrailChecks$ = [9, n0, _IGC,
    { [_h]: ["POST", "/guardrail-checks/invoke", 200] }, () => InvokeGuardrailChecksRequest$, () => InvokeGuardrailChecksResponse$
];
var InvokeModel$ = [9, n0, _IM,
    { [_h]: ["POST", "/model/{modelId}/invoke", 200] }, () => InvokeModelRequest$, () => InvokeModelResponse$
];
var InvokeModelWithBidirectionalStream$ = [9, n0, _IMWBS,
    { [_h]: ["POST", "/model/{modelId}/invoke-with-bidirectional-stream", 200] }, () => InvokeModelWithBidirectionalStreamRequest$, () => InvokeModelWithBidirectionalStreamResponse$
];
var InvokeModelWithResponseStream$ = [9, n0, _IMWRS,
    { [_h]: ["POST", "/model/{modelId}/invoke-with-response-stream", 200] }, () => InvokeModelWithResponseStreamRequest$, () => InvokeModelWithResponseStreamResponse$
];
var ListAsyncInvokes$ = [9, n0, _LAI,
    { [_h]: ["GET", "/async-invoke", 200] }, () => ListAsyncInvokesRequest$, () => ListAsyncInvokesResponse$
];
var StartAsyncInvoke$ = [9, n0, _SAI,
    { [_h]: ["POST", "/async-invoke", 200] }, () => StartAsyncInvokeRequest$, () => StartAsyncInvokeResponse$
];

const getRuntimeConfig$1 = (config) => {
    return {
        apiVersion: "2023-09-30",
        base64Decoder: config?.base64Decoder ?? fromBase64,
        base64Encoder: config?.base64Encoder ?? toBase64,
        disableHostPrefix: config?.disableHostPrefix ?? false,
        endpointProvider: config?.endpointProvider ?? defaultEndpointResolver,
        extensions: config?.extensions ?? [],
        httpAuthSchemeProvider: config?.httpAuthSchemeProvider ?? defaultBedrockRuntimeHttpAuthSchemeProvider,
        httpAuthSchemes: config?.httpAuthSchemes ?? [
            {
                schemeId: "aws.auth#sigv4",
                identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
                signer: new AwsSdkSigV4Signer(),
            },
            {
                schemeId: "smithy.api#httpBearerAuth",
                identityProvider: (ipc) => ipc.getIdentityProvider("smithy.api#httpBearerAuth"),
                signer: new HttpBearerAuthSigner(),
            },
        ],
        logger: config?.logger ?? new NoOpLogger(),
        protocol: config?.protocol ?? AwsRestJsonProtocol,
        protocolSettings: config?.protocolSettings ?? {
            defaultNamespace: "com.amazonaws.bedrockruntime",
            errorTypeRegistries,
            version: "2023-09-30",
            serviceTarget: "AmazonBedrockFrontendService",
        },
        serviceId: config?.serviceId ?? "Bedrock Runtime",
        sha256: config?.sha256 ?? Sha256,
        urlParser: config?.urlParser ?? parseUrl,
        utf8Decoder: config?.utf8Decoder ?? fromUtf8,
        utf8Encoder: config?.utf8Encoder ?? toUtf8,
    };
};

const getRuntimeConfig = (config) => {
    emitWarningIfUnsupportedVersion(process.version);
    const defaultsMode = resolveDefaultsModeConfig(config);
    const defaultConfigProvider = () => defaultsMode().then(loadConfigsForDefaultMode);
    const clientSharedValues = getRuntimeConfig$1(config);
    emitWarningIfUnsupportedVersion$1(process.version);
    const loaderConfig = {
        profile: config?.profile,
        logger: clientSharedValues.logger,
        signingName: "bedrock",
    };
    return {
        ...clientSharedValues,
        ...config,
        runtime: "node",
        defaultsMode,
        authSchemePreference: config?.authSchemePreference ?? loadConfig(NODE_AUTH_SCHEME_PREFERENCE_OPTIONS, loaderConfig),
        bodyLengthChecker: config?.bodyLengthChecker ?? calculateBodyLength,
        credentialDefaultProvider: config?.credentialDefaultProvider ?? defaultProvider,
        defaultUserAgentProvider: config?.defaultUserAgentProvider ?? createDefaultUserAgentProvider({ serviceId: clientSharedValues.serviceId, clientVersion: packageInfo.version }),
        eventStreamPayloadHandlerProvider: config?.eventStreamPayloadHandlerProvider ?? eventStreamPayloadHandlerProvider,
        eventStreamSerdeProvider: config?.eventStreamSerdeProvider ?? eventStreamSerdeProvider,
        httpAuthSchemes: config?.httpAuthSchemes ?? [
            {
                schemeId: "aws.auth#sigv4",
                identityProvider: (ipc) => ipc.getIdentityProvider("aws.auth#sigv4"),
                signer: new AwsSdkSigV4Signer(),
            },
            {
                schemeId: "smithy.api#httpBearerAuth",
                identityProvider: (ipc) => ipc.getIdentityProvider("smithy.api#httpBearerAuth") || (async (idProps) => {
                    try {
                        return await fromEnvSigningName({ signingName: "bedrock" })();
                    }
                    catch (error) {
                        return await nodeProvider(idProps)(idProps);
                    }
                }),
                signer: new HttpBearerAuthSigner(),
            },
        ],
        maxAttempts: config?.maxAttempts ?? loadConfig(NODE_MAX_ATTEMPT_CONFIG_OPTIONS, config),
        region: config?.region ?? loadConfig(NODE_REGION_CONFIG_OPTIONS, { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...loaderConfig }),
        requestHandler: NodeHttp2Handler.create(config?.requestHandler ?? (async () => ({
            ...await defaultConfigProvider(),
            disableConcurrentStreams: true
        }))),
        retryMode: config?.retryMode ??
            loadConfig({
                ...NODE_RETRY_MODE_CONFIG_OPTIONS,
                default: async () => (await defaultConfigProvider()).retryMode || DEFAULT_RETRY_MODE,
            }, config),
        streamCollector: config?.streamCollector ?? streamCollector,
        useDualstackEndpoint: config?.useDualstackEndpoint ?? loadConfig(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        useFipsEndpoint: config?.useFipsEndpoint ?? loadConfig(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, loaderConfig),
        userAgentAppId: config?.userAgentAppId ?? loadConfig(NODE_APP_ID_CONFIG_OPTIONS, loaderConfig),
    };
};

const getHttpAuthExtensionConfiguration = (runtimeConfig) => {
    const _httpAuthSchemes = runtimeConfig.httpAuthSchemes;
    let _httpAuthSchemeProvider = runtimeConfig.httpAuthSchemeProvider;
    let _credentials = runtimeConfig.credentials;
    let _token = runtimeConfig.token;
    return {
        setHttpAuthScheme(httpAuthScheme) {
            const index = _httpAuthSchemes.findIndex((scheme) => scheme.schemeId === httpAuthScheme.schemeId);
            if (index === -1) {
                _httpAuthSchemes.push(httpAuthScheme);
            }
            else {
                _httpAuthSchemes.splice(index, 1, httpAuthScheme);
            }
        },
        httpAuthSchemes() {
            return _httpAuthSchemes;
        },
        setHttpAuthSchemeProvider(httpAuthSchemeProvider) {
            _httpAuthSchemeProvider = httpAuthSchemeProvider;
        },
        httpAuthSchemeProvider() {
            return _httpAuthSchemeProvider;
        },
        setCredentials(credentials) {
            _credentials = credentials;
        },
        credentials() {
            return _credentials;
        },
        setToken(token) {
            _token = token;
        },
        token() {
            return _token;
        },
    };
};
const resolveHttpAuthRuntimeConfig = (config) => {
    return {
        httpAuthSchemes: config.httpAuthSchemes(),
        httpAuthSchemeProvider: config.httpAuthSchemeProvider(),
        credentials: config.credentials(),
        token: config.token(),
    };
};

const resolveRuntimeExtensions = (runtimeConfig, extensions) => {
    const extensionConfiguration = Object.assign(getAwsRegionExtensionConfiguration(runtimeConfig), getDefaultExtensionConfiguration(runtimeConfig), getHttpHandlerExtensionConfiguration(runtimeConfig), getHttpAuthExtensionConfiguration(runtimeConfig));
    extensions.forEach((extension) => extension.configure(extensionConfiguration));
    return Object.assign(runtimeConfig, resolveAwsRegionExtensionConfiguration(extensionConfiguration), resolveDefaultRuntimeConfig(extensionConfiguration), resolveHttpHandlerRuntimeConfig(extensionConfiguration), resolveHttpAuthRuntimeConfig(extensionConfiguration));
};

class BedrockRuntimeClient extends Client {
    config;
    constructor(...[configuration]) {
        const _config_0 = getRuntimeConfig(configuration || {});
        super(_config_0);
        this.initConfig = _config_0;
        const _config_1 = resolveClientEndpointParameters(_config_0);
        const _config_2 = resolveUserAgentConfig(_config_1);
        const _config_3 = resolveRetryConfig(_config_2);
        const _config_4 = resolveRegionConfig(_config_3);
        const _config_5 = resolveHostHeaderConfig(_config_4);
        const _config_6 = resolveEndpointConfig(_config_5);
        const _config_7 = resolveEventStreamSerdeConfig(_config_6);
        const _config_8 = resolveHttpAuthSchemeConfig(_config_7);
        const _config_9 = resolveEventStreamConfig(_config_8);
        const _config_10 = resolveWebSocketConfig(_config_9);
        const _config_11 = resolveRuntimeExtensions(_config_10, configuration?.extensions || []);
        this.config = _config_11;
        this.middlewareStack.use(getSchemaSerdePlugin(this.config));
        this.middlewareStack.use(getUserAgentPlugin(this.config));
        this.middlewareStack.use(getRetryPlugin(this.config));
        this.middlewareStack.use(getContentLengthPlugin(this.config));
        this.middlewareStack.use(getHostHeaderPlugin(this.config));
        this.middlewareStack.use(getLoggerPlugin(this.config));
        this.middlewareStack.use(getRecursionDetectionPlugin(this.config));
        this.middlewareStack.use(getHttpAuthSchemeEndpointRuleSetPlugin(this.config, {
            httpAuthSchemeParametersProvider: defaultBedrockRuntimeHttpAuthSchemeParametersProvider,
            identityProviderConfigProvider: async (config) => new DefaultIdentityProviderConfig({
                "aws.auth#sigv4": config.credentials,
                "smithy.api#httpBearerAuth": config.token,
            }),
        }));
        this.middlewareStack.use(getHttpSigningPlugin(this.config));
    }
    destroy() {
        super.destroy();
    }
}

const command = makeBuilder(commonParams, "AmazonBedrockFrontendService", "BedrockRuntimeClient", getEndpointPlugin);
const _ep0 = {};
const _mw0 = (Command, cs, config, o) => [];
const _mw1 = (Command, cs, config, o) => [
    getEventStreamPlugin(config),
    getWebSocketPlugin(config, {
        headerPrefix: "x-amz-bedrock-",
    }),
];

class ApplyGuardrailCommand extends command(_ep0, _mw0, "ApplyGuardrail", ApplyGuardrail$) {
}

class ConverseCommand extends command(_ep0, _mw0, "Converse", Converse$) {
}

class ConverseStreamCommand extends command(_ep0, _mw0, "ConverseStream", ConverseStream$) {
}

class CountTokensCommand extends command(_ep0, _mw0, "CountTokens", CountTokens$) {
}

class GetAsyncInvokeCommand extends command(_ep0, _mw0, "GetAsyncInvoke", GetAsyncInvoke$) {
}

class InvokeGuardrailChecksCommand extends command(_ep0, _mw0, "InvokeGuardrailChecks", InvokeGuardrailChecks$) {
}

class InvokeModelCommand extends command(_ep0, _mw0, "InvokeModel", InvokeModel$) {
}

class InvokeModelWithBidirectionalStreamCommand extends command(_ep0, _mw1, "InvokeModelWithBidirectionalStream", InvokeModelWithBidirectionalStream$) {
}

class InvokeModelWithResponseStreamCommand extends command(_ep0, _mw0, "InvokeModelWithResponseStream", InvokeModelWithResponseStream$) {
}

class ListAsyncInvokesCommand extends command(_ep0, _mw0, "ListAsyncInvokes", ListAsyncInvokes$) {
}

class StartAsyncInvokeCommand extends command(_ep0, _mw0, "StartAsyncInvoke", StartAsyncInvoke$) {
}

const paginateListAsyncInvokes = createPaginator(BedrockRuntimeClient, ListAsyncInvokesCommand, "nextToken", "nextToken", "maxResults");

const commands = {
    ApplyGuardrailCommand,
    ConverseCommand,
    ConverseStreamCommand,
    CountTokensCommand,
    GetAsyncInvokeCommand,
    InvokeGuardrailChecksCommand,
    InvokeModelCommand,
    InvokeModelWithBidirectionalStreamCommand,
    InvokeModelWithResponseStreamCommand,
    ListAsyncInvokesCommand,
    StartAsyncInvokeCommand,
};
const paginators = {
    paginateListAsyncInvokes,
};
class BedrockRuntime extends BedrockRuntimeClient {
}
createAggregatedClient(commands, BedrockRuntime, { paginators });

const AsyncInvokeStatus = {
    COMPLETED: "Completed",
    FAILED: "Failed",
    IN_PROGRESS: "InProgress",
};
const SortAsyncInvocationBy = {
    SUBMISSION_TIME: "SubmissionTime",
};
const SortOrder = {
    ASCENDING: "Ascending",
    DESCENDING: "Descending",
};
const GuardrailImageFormat = {
    JPEG: "jpeg",
    PNG: "png",
};
const GuardrailContentQualifier = {
    GROUNDING_SOURCE: "grounding_source",
    GUARD_CONTENT: "guard_content",
    QUERY: "query",
};
const GuardrailOutputScope = {
    FULL: "FULL",
    INTERVENTIONS: "INTERVENTIONS",
};
const GuardrailContentSource = {
    INPUT: "INPUT",
    OUTPUT: "OUTPUT",
};
const GuardrailAction = {
    GUARDRAIL_INTERVENED: "GUARDRAIL_INTERVENED",
    NONE: "NONE",
};
const GuardrailOrigin = {
    ACCOUNT_ENFORCED: "ACCOUNT_ENFORCED",
    ORGANIZATION_ENFORCED: "ORGANIZATION_ENFORCED",
    REQUEST: "REQUEST",
};
const GuardrailOwnership = {
    CROSS_ACCOUNT: "CROSS_ACCOUNT",
    SELF: "SELF",
};
const GuardrailAutomatedReasoningLogicWarningType = {
    ALWAYS_FALSE: "ALWAYS_FALSE",
    ALWAYS_TRUE: "ALWAYS_TRUE",
};
const GuardrailContentPolicyAction = {
    BLOCKED: "BLOCKED",
    NONE: "NONE",
};
const GuardrailContentFilterConfidence = {
    HIGH: "HIGH",
    LOW: "LOW",
    MEDIUM: "MEDIUM",
    NONE: "NONE",
};
const GuardrailContentFilterStrength = {
    HIGH: "HIGH",
    LOW: "LOW",
    MEDIUM: "MEDIUM",
    NONE: "NONE",
};
const GuardrailContentFilterType = {
    HATE: "HATE",
    INSULTS: "INSULTS",
    MISCONDUCT: "MISCONDUCT",
    PROMPT_ATTACK: "PROMPT_ATTACK",
    SEXUAL: "SEXUAL",
    VIOLENCE: "VIOLENCE",
};
const GuardrailContextualGroundingPolicyAction = {
    BLOCKED: "BLOCKED",
    NONE: "NONE",
};
const GuardrailContextualGroundingFilterType = {
    GROUNDING: "GROUNDING",
    RELEVANCE: "RELEVANCE",
};
const GuardrailSensitiveInformationPolicyAction = {
    ANONYMIZED: "ANONYMIZED",
    BLOCKED: "BLOCKED",
    NONE: "NONE",
};
const GuardrailPiiEntityType = {
    ADDRESS: "ADDRESS",
    AGE: "AGE",
    AWS_ACCESS_KEY: "AWS_ACCESS_KEY",
    AWS_SECRET_KEY: "AWS_SECRET_KEY",
    CA_HEALTH_NUMBER: "CA_HEALTH_NUMBER",
    CA_SOCIAL_INSURANCE_NUMBER: "CA_SOCIAL_INSURANCE_NUMBER",
    CREDIT_DEBIT_CARD_CVV: "CREDIT_DEBIT_CARD_CVV",
    CREDIT_DEBIT_CARD_EXPIRY: "CREDIT_DEBIT_CARD_EXPIRY",
    CREDIT_DEBIT_CARD_NUMBER: "CREDIT_DEBIT_CARD_NUMBER",
    DRIVER_ID: "DRIVER_ID",
    EMAIL: "EMAIL",
    INTERNATIONAL_BANK_ACCOUNT_NUMBER: "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
    IP_ADDRESS: "IP_ADDRESS",
    LICENSE_PLATE: "LICENSE_PLATE",
    MAC_ADDRESS: "MAC_ADDRESS",
    NAME: "NAME",
    PASSWORD: "PASSWORD",
    PHONE: "PHONE",
    PIN: "PIN",
    SWIFT_CODE: "SWIFT_CODE",
    UK_NATIONAL_HEALTH_SERVICE_NUMBER: "UK_NATIONAL_HEALTH_SERVICE_NUMBER",
    UK_NATIONAL_INSURANCE_NUMBER: "UK_NATIONAL_INSURANCE_NUMBER",
    UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER: "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER",
    URL: "URL",
    USERNAME: "USERNAME",
    US_BANK_ACCOUNT_NUMBER: "US_BANK_ACCOUNT_NUMBER",
    US_BANK_ROUTING_NUMBER: "US_BANK_ROUTING_NUMBER",
    US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER: "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
    US_PASSPORT_NUMBER: "US_PASSPORT_NUMBER",
    US_SOCIAL_SECURITY_NUMBER: "US_SOCIAL_SECURITY_NUMBER",
    VEHICLE_IDENTIFICATION_NUMBER: "VEHICLE_IDENTIFICATION_NUMBER",
};
const GuardrailTopicPolicyAction = {
    BLOCKED: "BLOCKED",
    NONE: "NONE",
};
const GuardrailTopicType = {
    DENY: "DENY",
};
const GuardrailWordPolicyAction = {
    BLOCKED: "BLOCKED",
    NONE: "NONE",
};
const GuardrailManagedWordType = {
    PROFANITY: "PROFANITY",
};
const GuardrailChecksContentFilterCategory = {
    HATE: "HATE",
    INSULTS: "INSULTS",
    MISCONDUCT: "MISCONDUCT",
    SEXUAL: "SEXUAL",
    VIOLENCE: "VIOLENCE",
};
const GuardrailChecksPromptAttackCategory = {
    JAILBREAK: "JAILBREAK",
    PROMPT_INJECTION: "PROMPT_INJECTION",
    PROMPT_LEAKAGE: "PROMPT_LEAKAGE",
};
const GuardrailChecksSensitiveInformationEntityType = {
    ADDRESS: "ADDRESS",
    AGE: "AGE",
    AWS_ACCESS_KEY: "AWS_ACCESS_KEY",
    AWS_SECRET_KEY: "AWS_SECRET_KEY",
    CA_HEALTH_NUMBER: "CA_HEALTH_NUMBER",
    CA_SOCIAL_INSURANCE_NUMBER: "CA_SOCIAL_INSURANCE_NUMBER",
    CREDIT_DEBIT_CARD_CVV: "CREDIT_DEBIT_CARD_CVV",
    CREDIT_DEBIT_CARD_EXPIRY: "CREDIT_DEBIT_CARD_EXPIRY",
    CREDIT_DEBIT_CARD_NUMBER: "CREDIT_DEBIT_CARD_NUMBER",
    DRIVER_ID: "DRIVER_ID",
    EMAIL: "EMAIL",
    INTERNATIONAL_BANK_ACCOUNT_NUMBER: "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
    IP_ADDRESS: "IP_ADDRESS",
    LICENSE_PLATE: "LICENSE_PLATE",
    MAC_ADDRESS: "MAC_ADDRESS",
    NAME: "NAME",
    PASSWORD: "PASSWORD",
    PHONE: "PHONE",
    PIN: "PIN",
    SWIFT_CODE: "SWIFT_CODE",
    UK_NATIONAL_HEALTH_SERVICE_NUMBER: "UK_NATIONAL_HEALTH_SERVICE_NUMBER",
    UK_NATIONAL_INSURANCE_NUMBER: "UK_NATIONAL_INSURANCE_NUMBER",
    UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER: "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER",
    URL: "URL",
    USERNAME: "USERNAME",
    US_BANK_ACCOUNT_NUMBER: "US_BANK_ACCOUNT_NUMBER",
    US_BANK_ROUTING_NUMBER: "US_BANK_ROUTING_NUMBER",
    US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER: "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
    US_PASSPORT_NUMBER: "US_PASSPORT_NUMBER",
    US_SOCIAL_SECURITY_NUMBER: "US_SOCIAL_SECURITY_NUMBER",
    VEHICLE_IDENTIFICATION_NUMBER: "VEHICLE_IDENTIFICATION_NUMBER",
};
const GuardrailChecksRole = {
    ASSISTANT: "assistant",
    SYSTEM: "system",
    USER: "user",
};
const GuardrailTrace = {
    DISABLED: "disabled",
    ENABLED: "enabled",
    ENABLED_FULL: "enabled_full",
};
const AudioFormat = {
    AAC: "aac",
    FLAC: "flac",
    M4A: "m4a",
    MKA: "mka",
    MKV: "mkv",
    MP3: "mp3",
    MP4: "mp4",
    MPEG: "mpeg",
    MPGA: "mpga",
    OGG: "ogg",
    OPUS: "opus",
    PCM: "pcm",
    WAV: "wav",
    WEBM: "webm",
    X_AAC: "x-aac",
};
const CacheTTL = {
    FIVE_MINUTES: "5m",
    ONE_HOUR: "1h",
};
const CachePointType = {
    DEFAULT: "default",
};
const DocumentFormat = {
    CSV: "csv",
    DOC: "doc",
    DOCX: "docx",
    HTML: "html",
    MD: "md",
    PDF: "pdf",
    TXT: "txt",
    XLS: "xls",
    XLSX: "xlsx",
};
const GuardrailConverseImageFormat = {
    JPEG: "jpeg",
    PNG: "png",
};
const GuardrailConverseContentQualifier = {
    GROUNDING_SOURCE: "grounding_source",
    GUARD_CONTENT: "guard_content",
    QUERY: "query",
};
const ImageFormat = {
    GIF: "gif",
    JPEG: "jpeg",
    PNG: "png",
    WEBP: "webp",
};
const VideoFormat = {
    FLV: "flv",
    MKV: "mkv",
    MOV: "mov",
    MP4: "mp4",
    MPEG: "mpeg",
    MPG: "mpg",
    THREE_GP: "three_gp",
    WEBM: "webm",
    WMV: "wmv",
};
const ToolResultStatus = {
    ERROR: "error",
    SUCCESS: "success",
};
const ToolUseType = {
    SERVER_TOOL_USE: "server_tool_use",
};
const ConversationRole = {
    ASSISTANT: "assistant",
    SYSTEM: "system",
    USER: "user",
};
const OutputFormatType = {
    JSON_SCHEMA: "json_schema",
};
const PerformanceConfigLatency = {
    OPTIMIZED: "optimized",
    STANDARD: "standard",
};
const ServiceTierType = {
    DEFAULT: "default",
    FLEX: "flex",
    PRIORITY: "priority",
    RESERVED: "reserved",
};
const StopReason = {
    CONTENT_FILTERED: "content_filtered",
    END_TURN: "end_turn",
    GUARDRAIL_INTERVENED: "guardrail_intervened",
    MALFORMED_MODEL_OUTPUT: "malformed_model_output",
    MALFORMED_TOOL_USE: "malformed_tool_use",
    MAX_TOKENS: "max_tokens",
    MODEL_CONTEXT_WINDOW_EXCEEDED: "model_context_window_exceeded",
    STOP_SEQUENCE: "stop_sequence",
    TOOL_USE: "tool_use",
};
const GuardrailStreamProcessingMode = {
    ASYNC: "async",
    SYNC: "sync",
};
const Trace = {
    DISABLED: "DISABLED",
    ENABLED: "ENABLED",
    ENABLED_FULL: "ENABLED_FULL",
};

__webpack_unused_export__ = AccessDeniedException;
__webpack_unused_export__ = AccessDeniedException$;
__webpack_unused_export__ = AnyToolChoice$;
__webpack_unused_export__ = AppliedGuardrailDetails$;
__webpack_unused_export__ = ApplyGuardrail$;
__webpack_unused_export__ = ApplyGuardrailCommand;
__webpack_unused_export__ = ApplyGuardrailRequest$;
__webpack_unused_export__ = ApplyGuardrailResponse$;
__webpack_unused_export__ = AsyncInvokeOutputDataConfig$;
__webpack_unused_export__ = AsyncInvokeS3OutputDataConfig$;
__webpack_unused_export__ = AsyncInvokeStatus;
__webpack_unused_export__ = AsyncInvokeSummary$;
__webpack_unused_export__ = AudioBlock$;
__webpack_unused_export__ = AudioFormat;
__webpack_unused_export__ = AudioSource$;
__webpack_unused_export__ = AutoToolChoice$;
__webpack_unused_export__ = BedrockRuntime;
exports.mam = BedrockRuntimeClient;
__webpack_unused_export__ = BedrockRuntimeServiceException;
__webpack_unused_export__ = BedrockRuntimeServiceException$;
__webpack_unused_export__ = BidirectionalInputPayloadPart$;
__webpack_unused_export__ = BidirectionalOutputPayloadPart$;
__webpack_unused_export__ = CacheDetail$;
__webpack_unused_export__ = CachePointBlock$;
__webpack_unused_export__ = CachePointType;
__webpack_unused_export__ = CacheTTL;
__webpack_unused_export__ = Citation$;
__webpack_unused_export__ = CitationGeneratedContent$;
__webpack_unused_export__ = CitationLocation$;
__webpack_unused_export__ = CitationSourceContent$;
__webpack_unused_export__ = CitationSourceContentDelta$;
__webpack_unused_export__ = CitationsConfig$;
__webpack_unused_export__ = CitationsContentBlock$;
__webpack_unused_export__ = CitationsDelta$;
__webpack_unused_export__ = ConflictException;
__webpack_unused_export__ = ConflictException$;
__webpack_unused_export__ = ContentBlock$;
__webpack_unused_export__ = ContentBlockDelta$;
__webpack_unused_export__ = ContentBlockDeltaEvent$;
__webpack_unused_export__ = ContentBlockStart$;
__webpack_unused_export__ = ContentBlockStartEvent$;
__webpack_unused_export__ = ContentBlockStopEvent$;
__webpack_unused_export__ = ConversationRole;
__webpack_unused_export__ = Converse$;
exports.Ruf = ConverseCommand;
__webpack_unused_export__ = ConverseMetrics$;
__webpack_unused_export__ = ConverseOutput$;
__webpack_unused_export__ = ConverseRequest$;
__webpack_unused_export__ = ConverseResponse$;
__webpack_unused_export__ = ConverseStream$;
__webpack_unused_export__ = ConverseStreamCommand;
__webpack_unused_export__ = ConverseStreamMetadataEvent$;
__webpack_unused_export__ = ConverseStreamMetrics$;
__webpack_unused_export__ = ConverseStreamOutput$;
__webpack_unused_export__ = ConverseStreamRequest$;
__webpack_unused_export__ = ConverseStreamResponse$;
__webpack_unused_export__ = ConverseStreamTrace$;
__webpack_unused_export__ = ConverseTokensRequest$;
__webpack_unused_export__ = ConverseTrace$;
__webpack_unused_export__ = CountTokens$;
__webpack_unused_export__ = CountTokensCommand;
__webpack_unused_export__ = CountTokensInput$;
__webpack_unused_export__ = CountTokensRequest$;
__webpack_unused_export__ = CountTokensResponse$;
__webpack_unused_export__ = DocumentBlock$;
__webpack_unused_export__ = DocumentCharLocation$;
__webpack_unused_export__ = DocumentChunkLocation$;
__webpack_unused_export__ = DocumentContentBlock$;
__webpack_unused_export__ = DocumentFormat;
__webpack_unused_export__ = DocumentPageLocation$;
__webpack_unused_export__ = DocumentSource$;
__webpack_unused_export__ = ErrorBlock$;
__webpack_unused_export__ = GetAsyncInvoke$;
__webpack_unused_export__ = GetAsyncInvokeCommand;
__webpack_unused_export__ = GetAsyncInvokeRequest$;
__webpack_unused_export__ = GetAsyncInvokeResponse$;
__webpack_unused_export__ = GuardrailAction;
__webpack_unused_export__ = GuardrailAssessment$;
__webpack_unused_export__ = GuardrailAutomatedReasoningFinding$;
__webpack_unused_export__ = GuardrailAutomatedReasoningImpossibleFinding$;
__webpack_unused_export__ = GuardrailAutomatedReasoningInputTextReference$;
__webpack_unused_export__ = GuardrailAutomatedReasoningInvalidFinding$;
__webpack_unused_export__ = GuardrailAutomatedReasoningLogicWarning$;
__webpack_unused_export__ = GuardrailAutomatedReasoningLogicWarningType;
__webpack_unused_export__ = GuardrailAutomatedReasoningNoTranslationsFinding$;
__webpack_unused_export__ = GuardrailAutomatedReasoningPolicyAssessment$;
__webpack_unused_export__ = GuardrailAutomatedReasoningRule$;
__webpack_unused_export__ = GuardrailAutomatedReasoningSatisfiableFinding$;
__webpack_unused_export__ = GuardrailAutomatedReasoningScenario$;
__webpack_unused_export__ = GuardrailAutomatedReasoningStatement$;
__webpack_unused_export__ = GuardrailAutomatedReasoningTooComplexFinding$;
__webpack_unused_export__ = GuardrailAutomatedReasoningTranslation$;
__webpack_unused_export__ = GuardrailAutomatedReasoningTranslationAmbiguousFinding$;
__webpack_unused_export__ = GuardrailAutomatedReasoningTranslationOption$;
__webpack_unused_export__ = GuardrailAutomatedReasoningValidFinding$;
__webpack_unused_export__ = GuardrailChecksConfig$;
__webpack_unused_export__ = GuardrailChecksContentBlock$;
__webpack_unused_export__ = GuardrailChecksContentFilterCategory;
__webpack_unused_export__ = GuardrailChecksContentFilterCategoryConfig$;
__webpack_unused_export__ = GuardrailChecksContentFilterConfig$;
__webpack_unused_export__ = GuardrailChecksContentFilterResult$;
__webpack_unused_export__ = GuardrailChecksContentFilterResultEntry$;
__webpack_unused_export__ = GuardrailChecksContentFilterUsage$;
__webpack_unused_export__ = GuardrailChecksMessage$;
__webpack_unused_export__ = GuardrailChecksPromptAttackCategory;
__webpack_unused_export__ = GuardrailChecksPromptAttackCategoryConfig$;
__webpack_unused_export__ = GuardrailChecksPromptAttackConfig$;
__webpack_unused_export__ = GuardrailChecksPromptAttackResult$;
__webpack_unused_export__ = GuardrailChecksPromptAttackResultEntry$;
__webpack_unused_export__ = GuardrailChecksPromptAttackUsage$;
__webpack_unused_export__ = GuardrailChecksResults$;
__webpack_unused_export__ = GuardrailChecksRole;
__webpack_unused_export__ = GuardrailChecksSensitiveInformationConfig$;
__webpack_unused_export__ = GuardrailChecksSensitiveInformationEntityConfig$;
__webpack_unused_export__ = GuardrailChecksSensitiveInformationEntityType;
__webpack_unused_export__ = GuardrailChecksSensitiveInformationResult$;
__webpack_unused_export__ = GuardrailChecksSensitiveInformationResultEntry$;
__webpack_unused_export__ = GuardrailChecksSensitiveInformationUsage$;
__webpack_unused_export__ = GuardrailChecksUsageResults$;
__webpack_unused_export__ = GuardrailConfiguration$;
__webpack_unused_export__ = GuardrailContentBlock$;
__webpack_unused_export__ = GuardrailContentFilter$;
__webpack_unused_export__ = GuardrailContentFilterConfidence;
__webpack_unused_export__ = GuardrailContentFilterStrength;
__webpack_unused_export__ = GuardrailContentFilterType;
__webpack_unused_export__ = GuardrailContentPolicyAction;
__webpack_unused_export__ = GuardrailContentPolicyAssessment$;
__webpack_unused_export__ = GuardrailContentQualifier;
__webpack_unused_export__ = GuardrailContentSource;
__webpack_unused_export__ = GuardrailContextualGroundingFilter$;
__webpack_unused_export__ = GuardrailContextualGroundingFilterType;
__webpack_unused_export__ = GuardrailContextualGroundingPolicyAction;
__webpack_unused_export__ = GuardrailContextualGroundingPolicyAssessment$;
__webpack_unused_export__ = GuardrailConverseContentBlock$;
__webpack_unused_export__ = GuardrailConverseContentQualifier;
__webpack_unused_export__ = GuardrailConverseImageBlock$;
__webpack_unused_export__ = GuardrailConverseImageFormat;
__webpack_unused_export__ = GuardrailConverseImageSource$;
__webpack_unused_export__ = GuardrailConverseTextBlock$;
__webpack_unused_export__ = GuardrailCoverage$;
__webpack_unused_export__ = GuardrailCustomWord$;
__webpack_unused_export__ = GuardrailImageBlock$;
__webpack_unused_export__ = GuardrailImageCoverage$;
__webpack_unused_export__ = GuardrailImageFormat;
__webpack_unused_export__ = GuardrailImageSource$;
__webpack_unused_export__ = GuardrailInvocationMetrics$;
__webpack_unused_export__ = GuardrailManagedWord$;
__webpack_unused_export__ = GuardrailManagedWordType;
__webpack_unused_export__ = GuardrailOrigin;
__webpack_unused_export__ = GuardrailOutputContent$;
__webpack_unused_export__ = GuardrailOutputScope;
__webpack_unused_export__ = GuardrailOwnership;
__webpack_unused_export__ = GuardrailPiiEntityFilter$;
__webpack_unused_export__ = GuardrailPiiEntityType;
__webpack_unused_export__ = GuardrailRegexFilter$;
__webpack_unused_export__ = GuardrailSensitiveInformationPolicyAction;
__webpack_unused_export__ = GuardrailSensitiveInformationPolicyAssessment$;
__webpack_unused_export__ = GuardrailStreamConfiguration$;
__webpack_unused_export__ = GuardrailStreamProcessingMode;
__webpack_unused_export__ = GuardrailTextBlock$;
__webpack_unused_export__ = GuardrailTextCharactersCoverage$;
__webpack_unused_export__ = GuardrailTopic$;
__webpack_unused_export__ = GuardrailTopicPolicyAction;
__webpack_unused_export__ = GuardrailTopicPolicyAssessment$;
__webpack_unused_export__ = GuardrailTopicType;
__webpack_unused_export__ = GuardrailTrace;
__webpack_unused_export__ = GuardrailTraceAssessment$;
__webpack_unused_export__ = GuardrailUsage$;
__webpack_unused_export__ = GuardrailWordPolicyAction;
__webpack_unused_export__ = GuardrailWordPolicyAssessment$;
__webpack_unused_export__ = ImageBlock$;
__webpack_unused_export__ = ImageBlockDelta$;
__webpack_unused_export__ = ImageBlockStart$;
__webpack_unused_export__ = ImageFormat;
__webpack_unused_export__ = ImageSource$;
__webpack_unused_export__ = InferenceConfiguration$;
__webpack_unused_export__ = InternalServerException;
__webpack_unused_export__ = InternalServerException$;
__webpack_unused_export__ = InvokeGuardrailChecks$;
__webpack_unused_export__ = InvokeGuardrailChecksCommand;
__webpack_unused_export__ = InvokeGuardrailChecksRequest$;
__webpack_unused_export__ = InvokeGuardrailChecksResponse$;
__webpack_unused_export__ = InvokeModel$;
__webpack_unused_export__ = InvokeModelCommand;
__webpack_unused_export__ = InvokeModelRequest$;
__webpack_unused_export__ = InvokeModelResponse$;
__webpack_unused_export__ = InvokeModelTokensRequest$;
__webpack_unused_export__ = InvokeModelWithBidirectionalStream$;
__webpack_unused_export__ = InvokeModelWithBidirectionalStreamCommand;
__webpack_unused_export__ = InvokeModelWithBidirectionalStreamInput$;
__webpack_unused_export__ = InvokeModelWithBidirectionalStreamOutput$;
__webpack_unused_export__ = InvokeModelWithBidirectionalStreamRequest$;
__webpack_unused_export__ = InvokeModelWithBidirectionalStreamResponse$;
__webpack_unused_export__ = InvokeModelWithResponseStream$;
__webpack_unused_export__ = InvokeModelWithResponseStreamCommand;
__webpack_unused_export__ = InvokeModelWithResponseStreamRequest$;
__webpack_unused_export__ = InvokeModelWithResponseStreamResponse$;
__webpack_unused_export__ = JsonSchemaDefinition$;
__webpack_unused_export__ = ListAsyncInvokes$;
__webpack_unused_export__ = ListAsyncInvokesCommand;
__webpack_unused_export__ = ListAsyncInvokesRequest$;
__webpack_unused_export__ = ListAsyncInvokesResponse$;
__webpack_unused_export__ = Message$;
__webpack_unused_export__ = MessageStartEvent$;
__webpack_unused_export__ = MessageStopEvent$;
__webpack_unused_export__ = ModelErrorException;
__webpack_unused_export__ = ModelErrorException$;
__webpack_unused_export__ = ModelNotReadyException;
__webpack_unused_export__ = ModelNotReadyException$;
__webpack_unused_export__ = ModelStreamErrorException;
__webpack_unused_export__ = ModelStreamErrorException$;
__webpack_unused_export__ = ModelTimeoutException;
__webpack_unused_export__ = ModelTimeoutException$;
__webpack_unused_export__ = OutputConfig$;
__webpack_unused_export__ = OutputFormat$;
__webpack_unused_export__ = OutputFormatStructure$;
__webpack_unused_export__ = OutputFormatType;
__webpack_unused_export__ = PayloadPart$;
__webpack_unused_export__ = PerformanceConfigLatency;
__webpack_unused_export__ = PerformanceConfiguration$;
__webpack_unused_export__ = PromptRouterTrace$;
__webpack_unused_export__ = PromptVariableValues$;
__webpack_unused_export__ = ReasoningContentBlock$;
__webpack_unused_export__ = ReasoningContentBlockDelta$;
__webpack_unused_export__ = ReasoningTextBlock$;
__webpack_unused_export__ = ResourceNotFoundException;
__webpack_unused_export__ = ResourceNotFoundException$;
__webpack_unused_export__ = ResponseStream$;
__webpack_unused_export__ = S3Location$;
__webpack_unused_export__ = SearchResultBlock$;
__webpack_unused_export__ = SearchResultContentBlock$;
__webpack_unused_export__ = SearchResultLocation$;
__webpack_unused_export__ = ServiceQuotaExceededException;
__webpack_unused_export__ = ServiceQuotaExceededException$;
__webpack_unused_export__ = ServiceTier$;
__webpack_unused_export__ = ServiceTierType;
__webpack_unused_export__ = ServiceUnavailableException;
__webpack_unused_export__ = ServiceUnavailableException$;
__webpack_unused_export__ = SortAsyncInvocationBy;
__webpack_unused_export__ = SortOrder;
__webpack_unused_export__ = SpecificToolChoice$;
__webpack_unused_export__ = StartAsyncInvoke$;
__webpack_unused_export__ = StartAsyncInvokeCommand;
__webpack_unused_export__ = StartAsyncInvokeRequest$;
__webpack_unused_export__ = StartAsyncInvokeResponse$;
__webpack_unused_export__ = StopReason;
__webpack_unused_export__ = SystemContentBlock$;
__webpack_unused_export__ = SystemTool$;
__webpack_unused_export__ = Tag$;
__webpack_unused_export__ = ThrottlingException;
__webpack_unused_export__ = ThrottlingException$;
__webpack_unused_export__ = TokenUsage$;
__webpack_unused_export__ = Tool$;
__webpack_unused_export__ = ToolAdditionBlock$;
__webpack_unused_export__ = ToolChoice$;
__webpack_unused_export__ = ToolConfiguration$;
__webpack_unused_export__ = ToolInputSchema$;
__webpack_unused_export__ = ToolReference$;
__webpack_unused_export__ = ToolRemovalBlock$;
__webpack_unused_export__ = ToolResultBlock$;
__webpack_unused_export__ = ToolResultBlockDelta$;
__webpack_unused_export__ = ToolResultBlockStart$;
__webpack_unused_export__ = ToolResultContentBlock$;
__webpack_unused_export__ = ToolResultStatus;
__webpack_unused_export__ = ToolSpecification$;
__webpack_unused_export__ = ToolUseBlock$;
__webpack_unused_export__ = ToolUseBlockDelta$;
__webpack_unused_export__ = ToolUseBlockStart$;
__webpack_unused_export__ = ToolUseType;
__webpack_unused_export__ = Trace;
__webpack_unused_export__ = ValidationException;
__webpack_unused_export__ = ValidationException$;
__webpack_unused_export__ = VideoBlock$;
__webpack_unused_export__ = VideoFormat;
__webpack_unused_export__ = VideoSource$;
__webpack_unused_export__ = WebLocation$;
__webpack_unused_export__ = errorTypeRegistries;
__webpack_unused_export__ = paginateListAsyncInvokes;


/***/ }),

/***/ 3249:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { setTokenFeature } = __webpack_require__(5152);
const { getBearerTokenEnvKey } = __webpack_require__(7523);
const { TokenProviderError, getSSOTokenFilepath, parseKnownFiles, getProfileName, loadSsoSessionData, getSSOTokenFromFile, memoize, chain } = __webpack_require__(7291);
const { promises } = __webpack_require__(3024);

const fromEnvSigningName = ({ logger, signingName } = {}) => async () => {
    logger?.debug?.("@aws-sdk/token-providers - fromEnvSigningName");
    if (!signingName) {
        throw new TokenProviderError("Please pass 'signingName' to compute environment variable key", { logger });
    }
    const bearerTokenKey = getBearerTokenEnvKey(signingName);
    if (!(bearerTokenKey in process.env)) {
        throw new TokenProviderError(`Token not present in '${bearerTokenKey}' environment variable`, { logger });
    }
    const token = { token: process.env[bearerTokenKey] };
    setTokenFeature(token, "BEARER_SERVICE_ENV_VARS", "3");
    return token;
};

const EXPIRE_WINDOW_MS = 5 * 60 * 1000;
const REFRESH_MESSAGE = `To refresh this SSO session run 'aws sso login' with the corresponding profile.`;

const getSsoOidcClient = async (ssoRegion, init = {}, callerClientConfig) => {
    const { SSOOIDCClient } = __webpack_require__(9443);
    const coalesce = (prop) => init.clientConfig?.[prop] ?? init.parentClientConfig?.[prop] ?? callerClientConfig?.[prop];
    const ssoOidcClient = new SSOOIDCClient(Object.assign({}, init.clientConfig ?? {}, {
        region: ssoRegion ?? init.clientConfig?.region,
        logger: coalesce("logger"),
        userAgentAppId: coalesce("userAgentAppId"),
    }));
    return ssoOidcClient;
};

const getNewSsoOidcToken = async (ssoToken, ssoRegion, init = {}, callerClientConfig) => {
    const { CreateTokenCommand } = __webpack_require__(9443);
    const ssoOidcClient = await getSsoOidcClient(ssoRegion, init, callerClientConfig);
    return ssoOidcClient.send(new CreateTokenCommand({
        clientId: ssoToken.clientId,
        clientSecret: ssoToken.clientSecret,
        refreshToken: ssoToken.refreshToken,
        grantType: "refresh_token",
    }));
};

const validateTokenExpiry = (token) => {
    if (token.expiration && token.expiration.getTime() < Date.now()) {
        throw new TokenProviderError(`Token is expired. ${REFRESH_MESSAGE}`, false);
    }
};

const validateTokenKey = (key, value, forRefresh = false) => {
    if (typeof value === "undefined") {
        throw new TokenProviderError(`Value not present for '${key}' in SSO Token${forRefresh ? ". Cannot refresh" : ""}. ${REFRESH_MESSAGE}`, false);
    }
};

const { writeFile } = promises;
const writeSSOTokenToFile = (id, ssoToken) => {
    const tokenFilepath = getSSOTokenFilepath(id);
    const tokenString = JSON.stringify(ssoToken, null, 2);
    return writeFile(tokenFilepath, tokenString);
};

const lastRefreshAttemptTimes = new Map();
const inFlightRefreshes = new Map();
const fromSso = (init = {}) => async ({ callerClientConfig } = {}) => {
    init.logger?.debug("@aws-sdk/token-providers - fromSso");
    const profiles = await parseKnownFiles(init);
    const profileName = getProfileName({
        profile: init.profile ?? callerClientConfig?.profile,
    });
    const profile = profiles[profileName];
    if (!profile) {
        throw new TokenProviderError(`Profile '${profileName}' could not be found in shared credentials file.`, false);
    }
    else if (!profile["sso_session"]) {
        throw new TokenProviderError(`Profile '${profileName}' is missing required property 'sso_session'.`);
    }
    const ssoSessionName = profile["sso_session"];
    const inFlightRefresh = inFlightRefreshes.get(ssoSessionName);
    if (inFlightRefresh) {
        return await inFlightRefresh;
    }
    const ssoSessions = await loadSsoSessionData(init);
    const ssoSession = ssoSessions[ssoSessionName];
    if (!ssoSession) {
        throw new TokenProviderError(`Sso session '${ssoSessionName}' could not be found in shared credentials file.`, false);
    }
    for (const ssoSessionRequiredKey of ["sso_start_url", "sso_region"]) {
        if (!ssoSession[ssoSessionRequiredKey]) {
            throw new TokenProviderError(`Sso session '${ssoSessionName}' is missing required property '${ssoSessionRequiredKey}'.`, false);
        }
    }
    ssoSession["sso_start_url"];
    const ssoRegion = ssoSession["sso_region"];
    let ssoToken;
    try {
        ssoToken = await getSSOTokenFromFile(ssoSessionName);
    }
    catch (e) {
        throw new TokenProviderError(`The SSO session token associated with profile=${profileName} was not found or is invalid. ${REFRESH_MESSAGE}`, false);
    }
    validateTokenKey("accessToken", ssoToken.accessToken);
    validateTokenKey("expiresAt", ssoToken.expiresAt);
    const { accessToken, expiresAt } = ssoToken;
    const existingToken = {
        token: accessToken,
        expiration: new Date(expiresAt),
    };
    if (existingToken.expiration.getTime() - Date.now() > EXPIRE_WINDOW_MS) {
        return existingToken;
    }
    const inFlightRefreshAfterReadingToken = inFlightRefreshes.get(ssoSessionName);
    if (inFlightRefreshAfterReadingToken) {
        return await inFlightRefreshAfterReadingToken;
    }
    const lastRefreshAttemptTime = lastRefreshAttemptTimes.get(ssoSessionName) ?? 0;
    if (Date.now() - lastRefreshAttemptTime < 30 * 1000) {
        validateTokenExpiry(existingToken);
        return existingToken;
    }
    validateTokenKey("clientId", ssoToken.clientId, true);
    validateTokenKey("clientSecret", ssoToken.clientSecret, true);
    validateTokenKey("refreshToken", ssoToken.refreshToken, true);
    const refresh = (async () => {
        try {
            lastRefreshAttemptTimes.set(ssoSessionName, Date.now());
            const newSsoOidcToken = await getNewSsoOidcToken(ssoToken, ssoRegion, init, callerClientConfig);
            validateTokenKey("accessToken", newSsoOidcToken.accessToken);
            validateTokenKey("expiresIn", newSsoOidcToken.expiresIn);
            const newTokenExpiration = new Date(Date.now() + newSsoOidcToken.expiresIn * 1000);
            try {
                await writeSSOTokenToFile(ssoSessionName, {
                    ...ssoToken,
                    accessToken: newSsoOidcToken.accessToken,
                    expiresAt: newTokenExpiration.toISOString(),
                    refreshToken: newSsoOidcToken.refreshToken,
                });
            }
            catch (error) {
            }
            return {
                token: newSsoOidcToken.accessToken,
                expiration: newTokenExpiration,
            };
        }
        catch (error) {
            validateTokenExpiry(existingToken);
            return existingToken;
        }
    })();
    inFlightRefreshes.set(ssoSessionName, refresh);
    try {
        return await refresh;
    }
    finally {
        inFlightRefreshes.delete(ssoSessionName);
    }
};

const fromStatic = ({ token, logger }) => async () => {
    logger?.debug("@aws-sdk/token-providers - fromStatic");
    if (!token || !token.token) {
        throw new TokenProviderError(`Please pass a valid token to fromStatic`, false);
    }
    return token;
};

const nodeProvider = (init = {}) => memoize(chain(fromSso(init), async () => {
    throw new TokenProviderError("Could not load token from any providers", false);
}), (token) => token.expiration !== undefined && token.expiration.getTime() - Date.now() < 300000, (token) => token.expiration !== undefined);

exports.fromEnvSigningName = fromEnvSigningName;
exports.fromSso = fromSso;
exports.fromStatic = fromStatic;
exports.nodeProvider = nodeProvider;


/***/ }),

/***/ 519:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { buildQueryString } = __webpack_require__(3422);

const validate = (str) => typeof str === "string" && str.indexOf("arn:") === 0 && str.split(":").length >= 6;
const parse = (arn) => {
    const segments = arn.split(":");
    if (segments.length < 6 || segments[0] !== "arn") {
        throw new Error("Malformed ARN");
    }
    const [, partition, service, region, accountId, ...resource] = segments;
    return {
        partition,
        service,
        region,
        accountId,
        resource: resource.join(":"),
    };
};
const build = (arnObject) => {
    const { partition = "aws", service, region, accountId, resource } = arnObject;
    if ([service, region, accountId, resource].some((segment) => typeof segment !== "string")) {
        throw new Error("Input ARN object is invalid");
    }
    return `arn:${partition}:${service}:${region}:${accountId}:${resource}`;
};

function formatUrl(request) {
    const { port, query } = request;
    let { protocol, path, hostname } = request;
    if (protocol && protocol.slice(-1) !== ":") {
        protocol += ":";
    }
    if (port) {
        hostname += `:${port}`;
    }
    if (path && path.charAt(0) !== "/") {
        path = `/${path}`;
    }
    let queryString = query ? buildQueryString(query) : "";
    if (queryString && queryString[0] !== "?") {
        queryString = `?${queryString}`;
    }
    let auth = "";
    if (request.username != null || request.password != null) {
        const username = request.username ?? "";
        const password = request.password ?? "";
        auth = `${username}:${password}@`;
    }
    let fragment = "";
    if (request.fragment) {
        fragment = `#${request.fragment}`;
    }
    return `${protocol}//${auth}${hostname}${path}${queryString}${fragment}`;
}

function hasOwn(container, key) {
    return Object.prototype.hasOwnProperty.call(container, key);
}

exports.build = build;
exports.formatUrl = formatUrl;
exports.hasOwn = hasOwn;
exports.parse = parse;
exports.validate = validate;


/***/ }),

/***/ 557:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { EventStreamCodec } = __webpack_require__(6579);
const { Transform, Readable, PassThrough, pipeline } = __webpack_require__(7075);

class EventSigningTransformStream extends Transform {
    priorSignature;
    messageSigner;
    eventStreamCodec;
    systemClockOffsetProvider;
    staticCredentials;
    constructor(options) {
        super({
            autoDestroy: true,
            readableObjectMode: true,
            writableObjectMode: true,
            ...options,
        });
        this.priorSignature = options.priorSignature;
        this.eventStreamCodec = options.eventStreamCodec;
        this.messageSigner = options.messageSigner;
        this.systemClockOffsetProvider = options.systemClockOffsetProvider;
        this.staticCredentials = options.credentials?.();
    }
    async _transform(chunk, encoding, callback) {
        try {
            const now = new Date(Date.now() + (await this.systemClockOffsetProvider()));
            const dateHeader = {
                ":date": { type: "timestamp", value: now },
            };
            const signedMessage = await this.messageSigner.sign({
                message: {
                    body: chunk,
                    headers: dateHeader,
                },
                priorSignature: this.priorSignature,
            }, {
                signingDate: now,
                eventStreamCredentials: await this.staticCredentials,
            });
            this.priorSignature = signedMessage.signature;
            const serializedSigned = this.eventStreamCodec.encode({
                headers: {
                    ...dateHeader,
                    ":chunk-signature": {
                        type: "binary",
                        value: getSignatureBinary(signedMessage.signature),
                    },
                },
                body: chunk,
            });
            this.push(serializedSigned);
            return callback();
        }
        catch (err) {
            callback(err);
        }
    }
}
function getSignatureBinary(signature) {
    const buf = Buffer.from(signature, "hex");
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength / Uint8Array.BYTES_PER_ELEMENT);
}

class EventStreamPayloadHandler {
    messageSigner;
    eventStreamCodec;
    systemClockOffsetProvider;
    credentials;
    constructor(options) {
        this.messageSigner = options.messageSigner;
        this.eventStreamCodec = new EventStreamCodec(options.utf8Encoder, options.utf8Decoder);
        this.systemClockOffsetProvider = async () => options.systemClockOffset ?? 0;
        this.credentials = options.credentials;
    }
    async handle(next, args, context = {}) {
        const request = args.request;
        const { body: payload, query } = request;
        if (!(payload instanceof Readable)) {
            throw new Error("Eventstream payload must be a Readable stream.");
        }
        request.body = new PassThrough({
            objectMode: true,
        });
        const match = request.headers?.authorization?.match(/Signature=([\w]+)$/);
        let priorSignature = match?.[1] ?? query?.["X-Amz-Signature"] ?? "";
        if (context.__staticSignature) {
            priorSignature = "";
        }
        const signingStream = new EventSigningTransformStream({
            priorSignature,
            eventStreamCodec: this.eventStreamCodec,
            messageSigner: await this.messageSigner(),
            systemClockOffsetProvider: this.systemClockOffsetProvider,
            credentials: this.credentials,
        });
        let resolvePipeline;
        const pipelineError = new Promise((resolve, reject) => {
            resolvePipeline = () => resolve(undefined);
            pipeline(payload, signingStream, request.body, (err) => {
                if (err) {
                    reject(new Error(`Pipeline error in @aws-sdk/eventstream-handler-node: ${err.message}`, { cause: err }));
                }
            });
        });
        let result;
        try {
            result = await Promise.race([next(args), pipelineError]);
        }
        catch (e) {
            request.body.end();
            throw e;
        }
        finally {
            resolvePipeline();
        }
        return result;
    }
}

const eventStreamPayloadHandlerProvider = (options) => new EventStreamPayloadHandler(options);

exports.eventStreamPayloadHandlerProvider = eventStreamPayloadHandlerProvider;


/***/ }),

/***/ 8254:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { HttpRequest } = __webpack_require__(3422);

function resolveEventStreamConfig(input) {
    const eventSigner = input.signer;
    const messageSigner = input.signer;
    const newInput = Object.assign(input, {
        eventSigner,
        messageSigner,
    });
    const eventStreamPayloadHandler = newInput.eventStreamPayloadHandlerProvider(newInput);
    return Object.assign(newInput, {
        eventStreamPayloadHandler,
    });
}

const eventStreamHandlingMiddleware = (options) => (next, context) => async (args) => {
    const { request } = args;
    if (!HttpRequest.isInstance(request)) {
        return next(args);
    }
    return options.eventStreamPayloadHandler.handle(next, args, context);
};
const eventStreamHandlingMiddlewareOptions = {
    tags: ["EVENT_STREAM", "SIGNATURE", "HANDLE"],
    name: "eventStreamHandlingMiddleware",
    relation: "after",
    toMiddleware: "awsAuthMiddleware",
    override: true,
};

const eventStreamHeaderMiddleware = (next) => async (args) => {
    const { request } = args;
    if (!HttpRequest.isInstance(request)) {
        return next(args);
    }
    request.headers = {
        ...request.headers,
        "content-type": "application/vnd.amazon.eventstream",
        "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-EVENTS",
    };
    return next({
        ...args,
        request,
    });
};
const eventStreamHeaderMiddlewareOptions = {
    step: "build",
    tags: ["EVENT_STREAM", "HEADER", "CONTENT_TYPE", "CONTENT_SHA256"],
    name: "eventStreamHeaderMiddleware",
    override: true,
};

const getEventStreamPlugin = (options) => ({
    applyToStack: (clientStack) => {
        clientStack.addRelativeTo(eventStreamHandlingMiddleware(options), eventStreamHandlingMiddlewareOptions);
        clientStack.add(eventStreamHeaderMiddleware, eventStreamHeaderMiddlewareOptions);
    },
});

exports.eventStreamHandlingMiddleware = eventStreamHandlingMiddleware;
exports.eventStreamHandlingMiddlewareOptions = eventStreamHandlingMiddlewareOptions;
exports.eventStreamHeaderMiddleware = eventStreamHeaderMiddleware;
exports.eventStreamHeaderMiddlewareOptions = eventStreamHeaderMiddlewareOptions;
exports.getEventStreamPlugin = getEventStreamPlugin;
exports.resolveEventStreamConfig = resolveEventStreamConfig;


/***/ }),

/***/ 8255:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { formatUrl } = __webpack_require__(519);
const { iterableToReadableStream, readableStreamToIterable, EventStreamCodec } = __webpack_require__(6579);
const { HttpResponse, HttpRequest } = __webpack_require__(3422);
const { fromBase64, fromHex } = __webpack_require__(2430);
const { FetchHttpHandler } = __webpack_require__(7809);

const isWebSocketRequest = (request) => request.protocol === "ws:" || request.protocol === "wss:";

const DEFAULT_WS_CONNECTION_TIMEOUT_MS = 3000;
class WebSocketFetchHandler {
    metadata = {
        handlerProtocol: "websocket/h1.1",
    };
    config = {};
    configPromise;
    httpHandler;
    sockets = {};
    static create(instanceOrOptions, httpHandler = new FetchHttpHandler()) {
        if (typeof instanceOrOptions?.handle === "function") {
            return instanceOrOptions;
        }
        return new WebSocketFetchHandler(instanceOrOptions, httpHandler);
    }
    constructor(options, httpHandler = new FetchHttpHandler()) {
        this.httpHandler = httpHandler;
        const setConfig = (opts) => {
            this.config = {
                ...(opts ?? {}),
            };
            return this.config;
        };
        if (typeof options === "function") {
            this.config = {};
            this.configPromise = options().then((opts) => {
                return setConfig(opts);
            });
        }
        else {
            this.configPromise = Promise.resolve(setConfig(options));
        }
    }
    destroy() {
        for (const [key, sockets] of Object.entries(this.sockets)) {
            for (const socket of sockets) {
                socket.close(1000, `Socket closed through destroy() call`);
            }
            delete this.sockets[key];
        }
    }
    async handle(request) {
        this.config = await this.configPromise;
        const { logger } = this.config;
        if (!isWebSocketRequest(request)) {
            logger?.debug?.(`@aws-sdk - ws fetching ${request.protocol}${request.hostname}${request.path}`);
            return this.httpHandler.handle(request);
        }
        const url = formatUrl(request);
        logger?.debug?.(`@aws-sdk - ws connecting ${url.split("?")[0]}`);
        const socket = new WebSocket(url);
        if (!this.sockets[url]) {
            this.sockets[url] = [];
        }
        this.sockets[url].push(socket);
        socket.binaryType = "arraybuffer";
        const { connectionTimeout = DEFAULT_WS_CONNECTION_TIMEOUT_MS } = this.config;
        await this.waitForReady(socket, connectionTimeout);
        const { body } = request;
        const bodyStream = getIterator(body);
        const asyncIterable = this.connect(socket, bodyStream);
        const outputPayload = toReadableStream(asyncIterable);
        return {
            response: new HttpResponse({
                statusCode: 200,
                body: outputPayload,
            }),
        };
    }
    updateHttpClientConfig(key, value) {
        this.configPromise = this.configPromise.then((config) => {
            config[key] = value;
            return config;
        });
    }
    httpHandlerConfigs() {
        return this.config ?? {};
    }
    removeNotUsableSockets(url) {
        this.sockets[url] = (this.sockets[url] ?? []).filter((socket) => ![WebSocket.CLOSING, WebSocket.CLOSED].includes(socket.readyState));
    }
    waitForReady(socket, connectionTimeout) {
        return new Promise((resolve, reject) => {
            const timeout = setTimeout(() => {
                this.removeNotUsableSockets(socket.url);
                reject({
                    $metadata: {
                        httpStatusCode: 500,
                        websocketSynthetic500Error: true,
                    },
                });
            }, connectionTimeout);
            socket.onopen = () => {
                clearTimeout(timeout);
                resolve();
            };
        });
    }
    connect(socket, data) {
        const messageQueue = [];
        let pendingResolve = null;
        let pendingReject = null;
        const push = (item) => {
            if (pendingResolve) {
                if (item.error) {
                    pendingReject(item.error);
                }
                else {
                    pendingResolve({ done: item.done, value: item.value });
                }
                pendingResolve = null;
                pendingReject = null;
            }
            else {
                messageQueue.push(item);
            }
        };
        socket.onmessage = (event) => {
            const { data } = event;
            if (typeof data === "string") {
                push({
                    done: false,
                    value: fromBase64(data),
                });
            }
            else {
                push({
                    done: false,
                    value: new Uint8Array(data),
                });
            }
        };
        socket.onerror = (event) => {
            socket.close();
            push({ done: true, error: event });
        };
        socket.onclose = () => {
            this.removeNotUsableSockets(socket.url);
            push({ done: true });
        };
        const outputStream = {
            [Symbol.asyncIterator]: () => ({
                async next() {
                    if (messageQueue.length > 0) {
                        const item = messageQueue.shift();
                        if (item.error) {
                            throw item.error;
                        }
                        return { done: item.done, value: item.value };
                    }
                    return new Promise((resolve, reject) => {
                        pendingResolve = resolve;
                        pendingReject = reject;
                    });
                },
            }),
        };
        const send = async () => {
            try {
                for await (const chunk of data) {
                    if (socket.readyState >= WebSocket.CLOSING) {
                        break;
                    }
                    else {
                        socket.send(chunk);
                    }
                }
            }
            catch (err) {
                push({
                    done: true,
                    error: err,
                });
            }
            finally {
                socket.close(1000);
            }
        };
        send();
        return outputStream;
    }
}
const getIterator = (stream) => {
    if (stream[Symbol.asyncIterator]) {
        return stream;
    }
    if (isReadableStream(stream)) {
        return readableStreamToIterable(stream);
    }
    return {
        [Symbol.asyncIterator]: async function* () {
            yield stream;
        },
    };
};
const toReadableStream = (asyncIterable) => typeof ReadableStream === "function" ? iterableToReadableStream(asyncIterable) : asyncIterable;
const isReadableStream = (payload) => typeof ReadableStream === "function" && payload instanceof ReadableStream;

const websocketEndpointMiddleware = (config, options) => (next) => (args) => {
    const { request } = args;
    if (HttpRequest.isInstance(request) &&
        config.requestHandler.metadata?.handlerProtocol?.toLowerCase().includes("websocket")) {
        request.protocol = "wss:";
        request.method = "GET";
        request.path = `${request.path}-websocket`;
        const { headers } = request;
        delete headers["content-type"];
        delete headers["x-amz-content-sha256"];
        for (const name of Object.keys(headers)) {
            if (name.indexOf(options.headerPrefix) === 0) {
                const chunkedName = name.replace(options.headerPrefix, "");
                request.query[chunkedName] = headers[name];
            }
        }
        if (headers["x-amz-user-agent"]) {
            request.query["user-agent"] = headers["x-amz-user-agent"];
        }
        request.headers = { host: headers.host ?? request.hostname };
    }
    return next(args);
};
const websocketEndpointMiddlewareOptions = {
    name: "websocketEndpointMiddleware",
    tags: ["WEBSOCKET", "EVENT_STREAM"],
    relation: "after",
    toMiddleware: "eventStreamHeaderMiddleware",
    override: true,
};

const injectSessionIdMiddleware = () => (next) => async (args) => {
    const requestParams = {
        ...args.input,
    };
    const response = await next(args);
    const output = response.output;
    if (requestParams.SessionId && output.SessionId == null) {
        output.SessionId = requestParams.SessionId;
    }
    return response;
};
const injectSessionIdMiddlewareOptions = {
    step: "initialize",
    name: "injectSessionIdMiddleware",
    tags: ["WEBSOCKET", "EVENT_STREAM"],
    override: true,
};

const getWebSocketPlugin = (config, options) => ({
    applyToStack: (clientStack) => {
        clientStack.addRelativeTo(websocketEndpointMiddleware(config, options), websocketEndpointMiddlewareOptions);
        clientStack.add(injectSessionIdMiddleware(), injectSessionIdMiddlewareOptions);
    },
});

class WebsocketSignatureV4 {
    signer;
    constructor(options) {
        this.signer = options.signer;
    }
    presign(originalRequest, options = {}) {
        return this.signer.presign(originalRequest, options);
    }
    async sign(toSign, options) {
        if (HttpRequest.isInstance(toSign) && isWebSocketRequest(toSign)) {
            const signedRequest = await this.signer.presign({ ...toSign, body: "" }, {
                ...options,
                expiresIn: 60,
                unsignableHeaders: new Set(Object.keys(toSign.headers).filter((header) => header !== "host")),
            });
            return {
                ...signedRequest,
                body: toSign.body,
            };
        }
        else {
            return this.signer.sign(toSign, options);
        }
    }
    signMessage(message, args) {
        return this.signer.signMessage(message, args);
    }
}

const resolveWebSocketConfig = (input) => {
    const { signer } = input;
    return Object.assign(input, {
        signer: async (authScheme) => {
            const signerObj = await signer(authScheme);
            if (validateSigner(signerObj)) {
                return new WebsocketSignatureV4({ signer: signerObj });
            }
            throw new Error("Expected WebsocketSignatureV4 signer, please check the client constructor.");
        },
    });
};
const validateSigner = (signer) => !!signer;

class EventSigningTransformStream extends TransformStream {
    constructor(initialSignature, messageSigner, eventStreamCodec, systemClockOffsetProvider, credentials) {
        let priorSignature = initialSignature;
        const staticCredentials = credentials?.();
        super({
            start() { },
            async transform(chunk, controller) {
                try {
                    const now = new Date(Date.now() + (await systemClockOffsetProvider()));
                    const dateHeader = {
                        ":date": { type: "timestamp", value: now },
                    };
                    const signedMessage = await messageSigner.sign({
                        message: {
                            body: chunk,
                            headers: dateHeader,
                        },
                        priorSignature: priorSignature,
                    }, {
                        signingDate: now,
                        eventStreamCredentials: await staticCredentials,
                    });
                    priorSignature = signedMessage.signature;
                    const serializedSigned = eventStreamCodec.encode({
                        headers: {
                            ...dateHeader,
                            ":chunk-signature": {
                                type: "binary",
                                value: fromHex(signedMessage.signature),
                            },
                        },
                        body: chunk,
                    });
                    controller.enqueue(serializedSigned);
                }
                catch (error) {
                    controller.error(error);
                }
            },
        });
    }
}

class EventStreamPayloadHandler {
    messageSigner;
    eventStreamCodec;
    systemClockOffsetProvider;
    credentials;
    constructor(options) {
        this.messageSigner = options.messageSigner;
        this.eventStreamCodec = new EventStreamCodec(options.utf8Encoder, options.utf8Decoder);
        this.systemClockOffsetProvider = async () => options.systemClockOffset ?? 0;
        this.credentials = options.credentials;
    }
    async handle(next, args, context = {}) {
        const request = args.request;
        const { body: payload, headers, query } = request;
        if (!(payload instanceof ReadableStream)) {
            throw new Error("Eventstream payload must be a ReadableStream.");
        }
        const placeHolderStream = new TransformStream();
        request.body = placeHolderStream.readable;
        const match = (headers?.authorization ?? "").match(/Signature=(\w+)$/);
        let priorSignature = (match ?? [])[1] ?? (query && query["X-Amz-Signature"]) ?? "";
        if (context.__staticSignature) {
            priorSignature = "";
        }
        const signingStream = new EventSigningTransformStream(priorSignature, await this.messageSigner(), this.eventStreamCodec, this.systemClockOffsetProvider, this.credentials);
        payload.pipeThrough(signingStream).pipeThrough(placeHolderStream);
        let result;
        try {
            result = await next(args);
        }
        catch (e) {
            const p = payload.cancel?.();
            if (p instanceof Promise) {
                p.catch(() => { });
            }
            throw e;
        }
        return result;
    }
}

const eventStreamPayloadHandlerProvider = (options) => new EventStreamPayloadHandler(options);

exports.WebSocketFetchHandler = WebSocketFetchHandler;
exports.eventStreamPayloadHandlerProvider = eventStreamPayloadHandlerProvider;
exports.getWebSocketPlugin = getWebSocketPlugin;
exports.resolveWebSocketConfig = resolveWebSocketConfig;


/***/ }),

/***/ 7809:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

const { buildQueryString, HttpResponse } = __webpack_require__(3422);
const { streamCollector } = __webpack_require__(2430);
exports.streamCollector = streamCollector;

function createRequest(url, requestOptions) {
    return new Request(url, requestOptions);
}

function requestTimeout(timeoutInMs = 0) {
    let timeoutId;
    const promise = new Promise((resolve, reject) => {
        if (timeoutInMs) {
            timeoutId = setTimeout(() => {
                const timeoutError = new Error(`Request did not complete within ${timeoutInMs} ms`);
                timeoutError.name = "TimeoutError";
                reject(timeoutError);
            }, timeoutInMs);
        }
    });
    return { promise, cancel: () => clearTimeout(timeoutId) };
}

const keepAliveSupport = {
    supported: undefined,
};
class FetchHttpHandler {
    config;
    configProvider;
    static create(instanceOrOptions) {
        if (typeof instanceOrOptions?.handle === "function") {
            return instanceOrOptions;
        }
        return new FetchHttpHandler(instanceOrOptions);
    }
    constructor(options) {
        if (typeof options === "function") {
            this.configProvider = options().then((opts) => opts || {});
        }
        else {
            this.config = options ?? {};
            this.configProvider = Promise.resolve(this.config);
        }
        if (keepAliveSupport.supported === undefined) {
            keepAliveSupport.supported = Boolean(typeof Request !== "undefined" && "keepalive" in createRequest("https://[::1]"));
        }
    }
    destroy() {
    }
    async handle(request, { abortSignal, requestTimeout: requestTimeout$1 } = {}) {
        if (!this.config) {
            this.config = await this.configProvider;
        }
        const requestTimeoutInMs = requestTimeout$1 ?? this.config.requestTimeout;
        const keepAlive = this.config.keepAlive === true;
        const credentials = this.config.credentials;
        const fetchFn = this.config.customFetch ?? fetch;
        if (abortSignal?.aborted) {
            const abortError = buildAbortError(abortSignal);
            return Promise.reject(abortError);
        }
        let path = request.path;
        const queryString = buildQueryString(request.query || {});
        if (queryString) {
            path += `?${queryString}`;
        }
        if (request.fragment) {
            path += `#${request.fragment}`;
        }
        let auth = "";
        if (request.username != null || request.password != null) {
            const username = request.username ?? "";
            const password = request.password ?? "";
            auth = `${username}:${password}@`;
        }
        const { port, method } = request;
        const url = `${request.protocol}//${auth}${request.hostname}${port ? `:${port}` : ""}${path}`;
        const body = method === "GET" || method === "HEAD" ? undefined : request.body;
        const requestOptions = {
            body,
            headers: new Headers(request.headers),
            method: method,
            credentials,
        };
        if (this.config?.cache) {
            requestOptions.cache = this.config.cache;
        }
        if (body) {
            requestOptions.duplex = "half";
        }
        if (typeof AbortController !== "undefined") {
            requestOptions.signal = abortSignal;
        }
        if (keepAliveSupport.supported) {
            requestOptions.keepalive = keepAlive;
        }
        if (typeof this.config.requestInit === "function") {
            Object.assign(requestOptions, this.config.requestInit(request));
        }
        let removeSignalEventListener = () => { };
        const timeout = requestTimeout(requestTimeoutInMs);
        const fetchRequest = createRequest(url, requestOptions);
        const raceOfPromises = [
            fetchFn(fetchRequest).then((response) => {
                const fetchHeaders = response.headers;
                const transformedHeaders = {};
                for (const pair of fetchHeaders.entries()) {
                    transformedHeaders[pair[0]] = pair[1];
                }
                const hasReadableStream = response.body != undefined;
                if (!hasReadableStream) {
                    return response.blob().then((body) => ({
                        response: new HttpResponse({
                            headers: transformedHeaders,
                            reason: response.statusText,
                            statusCode: response.status,
                            body,
                        }),
                    }));
                }
                return {
                    response: new HttpResponse({
                        headers: transformedHeaders,
                        reason: response.statusText,
                        statusCode: response.status,
                        body: response.body,
                    }),
                };
            }),
            timeout.promise,
        ];
        if (abortSignal) {
            raceOfPromises.push(new Promise((resolve, reject) => {
                const onAbort = () => {
                    const abortError = buildAbortError(abortSignal);
                    reject(abortError);
                };
                if (typeof abortSignal.addEventListener === "function") {
                    const signal = abortSignal;
                    signal.addEventListener("abort", onAbort, { once: true });
                    removeSignalEventListener = () => signal.removeEventListener("abort", onAbort);
                }
                else {
                    abortSignal.onabort = onAbort;
                }
            }));
        }
        return Promise.race(raceOfPromises).finally(() => {
            timeout.cancel();
            removeSignalEventListener();
        });
    }
    updateHttpClientConfig(key, value) {
        this.config = undefined;
        this.configProvider = this.configProvider.then((config) => {
            config[key] = value;
            return config;
        });
    }
    httpHandlerConfigs() {
        return this.config ?? {};
    }
}
function buildAbortError(abortSignal) {
    const reason = abortSignal && typeof abortSignal === "object" && "reason" in abortSignal
        ? abortSignal.reason
        : undefined;
    if (reason) {
        if (reason instanceof Error) {
            const abortError = new Error("Request aborted");
            abortError.name = "AbortError";
            abortError.cause = reason;
            return abortError;
        }
        const abortError = new Error(String(reason));
        abortError.name = "AbortError";
        return abortError;
    }
    const abortError = new Error("Request aborted");
    abortError.name = "AbortError";
    return abortError;
}

exports.FetchHttpHandler = FetchHttpHandler;
exports.keepAliveSupport = keepAliveSupport;


/***/ })

};
