/**
 * An import file as text, the way `hotline import` reads it: the test tenant of
 * `tenantWithNumber` with one number whose own keys (caps, policy, boundPhones…) are given as YAML
 * lines, written as if at the top level; they are indented under the number here.
 */
import { stringify } from 'yaml';
import { tenantWithNumber } from './platform-harness.ts';

export function importYaml(numberKeys: string, number = '400-612-3456'): string {
  const { numbers: _numbers, users: _users, ...tenant } = tenantWithNumber(number, []);
  const keys = numberKeys.replace(/^\n+|\s+$/g, '').split('\n');
  const lines = [`      - number: ${number}`, ...keys.map((l) => `        ${l}`)];
  return `${stringify({ tenants: [tenant] })}    numbers:\n${lines.join('\n')}\n`;
}
