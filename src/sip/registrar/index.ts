// The registrar (RFC 3261 §10.3) and its location service.
export { Registrar } from './registrar.ts';
export type { RegistrarOptions, RegisterResult } from './registrar-options.ts';
export type { Binding, BindingSource } from './binding.ts';
