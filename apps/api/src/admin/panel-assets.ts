import express, { type NextFunction, type Request, type Response } from 'express';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { AdminBundle } from '../infrastructure/config/app-config.js';

/** One file the panel's pages load, at its plain URL (as AdminJS names it) and at its content-addressed one. */
export interface PanelAsset {
  /** Under the panel's root: `/frontend/assets/app.bundle.js`. */
  path: string;
  file: string;
  /** `/frontend/assets/app.bundle.3f2a…js`: a new URL whenever the content changes, so it may be cached for good. */
  hashedPath?: string;
  /** The first 16 hex digits of the content's SHA-256, naming its pre-compressed copies. */
  hash?: string;
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
    return { path: assetPath, file, hash, hashedPath: assetPath.replace(/\.js$/, `.${hash}.js`) };
  });
}

const COMPONENTS_PATH = '/frontend/assets/components.bundle.js';

/**
 * The encodings the hashed scripts are stored in, best first. Brotli at its best quality takes seconds per megabyte,
 * so it is done once per content (by `npm run build`, or in the background at start), never per request: the
 * compression middleware's on-the-fly brotli cost the event loop ~150 ms of every cold page load and sent 25% more.
 */
const ENCODINGS = [
  {
    name: 'br',
    extension: 'br',
    compress: (data: Buffer) =>
      promisify(zlib.brotliCompress)(data, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
          [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
  },
  { name: 'gzip', extension: 'gz', compress: (data: Buffer) => promisify(zlib.gzip)(data, { level: zlib.constants.Z_BEST_COMPRESSION }) },
] as const;

/** Where the compressed copies of the scripts live: beside the component bundle, so an image that ships one ships both. */
export function compressedAssetsDir(componentBundle: string): string {
  return path.join(path.dirname(componentBundle), 'compressed');
}

const compressedFile = (dir: string, hash: string, extension: string) => path.join(dir, `${hash}.${extension}`);

/**
 * Writes the compressed copies that are missing (one per content hash and encoding) and says how many it wrote.
 * Several processes may do this at once: each writes its own temporary file and renames it into place.
 */
export async function precompressAssets(assets: PanelAsset[], dir: string): Promise<number> {
  await fs.promises.mkdir(dir, { recursive: true });
  const missing = assets.flatMap(({ file, hash }) =>
    hash ? ENCODINGS.filter((encoding) => !fs.existsSync(compressedFile(dir, hash, encoding.extension))).map((encoding) => ({ file, hash, encoding })) : [],
  );
  await Promise.all(
    missing.map(async ({ file, hash, encoding }) => {
      const target = compressedFile(dir, hash, encoding.extension);
      const temporary = `${target}.${process.pid}.${encoding.extension}.tmp`;
      await fs.promises.writeFile(temporary, await encoding.compress(await fs.promises.readFile(file)));
      await fs.promises.rename(temporary, target);
    }),
  );
  return missing.length;
}

/**
 * Serves the assets. A content-hashed URL is cached for a year and never revalidated, and sent as its stored
 * compressed copy in the best encoding the browser accepts; until that copy exists (the first seconds after a start
 * that had to make it), and for a plain URL (an old page, a bookmark; revalidated on every use), the compression
 * middleware before this router compresses on the fly, as it does the panel's pages.
 */
export function assetRoutes(assets: PanelAsset[], compressedDir: string): express.Router {
  const router = express.Router();
  // Express 5's sendFile refuses paths with a dot-folder (a project under ~/.something, say) unless told otherwise.
  const send = (file: string, options: { maxAge: number; immutable?: boolean }) => (_req: Request, res: Response, next: NextFunction) =>
    res.sendFile(file, { dotfiles: 'allow', ...options }, (error) => error && next(error));
  for (const asset of assets) {
    router.get(asset.path, send(asset.file, { maxAge: 0 }));
    if (!asset.hashedPath || !asset.hash) continue;
    const { hash } = asset;
    const plain = send(asset.file, { maxAge: YEAR_SECONDS * 1000, immutable: true });
    router.get(asset.hashedPath, (req, res, next) => {
      // The browser's acceptable encodings (q=0 excluded); brotli wins a tie, as with the compression middleware.
      const acceptable = req.acceptsEncodings();
      const encoding = ENCODINGS.find(({ name }) => acceptable.includes(name));
      const stored = encoding && compressedFile(compressedDir, hash, encoding.extension);
      if (!encoding || !stored || !fs.existsSync(stored)) return plain(req, res, next);
      res.vary('Accept-Encoding');
      res.setHeader('Content-Encoding', encoding.name);
      res.type('js');
      res.sendFile(stored, { dotfiles: 'allow', maxAge: YEAR_SECONDS * 1000, immutable: true }, (error) => error && next(error));
    });
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
