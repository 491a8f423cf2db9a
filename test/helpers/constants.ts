// Values shared by the test config and the tests. Not secrets: they only exist in test runs.
export const TEST_ADMIN_TOKEN = "test-admin-token-not-a-secret";
