/**
 * `npm run build` step: pre-builds the panel's component bundle for production (NODE_ENV=production unless set), and
 * the compressed copies of the production scripts, so a production start serves both at once. The server rebuilds
 * the bundle only if the components changed, and compresses only what has no copy yet.
 */
import { ensureComponentBundle, prepareBundleEnvironment, registerComponents } from './bundle.js';
import { compressedAssetsDir, panelAssets, precompressAssets } from './panel-assets.js';

process.env.NODE_ENV ||= 'production';
prepareBundleEnvironment('production');
const { default: AdminJS, ComponentLoader, Router: AdminRouter } = await import('adminjs');
const componentLoader = new ComponentLoader();
registerComponents(componentLoader);
const bundle = await ensureComponentBundle(new AdminJS({ componentLoader }), 'production', (message) => process.stdout.write(`${message}\n`));
process.stdout.write(`Admin panel bundle (${process.env.NODE_ENV}): ${bundle}\n`);
const started = Date.now();
const written = await precompressAssets(panelAssets(AdminRouter.assets, 'production', bundle), compressedAssetsDir(bundle));
if (written > 0) process.stdout.write(`Admin panel scripts compressed (brotli, gzip): ${written} files in ${Date.now() - started} ms\n`);
