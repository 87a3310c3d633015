/**
 * Request bodies of the officer commands, one class per command, mirroring `CaseCommandMap` of
 * @netral/domain field by field (checked at compile time at the end of each file). Validation at the edge
 * catches malformed input with a 400 listing every field; the domain still decides whether the content is
 * lawful (409/422).
 *
 * Every body also takes an optional `reason` — why the command is given (e.g. the letter number) — that is
 * recorded in the events' metadata. Where the command itself has a `reason` (follow-up, close, withdraw,
 * reopen) that field is both.
 */
// The bodies live in dto/, one file per case stage as in the domain's stages/; re-exported here so that the
// controllers import one module.
export * from './dto/mirrors';
export * from './dto/with-reason';
export * from './dto/intake';
export * from './dto/clarification';
export * from './dto/follow-up';
export * from './dto/examination';
export * from './dto/ethics';
export * from './dto/decision';
export * from './dto/objection';
export * from './dto/closing';

// The vocabularies live in the domain (one home); re-exported for the routes and views that list them.
export {
  CLARIFYING_BODIES,
  DELIVERY_METHODS,
  ELECTION_KINDS,
  OBJECTION_OUTCOMES,
  RECOMMENDING_BODIES,
  TIM_PEMERIKSA_ROLES,
} from '@netral/domain';
