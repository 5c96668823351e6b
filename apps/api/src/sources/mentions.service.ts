import { Injectable } from '@nestjs/common';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';
import { type CompiledDirectory, compileDirectory, type DirectoryEntry, extract, type Mention } from './mentions/extract-mentions.js';
import { SourcesService } from './sources.service.js';

/** What a source's text names, found against the directory of every live party and person (kk/ru/en names, aliases). */
@Injectable()
export class MentionsService {
  /** Compiling the directory costs far more than reading a text; it is kept until a party or person changes. */
  private compiled?: { stamp: string; directory: CompiledDirectory };

  constructor(
    private readonly prisma: PrismaService,
    private readonly sources: SourcesService,
  ) {}

  async mentionsIn(key: string): Promise<Mention[]> {
    const source = await this.sources.textOf(key);
    return extract(source.text, await this.directory(), { referenceYear: source.publishedOn?.getUTCFullYear() });
  }

  private async directory(): Promise<CompiledDirectory> {
    // Any create, edit, archive or restore moves the count or a version. Not max(updated_at) alone: it is the start of
    // the writing transaction, so one that commits after a later-started one can leave it where it was.
    const [{ stamp }] = await this.prisma.$queryRaw<{ stamp: string }[]>`
      SELECT concat_ws('/', (SELECT concat(count(*), ':', max(updated_at), ':', sum(version)) FROM party), (SELECT concat(count(*), ':', max(updated_at), ':', sum(version)) FROM person)) AS stamp`;
    if (this.compiled?.stamp !== stamp) this.compiled = { stamp, directory: compileDirectory(await this.entries()) };
    return this.compiled.directory;
  }

  /** One statement: parties and people with their names. */
  private async entries(): Promise<DirectoryEntry[]> {
    const rows = await this.prisma.$queryRaw<{ kind: 'party' | 'person'; id: string; names: (string | null)[] }[]>`
      SELECT 'party' AS kind, id::text, ARRAY[name_kk, name_ru, name_en] || aliases AS names FROM party WHERE archived_at IS NULL
      UNION ALL
      SELECT 'person', id::text, ARRAY[name_kk, name_ru, name_en] FROM person WHERE archived_at IS NULL`;
    return rows.map((row) => ({ kind: row.kind, id: row.id, names: [...new Set(row.names.filter((name): name is string => !!name?.trim()))] }));
  }
}
