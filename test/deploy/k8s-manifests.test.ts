import { readFileSync } from 'node:fs';
import { SUBGRAPHS } from '@cityhub/schema';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { MANIFEST_FILE, manifestYaml } from '../../deploy/k8s/generate.js';

/** Validated against the Kubernetes API's own schemas (shipped in kubernetes-models): no network. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Namespace': Namespace,
  'v1/Service': Service,
};

type Manifest = { apiVersion: string; kind: string; metadata: { name: string }; spec?: any };
const committed = readFileSync(MANIFEST_FILE, 'utf8');
const manifests = parseAllDocuments(committed).map((document) => document.toJS() as Manifest);
const validate = (manifest: Manifest) => {
  const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!Model) throw new Error(`no schema for ${manifest.apiVersion} ${manifest.kind}`);
  new Model(manifest as never).validate();
};

describe('Kubernetes manifests (deploy/k8s)', () => {
  it('are what deploy/k8s/manifests.ts generates (run `npm run deploy:k8s` after a change)', () => {
    expect(committed).toBe(manifestYaml());
  });

  it('are valid Kubernetes objects, each one', () => {
    expect(manifests.length).toBeGreaterThan(10);
    for (const manifest of manifests) expect(() => validate(manifest)).not.toThrow();
  });

  it('are refused when a field has the wrong type (the validation can fail)', () => {
    const deployment = manifests.find((manifest) => manifest.kind === 'Deployment')!;
    const broken = { ...deployment, spec: { ...deployment.spec, replicas: 'two' } };
    expect(() => validate(broken)).toThrow(/replicas/);
  });

  it('run the gateway and every department with probes, requests and an autoscaler', () => {
    const deployments = manifests.filter((manifest) => manifest.kind === 'Deployment');
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual(
      ['gateway', ...SUBGRAPHS.map((entry) => entry.name)].sort(),
    );
    for (const deployment of deployments) {
      const [container] = deployment.spec.template.spec.containers;
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.resources.requests.cpu).toBeDefined();
      expect(container.resources.requests.memory).toBeDefined();
      const autoscaler = manifests.find(
        (manifest) =>
          manifest.kind === 'HorizontalPodAutoscaler' &&
          manifest.spec.scaleTargetRef.name === deployment.metadata.name,
      );
      expect(autoscaler?.spec.minReplicas).toBeGreaterThanOrEqual(2);
    }
  });
});
