// Lint rules for the whole tree, type-aware (typescript-eslint): no `any`, no type assertions but
// `as const`, no non-null assertions, no floating or misused promises (`void promise` marks an
// intended fire-and-forget). Each file is linted with the types of the runtime it runs in: the
// tsconfig that includes it (workerd, Node, browser tests, viewer). Formatting is Prettier's.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "spa/dist/", ".wrangler/", "test/browser/screenshots/", "**/*.d.ts"] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ["./tsconfig.json", "./tsconfig.node.json", "./tsconfig.browser.json", "./spa/tsconfig.json"],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // TypeScript resolves names itself (checkJs included), with each runtime's own globals.
      "no-undef": "off",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-assertions": ["error", { assertionStyle: "never" }],
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/no-floating-promises": ["error", { ignoreVoid: true }],
      // `async` without `await` is how a stub or a handler keeps an async interface; the promise rules above are what matter.
      "@typescript-eslint/require-await": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
);
