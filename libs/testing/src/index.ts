export { freshDatabase, TEST_SERVER_URL } from './postgres';
