export * from './flow.js';
import * as client from 'openid-client';
import { config } from './flow.js';

// openid-client's own ID-token signature check (JWKS from jwks_uri, cached).
client.enableNonRepudiationChecks(config);
