/**
 * The shape of the model's answer: a JSON schema the model is forced to fill (Converse tool use with
 * `toolChoice: {tool}`), and the same schema in zod to validate the answer again here, because a schema sent
 * to a model is a request, not a guarantee.
 */
import { z } from 'zod';

/** The one tool the model is forced to call; its input is the answer. */
export const ANSWER_TOOL_NAME = 'report_reasoning';

// Generous bounds: parse what a model reasonably writes, refuse what only a runaway or hostile answer would.
// Finer caps (how much is shown) are applied when merging, not here.
const text = (max: number) => z.string().max(max);

export const reasoningAnswerSchema = z
  .object({
    narrative: text(20_000).describe(
      'Plain-language assessment of the risk that the proposed policy breaks the role, for a code reviewer. At most 6 sentences.',
    ),
    probabilityOfBreak: z
      .number()
      .min(0)
      .max(1)
      .describe('Your estimate, 0..1, that applying the proposed policy makes the role fail a call it needs.'),
    remediationNotes: z
      .array(text(2_000))
      .max(50)
      .describe('Concrete steps a reviewer can take before applying the policy. At most 5.'),
    conditionSuggestions: z
      .array(
        z
          .object({
            actions: z.array(text(200)).max(100),
            operator: text(100).describe('IAM condition operator, e.g. StringEquals'),
            key: text(200).describe('IAM condition key, e.g. aws:SourceVpce'),
            values: z.array(text(500)).max(100),
            reason: text(2_000),
          })
          .strict(),
      )
      .max(50)
      .describe('Conditions that would narrow the proposed policy without breaking the observed usage. At most 5.'),
    suggestions: z
      .array(
        z
          .object({
            action: text(200).describe('One concrete IAM action, service:Action, no wildcard'),
            resource: text(2_048).describe(
              'The exact resource ARN from the evidence, or * only if the action has no resource types',
            ),
            reason: text(2_000),
          })
          .strict(),
      )
      .max(100)
      .describe('Edge-case permissions the role likely needs but the logs did not show. At most 10.'),
  })
  .strict();

export type ReasoningAnswer = z.infer<typeof reasoningAnswerSchema>;

/** The JSON schema sent as the tool's `inputSchema.json` (no `$schema`: some model providers refuse it). */
export function answerJsonSchema(): Record<string, unknown> {
  const { $schema: _schema, ...rest } = z.toJSONSchema(reasoningAnswerSchema, { target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return rest;
}

export type AnswerCheck = { ok: true; answer: ReasoningAnswer } | { ok: false; error: string };

/** Validates a tool input (already JSON-parsed by the SDK) or a JSON string. */
export function parseReasoningAnswer(input: unknown): AnswerCheck {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      return { ok: false, error: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  const parsed = reasoningAnswerSchema.safeParse(value);
  if (parsed.success) return { ok: true, answer: parsed.data };
  const first = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  return { ok: false, error: `does not match the answer schema: ${first}` };
}
