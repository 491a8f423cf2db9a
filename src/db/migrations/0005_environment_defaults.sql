-- Each environment of an organization has its own default project: a key manages only its own
-- environment, so a csk_live_ key without x-codespar-project lands in the live default project.
DROP INDEX projects_one_default;
CREATE UNIQUE INDEX projects_one_default ON projects(org_id, environment) WHERE is_default = 1 AND deleted_at IS NULL;
