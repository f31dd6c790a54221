/** Options as Nx passes them, shaped by schema.json (defaults applied there). */
export interface ServiceGeneratorSchema {
  name: string;
  database?: string;
  cache?: boolean;
  queue?: boolean;
  port?: number | string;
  /** Default: `/<name>`. */
  path?: string;
  /** Comma-separated, e.g. `dev,prod`. */
  environments?: string | string[];
  /** Comma-separated, e.g. `eks,k3s`. */
  clusters?: string | string[];
  team?: string;
  /** none (default) or node: a runnable TypeScript service in apps/<name>. */
  app?: string;
}
