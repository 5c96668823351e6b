/**
 * `npm run build` step: pre-builds the panel's component bundle for production (NODE_ENV=production unless set), so
 * a production start serves it at once instead of bundling. The server rebuilds only if the components changed.
 */
import { ensureComponentBundle, prepareBundleEnvironment, registerComponents } from './bundle.js';

process.env.NODE_ENV ||= 'production';
prepareBundleEnvironment('production');
const { default: AdminJS, ComponentLoader } = await import('adminjs');
const componentLoader = new ComponentLoader();
registerComponents(componentLoader);
const bundle = await ensureComponentBundle(new AdminJS({ componentLoader }), 'production', (message) => process.stdout.write(`${message}\n`));
process.stdout.write(`Admin panel bundle (${process.env.NODE_ENV}): ${bundle}\n`);
