// examples/k8s: the Indexed Job that shards a MUD swarm and the Prometheus config that scrapes the
// shards. Checked with Kubernetes' own OpenAPI schemas (kubernetes-models, from npm), a strict ajv
// schema of the fields the example relies on (a misspelt key there is silently ignored by Kubernetes),
// the swarm config it carries (netwright's own loader), and promtool from Debian's prometheus package.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseMudConfig } from '../../src/mud/config/index.ts';

const dir = path.resolve(import.meta.dirname, '../../examples/k8s');
const docs = parseAllDocuments(readFileSync(path.join(dir, 'mud-swarm-job.yaml'), 'utf8')).map((d) => {
  expect(d.errors).toEqual([]);
  return d.toJS() as { kind: string; [k: string]: unknown };
});
// biome-ignore lint/suspicious/noExplicitAny: parsed manifests, walked by key in the checks below (their schema checks come first)
const byKind = (kind: string) => docs.find((d) => d.kind === kind) as Record<string, any>;

// The Job fields the example depends on, strictly: unknown keys are errors here.
const jobShape = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'batch/v1' },
    kind: { const: 'Job' },
    spec: {
      type: 'object',
      additionalProperties: false,
      required: ['completionMode', 'completions', 'parallelism', 'template'],
      properties: {
        completionMode: { const: 'Indexed' },
        completions: { type: 'integer', minimum: 1 },
        parallelism: { type: 'integer', minimum: 1 },
        backoffLimit: { type: 'integer', minimum: 0 },
        activeDeadlineSeconds: { type: 'integer', minimum: 1 },
        ttlSecondsAfterFinished: { type: 'integer', minimum: 0 },
        template: {
          type: 'object',
          additionalProperties: false,
          properties: {
            metadata: { type: 'object' },
            spec: {
              type: 'object',
              additionalProperties: false,
              required: ['restartPolicy', 'containers'],
              properties: {
                restartPolicy: { const: 'Never' },
                terminationGracePeriodSeconds: { type: 'integer' },
                volumes: { type: 'array' },
                containers: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['name', 'image', 'args', 'ports', 'env'],
                    properties: {
                      name: { type: 'string' },
                      image: { type: 'string' },
                      imagePullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] },
                      command: { type: 'array', items: { type: 'string' } },
                      args: { type: 'array', items: { type: 'string' } },
                      env: { type: 'array' },
                      ports: { type: 'array' },
                      resources: { type: 'object' },
                      volumeMounts: { type: 'array' },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

describe('examples/k8s/mud-swarm-job.yaml', () => {
  const job = byKind('Job');
  const service = byKind('Service');
  const configMap = byKind('ConfigMap');

  it('is a valid ConfigMap, Service and Job by the Kubernetes OpenAPI schemas', () => {
    expect(docs.map((d) => d.kind)).toEqual(['ConfigMap', 'Service', 'Job']);
    expect(() => new ConfigMap(configMap as never).validate()).not.toThrow();
    expect(() => new Service(service as never).validate()).not.toThrow();
    expect(() => new Job(job as never).validate()).not.toThrow();
    // The checker is real: a wrong type is caught.
    const broken = structuredClone(job);
    broken.spec.completions = 'four';
    expect(() => new Job(broken as never).validate()).toThrow(/completions must be integer/);
  });

  it('matches the strict shape of the fields it relies on (no misspelt keys)', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(jobShape);
    expect(validate(job), JSON.stringify(validate.errors)).toBe(true);
    const typo = structuredClone(job);
    typo.spec.completionmode = typo.spec.completionMode;
    delete typo.spec.completionMode;
    expect(validate(typo)).toBe(false);
  });

  it('runs one shard per completion index, N in the command equal to completions and parallelism', () => {
    const c = job.spec.template.spec.containers[0];
    const cmd = c.args.join(' ');
    const n = job.spec.completions;
    expect(job.spec.parallelism).toBe(n);
    expect(cmd).toContain(`--shard "$JOB_COMPLETION_INDEX/${n}"`);
    expect(cmd).toMatch(/^exec netwright mud --config \/etc\/netwright\/swarm\.yaml /);
    // The password reaches the pod from a Secret, by environment: never in args or the ConfigMap.
    expect(c.env).toContainEqual({
      name: 'MUD_PW',
      valueFrom: { secretKeyRef: { name: 'mud-bots', key: 'password' } },
    });
    // The Service that Prometheus resolves selects exactly the Job's pods, on the metrics port.
    expect(service.spec.clusterIP).toBe('None');
    expect(job.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(c.ports).toContainEqual({ name: 'metrics', containerPort: 9464, protocol: 'TCP' });
  });

  it("carries a swarm config that netwright's loader accepts, serving /metrics beyond loopback", () => {
    const { config } = parseMudConfig(configMap.data['swarm.yaml'], path.join(dir, 'swarm.yaml'), {
      cwd: dir,
      env: { MUD_PW: 'secret123' },
    });
    expect(config.swarm.metricsPort).toBe(9464);
    expect(config.swarm.metricsHost).toBe('0.0.0.0');
    expect(config.swarm.bots % job.spec.completions).toBe(0);
    expect(config.credentials.password).toEqual({ env: 'MUD_PW' });
  });
});

describe('examples/k8s/prometheus.yml', () => {
  const file = path.join(dir, 'prometheus.yml');

  it('scrapes the headless Service of the Job on the metrics port', () => {
    const doc = parseAllDocuments(readFileSync(file, 'utf8'))[0]!.toJS();
    const sd = doc.scrape_configs[0].dns_sd_configs[0];
    expect(sd).toMatchObject({
      names: ['netwright-mud-swarm.netwright.svc.cluster.local'],
      type: 'A',
      port: 9464,
    });
  });

  // promtool comes with Debian's `prometheus` package (apt-get install -y prometheus).
  it.skipIf(!existsSync('/usr/bin/promtool'))(
    'passes promtool check config (skipped: no /usr/bin/promtool)',
    () => {
      const out = execFileSync('/usr/bin/promtool', ['check', 'config', file], { encoding: 'utf8' });
      expect(out).toContain('SUCCESS');
    },
  );
});
