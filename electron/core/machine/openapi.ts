// The machine API's OpenAPI 3.1 document, generated from the same zod schemas that validate the
// requests (count-schema.ts), so the document and the code cannot disagree.
import { z } from 'zod';
import { CountBody, CountsAccepted, ErrorBody, Health } from './count-schema';

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function openApiDocument(serverUrl?: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Shop-floor terminal machine API',
      version: '1.0.0',
      description:
        'Local API for machine accounts. Counts are committed to the terminal store before 202 is sent, work offline, ' +
        'and are de-duplicated by the machine sequence number and the Idempotency-Key header.',
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    components: {
      securitySchemes: { machineKey: { type: 'http', scheme: 'bearer', description: 'A machine account key.' } },
      schemas: { CountBody: json(CountBody, 'input'), CountsAccepted: json(CountsAccepted), Error: json(ErrorBody), Health: json(Health) },
    },
    paths: {
      '/api/v1/cycle-counts': {
        post: {
          summary: 'Post one count or an array of counts',
          security: [{ machineKey: [] }],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              schema: { type: 'string', minLength: 1, maxLength: 200 },
              description: 'A replay with the same key and body gets the same answer and counts nothing again.',
            },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CountBody' } } } },
          responses: {
            '202': { description: 'Committed', content: { 'application/json': { schema: { $ref: '#/components/schemas/CountsAccepted' } } } },
            '400': errorResponse('Validation failed; `field` names the input at fault'),
            '401': errorResponse('Missing or unknown machine key'),
            '403': errorResponse('The machine may not count for that resource or cell here'),
            '409': errorResponse('Idempotency-Key reused with another body'),
            '413': errorResponse('Body over the limit'),
            '415': errorResponse('Body is not application/json'),
            '429': errorResponse('The terminal is shedding load; retry after Retry-After seconds'),
          },
        },
      },
      '/api/v1/health': {
        get: { summary: 'Liveness', responses: { '200': { description: 'Up', content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } } } } },
      },
      '/api/v1/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1 document' } } } },
    },
  };
}
