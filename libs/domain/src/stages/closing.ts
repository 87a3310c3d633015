// Closing: not proven, withdrawn before a decision, and reopening a closed case.
import { event } from '../case/events';
import { type Handlers, close } from './shared';

export const closingHandlers: Handlers<'CloseCase' | 'WithdrawCase' | 'ReopenCase'> = {
  CloseCase(input, state, context) {
    input.oneOf('outcome', ['not_proven'] as const);
    return [close('not_proven', input.str('reason'), context)];
  },

  WithdrawCase(input, state, context) {
    return [close('withdrawn', input.str('reason'), context)];
  },

  ReopenCase(input, state, context) {
    return [
      event('CaseReopened', {
        reason: input.str('reason'),
        previousOutcome: state.closure?.outcome ?? 'withdrawn',
        round: state.round + 1,
        at: context.now,
      }),
    ];
  },
};
