// Organizations, projects, API keys and whoami: request and response shapes from the wire contract.
import { z } from "zod";
import { Environment, IsoTimestamp } from "./common";
import { FULL_ACCESS, ScopeString } from "../scopes";
import { RuntimeConfig } from "./runtime";

export const Project = z
  .object({
    id: z.string().meta({ example: "prj_0123456789abcdef" }),
    org_id: z.string(),
    name: z.string(),
    slug: z.string(),
    is_default: z.boolean(),
    environment: Environment,
    created_at: IsoTimestamp,
    default_runtime: RuntimeConfig.nullable().meta({ description: "Runtime for new sessions; null means managed with the local provider" }),
  })
  .meta({ id: "Project" });
export type Project = z.infer<typeof Project>;

/** Names of organizations, projects and keys: 1 to 128 characters (@codespar/api-types). */
const Name = z.string().trim().min(1).max(128);
/** A project slug: lowercase letters, digits, `_` and `-`, 1 to 64; `default` is reserved. */
const Slug = z
  .string()
  .regex(/^[a-z0-9_-]{1,64}$/, "lowercase letters, digits, _ and - (at most 64)")
  .refine((slug) => slug !== "default", "the slug 'default' is reserved");

export const ProjectCreate = z
  .object({
    name: Name,
    slug: Slug.optional(),
    environment: Environment.optional().meta({ description: "Defaults to the key's environment, the only one it may create in" }),
  })
  .meta({ id: "ProjectCreate" });

/** At least one field; an empty patch is 400 empty_patch (checked by the route, for its own code). */
export const ProjectUpdate = z
  .object({
    name: Name.optional(),
    slug: Slug.optional(),
    is_default: z.literal(true).optional().meta({ description: "Makes this the default project of its environment (the previous default stops being it)" }),
    default_runtime: RuntimeConfig.nullable().optional(),
  })
  .meta({ id: "ProjectUpdate" });
export type ProjectUpdate = z.infer<typeof ProjectUpdate>;

export const ProjectList = z.object({ projects: z.array(Project) }).meta({ id: "ProjectList" });

export const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().meta({ example: "csk_test_AbCd" }),
    environment: Environment,
    scopes: z.array(z.string()).meta({ description: 'What the key may do; ["*"] is everything within its environment' }),
    created_at: IsoTimestamp,
    last_used_at: IsoTimestamp.nullable(),
    revoked_at: IsoTimestamp.nullable(),
  })
  .meta({ id: "ApiKey" });
export type ApiKey = z.infer<typeof ApiKey>;

const Scopes = z.array(ScopeString).min(1).max(50);

export const ApiKeyCreate = z
  .object({
    name: Name,
    env: Environment.optional().meta({ description: "Defaults to the calling key's environment, the only one it may create keys in" }),
    scopes: Scopes.optional().meta({ description: "Defaults to the calling key's scopes; never more than the calling key holds" }),
  })
  .meta({ id: "ApiKeyCreate" });
export const ApiKeyCreated = ApiKey.extend({ full_key: z.string() }).meta({ id: "ApiKeyCreated" });
export const ApiKeyList = z.object({ keys: z.array(ApiKey) }).meta({ id: "ApiKeyList" });

export const Whoami = z
  .object({
    organization: z.object({ id: z.string(), name: z.string() }),
    project: z.object({ id: z.string(), name: z.string(), environment: Environment }),
    key: z.object({ id: z.string(), environment: Environment, scopes: z.array(z.string()) }),
  })
  .meta({ id: "Whoami" });

export const OrganizationCreate = z
  .object({
    name: Name,
    project_name: Name.default("Default"),
    environment: Environment.default("test"),
    key_name: Name.default("First key"),
  })
  .meta({ id: "OrganizationCreate" });

export const EnvironmentKeyCreate = z
  .object({ name: Name.default("First key"), environment: Environment, scopes: Scopes.default([FULL_ACCESS]) })
  .meta({ id: "EnvironmentKeyCreate" });

export const EnvironmentKeyCreated = z
  .object({ project: Project.meta({ description: "The environment's default project (created if it had none)" }), api_key: ApiKeyCreated })
  .meta({ id: "EnvironmentKeyCreated" });

export const OrganizationCreated = z
  .object({
    organization: z.object({ id: z.string(), name: z.string(), created_at: IsoTimestamp }),
    project: Project,
    api_key: ApiKeyCreated,
  })
  .meta({ id: "OrganizationCreated" });
