import nock from 'nock';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

// No test may reach the network by accident, and every interceptor a test sets up must be used.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending, 'unused nock interceptors').toEqual([]);
});
afterAll(() => {
  nock.enableNetConnect();
});
