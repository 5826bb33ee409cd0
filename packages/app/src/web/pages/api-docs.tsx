import { Page } from '../layout/page.tsx';
import type { PageContext } from '../page-context.ts';

/** The parts of an OpenAPI 3.1 document this page reads. */
interface Schema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  maxLength?: number;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string }>;
}
export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** What scientists reach for first; other tags follow in their own order, then `meta`/`other`. */
const FIRST_TAGS = ['experiments', 'experiment data', 'experiments: sharing', 'experiments: publication'];
const LAST_TAGS = ['meta', 'other'];

function tagRank(tag: string): number {
  const first = FIRST_TAGS.indexOf(tag);
  if (first >= 0) return first;
  const last = LAST_TAGS.indexOf(tag);
  return last >= 0 ? 1000 + last : FIRST_TAGS.length;
}

/** Text of the OpenAPI document with its `inline code` shown as code (escaped like all text). */
export function Prose({ text }: { text: string | undefined }) {
  if (!text) return null;
  return <>{text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

/** A schema in a few words: `string`, `integer`, `"csv" | "json"`, `list of string`… */
export function typeOf(schema: Schema | undefined): string {
  if (!schema) return 'any';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' | ');
  if (schema.type === 'array') return `list of ${typeOf(schema.items)}`;
  const type = [schema.type ?? 'object'].flat().join(' | ');
  return schema.format ? `${type} (${schema.format})` : type;
}

function Fields({ schema }: { schema: Schema }) {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return <p class="muted">{typeOf(schema)}</p>;
  return (
    <ul>
      {properties.map(([name, property]) => (
        <li key={name}>
          <code>{name}</code>
          {schema.required?.includes(name) ? ' (required)' : ''}: {typeOf(property)}
          {property.description ? (
            <span class="muted">
              {' '}
              — <Prose text={property.description} />
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function OperationDoc({ method, path, op }: { method: string; path: string; op: Operation }) {
  const body = Object.entries(op.requestBody?.content ?? {})[0];
  return (
    <details class="op">
      <summary>
        <span class={`method method-${method}`}>{method.toUpperCase()}</span>
        <span class="op-path">{path}</span>
        <span>
          <Prose text={op.summary} />
        </span>
      </summary>
      {op.description ? (
        <p class="description">
          <Prose text={op.description} />
        </p>
      ) : null}
      {op.parameters?.length ? (
        <>
          <h4>Parameters</h4>
          <ul>
            {op.parameters.map((p) => (
              <li key={`${p.in}-${p.name}`}>
                <code>{p.name}</code> ({p.in}
                {p.required ? ', required' : ''}): {typeOf(p.schema)}
                {p.description || p.schema?.description ? (
                  <span class="muted">
                    {' '}
                    — <Prose text={p.description ?? p.schema?.description} />
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {body ? (
        <>
          <h4>
            Body <code>{body[0]}</code>
          </h4>
          {body[1].schema ? <Fields schema={body[1].schema} /> : null}
        </>
      ) : null}
      {op.responses ? (
        <p>
          Answers: {Object.keys(op.responses).join(', ')}; errors are <code>application/problem+json</code>.
        </p>
      ) : null}
    </details>
  );
}

/**
 * The API reference, rendered on the server from the same OpenAPI document as
 * `/api/openapi.json` (generated from the routes' schemas): nothing from a CDN, no script, so it
 * runs under the strict CSP and reads without JavaScript.
 */
export function ApiDocsPage({ ctx, doc }: { ctx: PageContext; doc: OpenApiDocument }) {
  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, op }]);
    }
  return (
    <Page ctx={ctx} title="API">
      <h1>
        {doc.info.title} <span class="muted">{doc.info.version}</span>
      </h1>
      <section>
        <p>
          <Prose text={doc.info.description} />
        </p>
        <p>
          Scripts authenticate with a personal token (create one on <a href="/account">your account page</a>)
          sent as <code>Authorization: Bearer …</code>. The machine-readable description is{' '}
          <a href="/api/openapi.json">/api/openapi.json</a>.
        </p>
      </section>
      {[...byTag]
        .sort(([a], [b]) => tagRank(a) - tagRank(b))
        .map(([tag, ops]) => (
          <section key={tag} aria-labelledby={`tag-${tag}`}>
            <h2 id={`tag-${tag}`}>{tag}</h2>
            {ops.map((o) => (
              <OperationDoc key={`${o.method} ${o.path}`} {...o} />
            ))}
          </section>
        ))}
    </Page>
  );
}
