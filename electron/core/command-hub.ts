import { isCommandName, type Dispatch } from '../contract/api.js';
import type { CommandName } from '../contract/commands.js';
import type { Result } from '../contract/result.js';

/** A command the engine ran, from any face: its name, the request as sent, and the Result the face got. */
export type CommandListener = (name: CommandName, request: unknown, result: Result<unknown>) => void;

export type CommandHub = Readonly<{
  /** The dispatcher every face ends in; reports each command after it ran, before its Result returns. */
  dispatch: Dispatch;
  onCommand(listener: CommandListener): () => void;
  close(): void;
}>;

/**
 * Wraps the contract's validating dispatcher so in-process listeners hear about every command, whichever face
 * sent it (control socket, HTTP, IPC, in-process): notifications of a strict launch refused from the CLI
 * need it. Validation and turning throws into Results stay in the dispatcher, done once; unknown names are
 * not reported.
 */
export function createCommandHub(validating: Dispatch): CommandHub {
  const listeners = new Set<CommandListener>();
  return {
    async dispatch(name, request) {
      const result = await validating(name, request);
      if (!isCommandName(name)) return result;
      for (const listener of [...listeners]) {
        try {
          listener(name, request, result);
        } catch {
          // A failing listener must not change the Result the face gets, nor stop the other listeners.
        }
      }
      return result;
    },
    onCommand(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    close: () => listeners.clear(),
  };
}
