// Values shared by the test config and the tests. Not secrets: they only exist in test runs.
export const TEST_ADMIN_TOKEN = "test-admin-token-not-a-secret";
export const TEST_VIEWER_TOKEN_SECRET = "test-viewer-token-secret-not-a-secret";
export const TEST_SERVER_CREDENTIALS_KEY = "test-server-credentials-key-not-a-secret";
