import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { COLLECTOR_CONFIG } from '../support/backends/backends.js';
import { DASHBOARD_FILE } from '../support/expectations/grafana-dashboard.js';

/**
 * collector-config/docker-compose.yaml, read as YAML (Docker is not needed):
 * the services are wired to each other as their own configuration files say:
 * the collector runs the trace and metrics configurations it mounts and
 * exposes the metrics where prometheus.yaml scrapes them; Grafana gets the
 * data sources (at the services' addresses) and the dashboard folder its
 * provisioning names.
 */
interface Service {
  image: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: string[] | Record<string, unknown>;
}

const readYaml = <T>(file: string): T => load(readFileSync(join(COLLECTOR_CONFIG, file), 'utf8')) as T;
const compose = readYaml<{ services: Record<string, Service>; volumes: Record<string, unknown> }>('docker-compose.yaml');
const services = compose.services;

/** host path (relative to collector-config/, or a named volume) -> container path. */
function mounts(service: Service): Map<string, string> {
  return new Map((service.volumes ?? []).map((v) => v.split(':') as [string, string]));
}

function mountedAt(service: Service, file: string): string | undefined {
  return mounts(service).get(`./${file}`);
}

describe('docker-compose.yaml', () => {
  it('runs a collector, Jaeger, Tempo, Prometheus and Grafana, each depending only on services it has', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['collector', 'jaeger', 'tempo', 'prometheus', 'grafana']));
    for (const [name, service] of Object.entries(services)) {
      expect(service.image, name).toMatch(/:[\w.-]+$/);
      const needs = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const other of needs) expect(services[other], `${name} depends on ${other}`).toBeDefined();
      for (const [host] of mounts(service)) {
        if (host.startsWith('./')) expect(existsSync(join(COLLECTOR_CONFIG, host)), `${name}: ${host}`).toBe(true);
        else if (!host.startsWith('$')) expect(compose.volumes[host], `${name}: volume ${host}`).toBeDefined();
      }
    }
  });

  it('the collector runs the Jaeger, Tempo and metrics configurations it mounts, metrics on 0.0.0.0:8889', () => {
    const collector = services.collector!;
    for (const file of ['agent-otel-to-jaeger.yaml', 'agent-otel-to-tempo.yaml', 'agent-otel-metrics.yaml']) {
      const inContainer = mountedAt(collector, file);
      expect(inContainer, file).toBeDefined();
      expect(collector.command, file).toContain(`--config=${inContainer}`);
    }
    expect(collector.environment?.AGENT_OTEL_PROMETHEUS_ENDPOINT).toBe('0.0.0.0:8889');
    expect(collector.environment?.JAEGER_OTLP_ENDPOINT).toBe('jaeger:4317');
    expect(collector.environment?.TEMPO_OTLP_ENDPOINT).toBe('tempo:4317');
  });

  it('Prometheus scrapes the collector there, with exemplars and created timestamps', () => {
    const prometheus = services.prometheus!;
    const config = mountedAt(prometheus, 'prometheus.yaml');
    expect(prometheus.command).toContain(`--config.file=${config}`);
    expect(prometheus.command?.find((c) => c.startsWith('--enable-feature='))?.split('=')[1]?.split(',').sort()).toEqual([
      'created-timestamp-zero-ingestion',
      'exemplar-storage',
    ]);
    const scrape = readYaml<{ scrape_configs: Array<{ scrape_protocols: string[]; static_configs: Array<{ targets: string[] }> }> }>('prometheus.yaml').scrape_configs;
    expect(scrape.flatMap((s) => s.static_configs.flatMap((c) => c.targets))).toEqual(['collector:8889']);
    expect(scrape[0]!.scrape_protocols[0]).toBe('PrometheusProto');
  });

  it('Grafana gets its data sources at the services and the dashboards where its provisioning looks', () => {
    const grafana = services.grafana!;
    const provisioning = mounts(grafana).get('./grafana/provisioning');
    expect(provisioning).toBe('/etc/grafana/provisioning');
    const { datasources } = readYaml<{ datasources: Array<{ uid: string; type: string; url: string }> }>('grafana/provisioning/datasources/datasources.yaml');
    const ports: Record<string, [string, number]> = { prometheus: ['prometheus', 9090], tempo: ['tempo', 3200], jaeger: ['jaeger', 16686] };
    expect(datasources.map((d) => d.type).sort()).toEqual(Object.keys(ports).sort());
    for (const source of datasources) {
      const [service, port] = ports[source.type]!;
      expect(source.url, source.type).toBe(`http://${service}:${port}`);
      expect(services[service], source.type).toBeDefined();
    }
    const { providers } = readYaml<{ providers: Array<{ type: string; options: { path: string } }> }>('grafana/provisioning/dashboards/dashboards.yaml');
    expect(providers.map((p) => p.options.path)).toEqual([mounts(grafana).get('./grafana/dashboards')]);
    expect(existsSync(DASHBOARD_FILE)).toBe(true);
  });
});
