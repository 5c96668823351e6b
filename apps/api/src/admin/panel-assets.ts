import express, { type NextFunction, type Request, type Response } from 'express';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AdminBundle } from '../infrastructure/config/app-config.js';

/** One file the panel's pages load, at its plain URL (as AdminJS names it) and at its content-addressed one. */
export interface PanelAsset {
  /** Under the panel's root: `/frontend/assets/app.bundle.js`. */
  path: string;
  file: string;
  /** `/frontend/assets/app.bundle.3f2a…js`: a new URL whenever the content changes, so it may be cached for good. */
  hashedPath?: string;
}

const SCRIPT_MODE = /\.(development|production)\.js$/;
const YEAR_SECONDS = 31_536_000;

/**
 * The panel's assets in the chosen mode. AdminJS lists its own for the mode NODE_ENV gave it when it was imported;
 * the same files of the chosen mode sit beside them (`app-bundle.production.js`), so the mode is the panel's setting,
 * not NODE_ENV's. The scripts (AdminJS's three bundles and the panel's components) get content-hashed URLs.
 */
export function panelAssets(adminAssets: { path: string; src: string }[], mode: AdminBundle, componentBundle: string): PanelAsset[] {
  const assets = [...adminAssets.filter((asset) => asset.path !== COMPONENTS_PATH), { path: COMPONENTS_PATH, src: componentBundle }];
  return assets.map(({ path: assetPath, src }) => {
    const file = path.resolve(src.replace(SCRIPT_MODE, `.${mode}.js`));
    if (!assetPath.endsWith('.js')) return { path: assetPath, file };
    const hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 16);
    return { path: assetPath, file, hashedPath: assetPath.replace(/\.js$/, `.${hash}.js`) };
  });
}

const COMPONENTS_PATH = '/frontend/assets/components.bundle.js';

/**
 * Serves the assets (compressed by the middleware before it, as the panel's pages are). A content-hashed URL is cached for a year and never revalidated; a plain one (an old page, a
 * bookmark) is revalidated on every use.
 */
export function assetRoutes(assets: PanelAsset[]): express.Router {
  const router = express.Router();
  // Express 5's sendFile refuses paths with a dot-folder (a project under ~/.something, say) unless told otherwise.
  const send = (file: string, options: { maxAge: number; immutable?: boolean }) => (_req: Request, res: Response, next: NextFunction) =>
    res.sendFile(file, { dotfiles: 'allow', ...options }, (error) => error && next(error));
  for (const asset of assets) {
    router.get(asset.path, send(asset.file, { maxAge: 0 }));
    if (asset.hashedPath) router.get(asset.hashedPath, send(asset.file, { maxAge: YEAR_SECONDS * 1000, immutable: true }));
  }
  return router;
}

/** A page of the panel with its script URLs replaced by the content-hashed ones. */
export function withHashedAssetUrls(html: string, root: string, assets: PanelAsset[]): string {
  let page = html;
  for (const asset of assets) {
    if (asset.hashedPath) page = page.replaceAll(`"${root}${asset.path}"`, `"${root}${asset.hashedPath}"`);
  }
  return page;
}
