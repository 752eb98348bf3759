import nx from '@nx/eslint-plugin';
import baseConfig from './eslint.config.mjs';

// Shared by every Angular project (apps/web, libs/web/*): Angular's lint
// rules on top of the workspace base, one selector prefix for the whole UI.
export default [
  ...nx.configs['flat/angular'],
  ...nx.configs['flat/angular-template'],
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'app', style: 'camelCase' }],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'app', style: 'kebab-case' }],
    },
  },
];
