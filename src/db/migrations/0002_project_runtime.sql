-- The project's default runtime for new sessions (JSON RuntimeConfig); NULL means managed + local.
ALTER TABLE projects ADD COLUMN default_runtime TEXT;
