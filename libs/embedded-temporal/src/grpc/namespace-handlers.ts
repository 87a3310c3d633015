/**
 * Namespaces and search attributes: WorkflowService's namespace RPCs and GetSearchAttributes, and the
 * OperatorService (GS frontend: workflow_handler's namespace part, operator_handler).
 */
import { status } from '@grpc/grpc-js';
import type { Engine } from '../engine/engine';
import { SEARCH_ATTRIBUTE_TYPES, type SearchAttributeType, SYSTEM_ATTRIBUTES } from '../engine/namespaces';
import { durFromMs, enums, msFromDur, temporal } from '../proto';
import type { CallContext, Handler } from './call-context';
import { invalidArgument, notFound, ServiceError } from './errors';

import wsv1 = temporal.api.workflowservice.v1;

const INDEXED_VALUE_TYPE: Record<SearchAttributeType, number> = {
  Text: enums.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Keyword: enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: enums.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: enums.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: enums.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: enums.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: enums.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

export function namespaceHandlers(engine: Engine): Record<string, (req: never) => Promise<object>> {
  return {
    DescribeNamespace: async (r: wsv1.IDescribeNamespaceRequest) => {
      const info = r.namespace
        ? engine.namespaces.get(r.namespace)
        : engine.namespaces.all().find((n) => n.id === r.id);
      if (!info) throw notFound(`Namespace ${r.id ?? ''} is not found.`);
      return namespaceDescription(info);
    },

    ListNamespaces: async () => ({
      namespaces: engine.namespaces.all().map(namespaceDescription),
      nextPageToken: Buffer.alloc(0),
    }),

    RegisterNamespace: async (r: wsv1.IRegisterNamespaceRequest) => {
      if (!r.namespace) throw invalidArgument('Namespace not set on request.');
      const retention = msFromDur(r.workflowExecutionRetentionPeriod) || 86_400_000;
      const created = await engine.namespaces.register(r.namespace, r.description ?? '', retention);
      if (!created)
        throw new ServiceError(status.ALREADY_EXISTS, 'Namespace already exists.', {
          type: 'NamespaceAlreadyExistsFailure',
          value: {},
        });
      return {};
    },

    GetSearchAttributes: async () => ({
      keys: Object.fromEntries(
        Object.entries({ ...SYSTEM_ATTRIBUTES, ...customAttributes(engine, 'default') }).map(([k, v]) => [
          k,
          INDEXED_VALUE_TYPE[v],
        ]),
      ),
    }),
  };
}

function customAttributes(engine: Engine, namespace: string): Record<string, SearchAttributeType> {
  return engine.namespaces.has(namespace)
    ? Object.fromEntries(engine.namespaces.get(namespace).searchAttributes)
    : {};
}

function namespaceDescription(info: { name: string; id: string; description: string; retentionMs: number }) {
  return {
    namespaceInfo: {
      name: info.name,
      state: enums.NamespaceState.NAMESPACE_STATE_REGISTERED,
      description: info.description,
      id: info.id,
      capabilities: {
        eagerWorkflowStart: true,
        syncUpdate: true,
        asyncUpdate: true,
        workerHeartbeats: false,
        pollerAutoscaling: false,
        workerPollCompleteOnShutdown: false,
      },
      supportsSchedules: true,
    },
    config: {
      workflowExecutionRetentionTtl: durFromMs(info.retentionMs),
      historyArchivalState: 1,
      visibilityArchivalState: 1,
    },
    isGlobalNamespace: false,
    failoverVersion: 0,
  };
}

export function operatorServiceHandlers(engine: Engine): Record<string, Handler> {
  const typeByEnum = new Map(
    Object.entries(INDEXED_VALUE_TYPE).map(([k, v]) => [v, k as SearchAttributeType]),
  );
  const handlers: Record<string, (req: never, ctx: CallContext) => Promise<object>> = {
    AddSearchAttributes: async (r: temporal.api.operatorservice.v1.IAddSearchAttributesRequest) => {
      const namespace = r.namespace || 'default';
      const attributes: Record<string, SearchAttributeType> = {};
      for (const [name, type] of Object.entries(r.searchAttributes ?? {})) {
        const t = typeByEnum.get(type);
        if (!t || !SEARCH_ATTRIBUTE_TYPES.includes(t))
          throw invalidArgument(`Unknown search attribute type ${type} for ${name}.`);
        if (SYSTEM_ATTRIBUTES[name]) throw invalidArgument(`Search attribute ${name} is reserved by system.`);
        attributes[name] = t;
      }
      await engine.namespaces.addSearchAttributes(namespace, attributes);
      return {};
    },
    RemoveSearchAttributes: async (r: temporal.api.operatorservice.v1.IRemoveSearchAttributesRequest) => {
      const namespace = r.namespace || 'default';
      const known = engine.namespaces.get(namespace).searchAttributes;
      for (const name of r.searchAttributes ?? []) {
        if (!known.has(name)) throw notFound(`Search attribute ${name} doesn't exist.`);
      }
      await engine.namespaces.removeSearchAttributes(namespace, r.searchAttributes ?? []);
      return {};
    },
    ListSearchAttributes: async (r: temporal.api.operatorservice.v1.IListSearchAttributesRequest) => {
      const namespace = r.namespace || 'default';
      const custom = customAttributes(engine, namespace);
      const toEnum = (m: Record<string, SearchAttributeType>) =>
        Object.fromEntries(Object.entries(m).map(([k, v]) => [k, INDEXED_VALUE_TYPE[v]]));
      return {
        customAttributes: toEnum(custom),
        systemAttributes: toEnum(SYSTEM_ATTRIBUTES),
        storageSchema: {},
      };
    },
  };
  return handlers as Record<string, Handler>;
}
