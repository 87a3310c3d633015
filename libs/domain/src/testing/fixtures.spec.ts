import { BERAT_PATH, MORAL_PATH, NO_SHOW_PATH, SEDANG_PATH, run } from './fixtures';

describe('scripted histories used by the specifications', () => {
  it.each([
    ['sedang', SEDANG_PATH, 'objection_window'],
    ['no-show', NO_SHOW_PATH, 'decision'],
    ['berat', BERAT_PATH, 'objection_window'],
    ['moral', MORAL_PATH, 'delivery'],
  ])('the %s path is accepted end to end', (_name, steps, stage) => {
    const { state, events } = run(steps);
    expect(state.stage).toBe(stage);
    expect(state.version).toBe(events.length);
  });
});
