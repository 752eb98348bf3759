import baseConfig from '../../eslint.config.mjs';

// The shared e2e support in tools/test (cluster, API stack, HTTP client, demo
// accounts) sits outside every Nx project: allow relative imports of it here.
const allowTestTools = (entry) => {
  const rule = entry.rules?.['@nx/enforce-module-boundaries'];
  if (!rule) return entry;
  const [level, options = {}] = rule;
  const allow = [...(options.allow ?? []), '^(\\.\\./)+tools/test/'];
  return { ...entry, rules: { ...entry.rules, '@nx/enforce-module-boundaries': [level, { ...options, allow }] } };
};

export default baseConfig.map(allowTestTools);
