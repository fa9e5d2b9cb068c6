import type { Result } from '../core/result.js';
import { fail, ok } from '../core/result.js';
import { formatIssues } from './issues.js';
import { commandSchemas, type CommandName, type CommandRequest, type CommandResults, type ValidRequest } from './commands.js';

/** What a face calls: one function per command name, derived from the map. */
export type BerthApi = { [N in CommandName]: (req: CommandRequest<N>) => Promise<Result<CommandResults[N]>> };

/** What the engine implements: the same names, receiving validated requests. A missing one is a compile error. */
export type Handlers = { [N in CommandName]: (req: ValidRequest<N>) => Promise<Result<CommandResults[N]>> };

export const commandNames = Object.keys(commandSchemas) as CommandName[];

/** Commands the port engine answers in-process, without a host (nothing they do writes the data dir). */
export type PortCommand = Extract<CommandName, `ports.${string}`>;
export const portCommandNames = commandNames.filter((n): n is PortCommand => n.startsWith('ports.'));
export type PortHandlers = Pick<Handlers, PortCommand>;

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(commandSchemas, name);
}

/** Validation at the boundary: one clear line per problem, naming the field. */
export function validateRequest<N extends CommandName>(name: N, input: unknown): Result<ValidRequest<N>> {
  const parsed = commandSchemas[name].safeParse(input ?? {});
  if (parsed.success) return ok(parsed.data as ValidRequest<N>);
  return fail('bad-input', formatIssues(parsed.error));
}

/** An in-process client: validate, then call the handler. Other transports wrap the same two steps. */
export function createLocalApi(handlers: Handlers): BerthApi;
export function createLocalApi<N extends CommandName>(handlers: Pick<Handlers, N>, names: readonly N[]): Pick<BerthApi, N>;
export function createLocalApi(handlers: Partial<Handlers>, names: readonly CommandName[] = commandNames): Partial<BerthApi> {
  const api = {} as Record<CommandName, (req: unknown) => Promise<Result<unknown>>>;
  for (const name of names) {
    api[name] = async (req: unknown) => {
      const valid = validateRequest(name, req);
      if (!valid.ok) return valid;
      return (handlers[name] as (r: unknown) => Promise<Result<unknown>>)(valid.value);
    };
  }
  return api as unknown as BerthApi;
}
