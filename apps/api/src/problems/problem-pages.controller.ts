import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PROBLEM_PAGES, ProblemException, ProblemType, statusTitle } from '../infrastructure/errors/problem.js';

const PAGE_OF_SLUG = new Map(
  Object.entries(PROBLEM_PAGES).map(([key, page]) => [ProblemType[key as keyof typeof PROBLEM_PAGES].replace('/problems/', ''), { key, ...page }]),
);

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const withCode = (text: string) => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');

/**
 * The pages that problem types resolve to (RFC 9457 §3.1.1: a type URI, when dereferenced, should describe the
 * problem to a human). Static, public, and outside the database: they answer during an outage too.
 */
@ApiExcludeController()
@Controller('problems')
export class ProblemPagesController {
  @Get(':slug')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  page(@Param('slug') slug: string): string {
    const page = PAGE_OF_SLUG.get(slug);
    if (!page) throw ProblemException.of(404, ProblemType.notFound, `There is no problem type ${slug}.`);
    const codes = page.status
      .split(', ')
      .map((code) => `${code} ${statusTitle(Number(code))}`)
      .join(', ');
    return [
      '<!doctype html>',
      `<html lang="en"><head><meta charset="utf-8"><title>${escape(slug)} · Kelisim API problems</title></head>`,
      '<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 2em auto; line-height: 1.5">',
      `<h1>${escape(slug)}</h1>`,
      `<p><strong>${escape(codes)}</strong></p>`,
      `<p>${withCode(page.description)}</p>`,
      '<p>Every error of the Kelisim API is an RFC 9457 problem (<code>application/problem+json</code>) whose <code>type</code> is the address of a page like this one.</p>',
      '</body></html>',
    ].join('\n');
  }
}
