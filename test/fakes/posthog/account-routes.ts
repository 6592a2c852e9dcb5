import type { FakeServerContext, RequestContext } from "./context";
import { permissionDenied } from "./envelopes";
import type { FakeOrganization, FakeProject, FakeResponse } from "./types";

/**
 * `GET /api/users/@me/`: a subset of `UserSerializer` (`posthog/api/user.py`)
 * with `team` as `TeamBasicSerializer`, `organization` with its `projects` as
 * `ProjectBasicSerializer` and `organizations` as `OrganizationBasicSerializer`
 * (`posthog/api/shared.py`).
 */
export function currentUser(
  server: FakeServerContext,
  request: RequestContext,
): FakeResponse {
  const { user, organizations } = server.options;
  const organization = organizations[0];
  const firstProject = visibleProjects(server, request)[0];

  return {
    status: 200,
    body: {
      date_joined: "2024-01-01T00:00:00Z",
      uuid: user.uuid,
      distinct_id: `distinct-${user.id}`,
      first_name: user.first_name,
      last_name: user.last_name,
      email: user.email,
      is_email_verified: true,
      id: user.id,
      team: firstProject
        ? teamBasic(firstProject.project, firstProject.organization)
        : null,
      organization: organization ? organizationDetail(organization) : null,
      organizations: organizations.map(organizationBasic),
    },
  };
}

/**
 * `GET /api/projects/`: `RootProjectViewSet.list` (`posthog/api/project.py`),
 * paginated, each row a `ProjectBackwardCompatBasicSerializer`. PostHog refuses
 * the list for a key that is limited to some projects, because
 * `APIScopePermission` cannot resolve one project for it.
 */
export function listProjects(
  server: FakeServerContext,
  request: RequestContext,
): FakeResponse {
  if (request.key.projects) {
    return permissionDenied(
      "API keys with scoped projects are only supported on project-based endpoints.",
    );
  }

  const results = visibleProjects(server, request).map(
    ({ project, organization }) => ({
      id: project.id,
      uuid: projectUuid(project.id),
      organization: organization.id,
      api_token: `phc_project_${project.id}`,
      name: project.name,
      completed_snippet_onboarding: true,
      has_completed_onboarding_for: {},
      ingested_event: true,
      is_demo: false,
      timezone: "UTC",
      access_control: false,
    }),
  );

  return {
    status: 200,
    body: { count: results.length, next: null, previous: null, results },
  };
}

function visibleProjects(
  server: FakeServerContext,
  request: RequestContext,
): Array<{ project: FakeProject; organization: FakeOrganization }> {
  return server.options.organizations.flatMap((organization) =>
    organization.projects
      .filter(
        (project) =>
          !request.key.projects || request.key.projects.includes(project.id),
      )
      .map((project) => ({ project, organization })),
  );
}

function projectUuid(id: number): string {
  return `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`;
}

function teamBasic(project: FakeProject, organization: FakeOrganization) {
  return {
    id: project.id,
    uuid: projectUuid(project.id),
    organization: organization.id,
    project_id: project.id,
    api_token: `phc_project_${project.id}`,
    name: project.name,
    completed_snippet_onboarding: true,
    has_completed_onboarding_for: {},
    ingested_event: true,
    is_demo: false,
    timezone: "UTC",
    access_control: false,
  };
}

function organizationBasic(organization: FakeOrganization) {
  return {
    id: organization.id,
    name: organization.name,
    slug: organization.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    logo_media_id: null,
    membership_level: 8,
    members_can_use_personal_api_keys: true,
    is_active: true,
    is_not_active_reason: null,
    is_pending_deletion: false,
  };
}

function organizationDetail(organization: FakeOrganization) {
  return {
    ...organizationBasic(organization),
    projects: organization.projects.map((project) => ({
      id: project.id,
      organization_id: organization.id,
      name: project.name,
    })),
  };
}
