import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/*
 * Where a webhook may be sent. In production only https, and only to public addresses: a subscription must not turn
 * the service into a proxy into its own network (SSRF). The address is checked when the subscription is made and
 * again on every delivery, on the very addresses the connection then uses (a lookup hook, not a second lookup), so a
 * name that resolved to a public address yesterday and to 127.0.0.1 today (DNS rebinding) is refused.
 */

export const MAX_WEBHOOK_URL_LENGTH = 2000;

export interface TargetPolicy {
  /** Production: https only, public addresses only. */
  strict: boolean;
}

/** Why a subscription URL is refused, or null when it is acceptable (its name is resolved at delivery). */
export function urlProblem(url: string, policy: TargetPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url must be an absolute http(s) URL';
  }
  if (url.length > MAX_WEBHOOK_URL_LENGTH) return `url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`;
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && !policy.strict)) {
    return policy.strict ? 'url must be an https URL' : 'url must be an http or https URL';
  }
  if (parsed.username || parsed.password) return 'url must not contain a user name or password';
  if (parsed.hash) return 'url must not have a fragment';
  const literal = parsed.hostname.replace(/^\[|\]$/g, '');
  if (policy.strict && ipaddr.isValid(literal) && !isPublicAddress(literal)) return 'url must not point at a private, loopback or link-local address';
  return null;
}

/** Public unicast only: no loopback, private, link-local, unique-local, carrier-grade NAT, multicast or reserved. */
export function isPublicAddress(address: string): boolean {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

export class BlockedAddressError extends Error {}

/**
 * The DNS lookup of a delivery's connection: under a strict policy it refuses a name with any non-public address
 * (all of them are checked, since the connection may use any).
 */
export function guardedLookup(policy: TargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const blocked = policy.strict ? addresses.find((entry) => !isPublicAddress(entry.address)) : undefined;
      if (blocked) return callback(new BlockedAddressError(`${hostname} resolves to ${blocked.address}, which is not a public address`), '', 0);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
