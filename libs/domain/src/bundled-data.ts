// The default catalogues and deadline policy shipped with the domain, as versioned JSON data
// (libs/domain/data). The holiday data is loaded only by the calendar entry point, so the workflow bundle
// stays small. Everything here is frozen: callers get a new version by parsing amended JSON, never by mutation.
import sanctionCatalogueJson from '../data/sanction-catalogue.json';
import violationCatalogueJson from '../data/violation-catalogue.json';
import supervisoryBodiesJson from '../data/supervisory-bodies.json';
import deadlinePolicyJson from '../data/deadline-policy.json';
import agenciesJson from '../data/agencies.json';
import deadlineLegalBasisIdJson from '../data/deadline-legal-basis-id.json';

export { deepFreeze } from './freeze';

export const bundledData = {
  sanctionCatalogue: sanctionCatalogueJson as unknown,
  violationCatalogue: violationCatalogueJson as unknown,
  supervisoryBodies: supervisoryBodiesJson as unknown,
  deadlinePolicy: deadlinePolicyJson as unknown,
  agencies: agenciesJson as unknown,
  deadlineLegalBasisId: deadlineLegalBasisIdJson as unknown,
};
