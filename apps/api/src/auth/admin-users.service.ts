import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { AdminRole, AdminUser, Language } from '@prisma/client';
// @node-rs/argon2 rather than `argon2`: the latter's prebuilt binary crashes (SIGSEGV) on these machines
// unless compiled from source, which a fresh install without a compiler cannot do.
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppConfig } from '../infrastructure/config/app-config.js';
import { ProblemException, ProblemType } from '../infrastructure/errors/problem.js';
import { PrismaService } from '../infrastructure/prisma/prisma.service.js';

export const MIN_PASSWORD_LENGTH = 12;

export interface NewAdminUser {
  email: string;
  password: string;
  role: AdminRole;
  name?: string | null;
  regionPartyId?: string | null;
  locale?: Language;
}

/** A change to a staff account; absent fields stay, a password is set only when given. */
export interface AdminUserChange {
  email?: string;
  password?: string | null;
  role?: AdminRole;
  name?: string | null;
  regionPartyId?: string | null;
  locale?: Language;
  disabledAt?: Date | null;
}

const ROLES: AdminRole[] = ['admin', 'editor', 'viewer'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@Injectable()
export class AdminUsersService {
  private readonly logger = new Logger('AdminUsers');

  constructor(
    private readonly prisma: PrismaService,
    private readonly config: AppConfig,
  ) {}

  async create(input: NewAdminUser): Promise<AdminUser> {
    const email = input.email.trim().toLowerCase();
    const errors = accountErrors({ ...input, email });
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      errors.push({ field: 'password', message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` });
    }
    if (errors.length) throw ProblemException.validation(errors);
    await this.assertRegionExists(input.regionPartyId);
    await this.assertEmailFree(email);
    return this.prisma.adminUser.create({
      data: {
        email,
        name: input.name ?? null,
        passwordHash: await hashPassword(input.password),
        role: input.role,
        regionPartyId: input.regionPartyId ?? null,
        locale: input.locale ?? 'ru',
      },
    });
  }

  /**
   * Changes a staff account with the same checks as create (email, role, region), plus the ones only an edit needs:
   * nobody demotes or disables themselves (so the last admin cannot lock everyone out by accident).
   */
  async update(id: string, change: AdminUserChange, actingUserId: string): Promise<AdminUser> {
    const current = await this.prisma.adminUser.findUnique({ where: { id } });
    if (!current) throw ProblemException.notFound('Admin user', id);
    const email = (change.email ?? current.email).trim().toLowerCase();
    const role = change.role ?? current.role;
    const errors = accountErrors({ email, role });
    if (change.password && change.password.length < MIN_PASSWORD_LENGTH) {
      errors.push({ field: 'password', message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` });
    }
    if (id === actingUserId && (role !== 'admin' || change.disabledAt)) errors.push({ field: 'role', message: 'cannotDemoteYourself' });
    if (errors.length) throw ProblemException.validation(errors);
    if (change.regionPartyId !== undefined) await this.assertRegionExists(change.regionPartyId);
    await this.assertEmailFree(email, id);
    // One write, so a refused change never leaves a new password behind.
    return this.prisma.adminUser.update({
      where: { id },
      data: {
        email,
        role,
        ...(change.password ? { passwordHash: await hashPassword(change.password) } : {}),
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.regionPartyId !== undefined ? { regionPartyId: change.regionPartyId } : {}),
        ...(change.locale !== undefined ? { locale: change.locale } : {}),
        ...(change.disabledAt !== undefined ? { disabledAt: change.disabledAt } : {}),
      },
    });
  }

  /** The region an editor is bound to must be a live party. */
  private async assertRegionExists(regionPartyId: string | null | undefined): Promise<void> {
    if (!regionPartyId) return;
    const region = await this.prisma.party.findUnique({ where: { id: regionPartyId }, select: { archivedAt: true } });
    if (!region || region.archivedAt) {
      throw ProblemException.validation([{ field: 'region', message: `party ${regionPartyId} does not exist or is archived` }]);
    }
  }

  private async assertEmailFree(email: string, exceptUserId?: string): Promise<void> {
    const holder = await this.prisma.adminUser.findUnique({ where: { email }, select: { id: true } });
    if (holder && holder.id !== exceptUserId) {
      throw ProblemException.of(HttpStatus.CONFLICT, ProblemType.duplicate, `A user with email ${email} already exists.`);
    }
  }

  /** The user for a correct email and password; undefined otherwise (and for disabled users). */
  async verifyLogin(email: string, password: string): Promise<AdminUser | undefined> {
    const user = await this.prisma.adminUser.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!user || user.disabledAt) {
      // Same work as a real check, so response time does not reveal which emails exist.
      await verify(DUMMY_HASH, password).catch(() => false);
      return undefined;
    }
    if (!(await verify(user.passwordHash, password).catch(() => false))) return undefined;
    return this.prisma.adminUser.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  }

  async findById(id: string): Promise<AdminUser | null> {
    return this.prisma.adminUser.findUnique({ where: { id } });
  }

  async setPassword(id: string, password: string): Promise<void> {
    if (password.length < MIN_PASSWORD_LENGTH) {
      throw ProblemException.validation([{ field: 'password', message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` }]);
    }
    await this.prisma.adminUser.update({ where: { id }, data: { passwordHash: await hashPassword(password) } });
  }

  /**
   * On a start with no users, creates the first admin: from ADMIN_EMAIL/ADMIN_PASSWORD when set, otherwise with a
   * random password printed once and written to DATA_DIR/initial-admin-password (0600). Never a fixed default.
   */
  async ensureInitialAdmin(dataDir: string, print: (line: string) => void): Promise<AdminUser | undefined> {
    if ((await this.prisma.adminUser.count()) > 0) return undefined;
    const email = this.config.ADMIN_EMAIL ?? 'admin@kelisim.local';
    const generated = !this.config.ADMIN_PASSWORD;
    const password = this.config.ADMIN_PASSWORD ?? randomBytes(18).toString('base64url');
    const user = await this.create({ email, password, role: 'admin', name: 'Administrator' });
    if (generated) {
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o711 });
      const file = path.join(dataDir, 'initial-admin-password');
      fs.writeFileSync(file, `${email}\n${password}\n`, { mode: 0o600 });
      fs.chmodSync(file, 0o600);
      print(`Created the first admin user ${email} with password ${password} (also saved to ${file}). Change it after logging in.`);
    } else {
      this.logger.log(`Created the first admin user ${email} from ADMIN_EMAIL/ADMIN_PASSWORD.`);
    }
    return user;
  }
}

function accountErrors(account: { email: string; role: AdminRole }): { field: string; message: string }[] {
  const errors = [];
  if (!EMAIL.test(account.email)) errors.push({ field: 'email', message: 'email must be an email address' });
  if (!ROLES.includes(account.role)) errors.push({ field: 'role', message: 'role must be one of admin, editor, viewer' });
  return errors;
}

/** argon2id (the library's default algorithm) with OWASP's recommended cost: 19 MiB, 2 passes. */
function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

/** A hash of a random secret nobody knows, verified against for unknown emails. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$REB657cP5yErflElebXfyw$XlcuL9Gg97ThTv7jTsrHsOR2pXNapOI+R/j+tIDo3+0';
