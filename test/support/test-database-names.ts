/** Names shared by the global setup (which makes them) and the test files (which clone them). */
export const TEMPLATE_DATABASE = 'kmo_template';
export const DEMO_TEMPLATE_DATABASE = 'kmo_template_demo';
