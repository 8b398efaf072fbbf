export { freshDatabase, TEST_SERVER_URL } from './postgres';
export {
  describeWithServer,
  dockerEngine,
  kurrentTestServer,
  mongoTestServer,
  type StartedServer,
  type TestServer,
} from './test-servers';
export { startTestSmtp, type TestSmtp, type TestSmtpOptions } from './smtp';
export { freePort } from './free-port';
