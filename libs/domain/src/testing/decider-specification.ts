// Given/when/then specifications for a decider, in the style of Emmett's DeciderSpecification:
//
//   DeciderSpecification.for(decider, contextFor)
//     .given(events).when(command, contextOverrides).then(expectedEvents)      // or .thenThrows('LATE_OBJECTION')
//
// Test support only (not exported from the package index). It uses Jest's global `expect` when run under Jest;
// the local declaration keeps this file compiling without Jest's types in the production build.
import { type Decider } from '../decider';
import { DomainError, type DomainErrorCode } from '../errors';

declare const expect: (actual: unknown) => { toEqual(expected: unknown): void };

export interface ThenStep<Event, State> {
  /** The decided events equal the expected ones (Jest asymmetric matchers are allowed). */
  then(expected: Event[]): { events: Event[]; state: State };
  /** The command is refused with a DomainError of this code. */
  thenThrows(code: DomainErrorCode, check?: (error: DomainError) => void): DomainError;
}

export interface WhenStep<Command, Event, State, ContextOverrides> {
  when(command: Command, overrides?: ContextOverrides): ThenStep<Event, State>;
}

export const DeciderSpecification = {
  for<Command, Event, State, Context, ContextOverrides = Partial<Context>>(
    decider: Decider<Command, Event, State, Context>,
    contextFor: (overrides?: ContextOverrides) => Context,
  ) {
    return {
      given(events: Event[]): WhenStep<Command, Event, State, ContextOverrides> {
        const state = events.reduce(decider.evolve, decider.initialState);
        return {
          when(command: Command, overrides?: ContextOverrides): ThenStep<Event, State> {
            const run = () => decider.decide(command, state, contextFor(overrides));
            return {
              then(expected: Event[]) {
                const events = run();
                expect(events).toEqual(expected);
                // Every accepted event sequence must evolve and stay plain JSON.
                const next = events.reduce(decider.evolve, state);
                expect(JSON.parse(JSON.stringify(next))).toEqual(next);
                return { events, state: next };
              },
              thenThrows(code: DomainErrorCode, check?: (error: DomainError) => void): DomainError {
                let thrown: unknown;
                try {
                  const events = run();
                  thrown = new Error(
                    `expected ${code}, but the command was accepted: ${JSON.stringify(events)}`,
                  );
                } catch (error) {
                  thrown = error;
                }
                if (!(thrown instanceof DomainError)) throw thrown;
                expect({ code: thrown.code, message: thrown.message }).toEqual({
                  code,
                  message: thrown.message,
                });
                check?.(thrown);
                return thrown;
              },
            };
          },
        };
      },
    };
  },
};
