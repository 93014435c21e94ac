// Fixture project for test/reporters: the shared report-fixture config (../report-config.ts).
import { reportFixtureConfig } from '../report-config.ts';

export default reportFixtureConfig();
