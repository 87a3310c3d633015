// The console's Indonesian stage, event and role names are the printed case file's (one vocabulary for
// officers, whether on screen or on paper), and every stage and event type has a name in both languages.
import { STAGE_NAMES, EVENT_NAMES, ROLE_NAMES } from './indonesian';
import { en } from '../../../../console/src/i18n/en';
import { id } from '../../../../console/src/i18n/id';

describe('console vocabulary', () => {
  it('names stages, events and roles as the printed case file does', () => {
    expect(id.stages).toEqual(STAGE_NAMES);
    expect(id.events).toEqual(EVENT_NAMES);
    expect(id.roles).toEqual(ROLE_NAMES);
  });

  it('has an English name for each of them', () => {
    expect(Object.keys(en.stages).sort()).toEqual(Object.keys(STAGE_NAMES).sort());
    expect(Object.keys(en.events).sort()).toEqual(Object.keys(EVENT_NAMES).sort());
    expect(Object.keys(en.roles).sort()).toEqual(Object.keys(ROLE_NAMES).sort());
  });
});
