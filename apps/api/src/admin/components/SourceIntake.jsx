import React, { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Box, Button, DatePicker, Input, Label, MessageBox, Text } from '@adminjs/design-system';
import { ApiClient, useNotice, useTranslation } from 'adminjs';
import { guessContractRoles } from './contract-roles.js';
import { datePickerProps, dayOfPickerValue, pickerValueOfDay } from './date-picker.js';
import { impliedStatus } from './implied-status.js';
import NewDirectoryEntry, { PARTY_KINDS } from './NewDirectoryEntry.jsx';
import { pickTitle } from './titles.js';

const api = new ApiClient();
const SUFFIX = { kk: 'Kk', ru: 'Ru', en: 'En' };
const KIND_COLOURS = { party: '#cfe3ff', person: '#ffe0b2', date: '#d3f3cd', amount: '#f8cfe3', count: '#e4dbff' };
const PRECISIONS = ['day', 'month', 'year'];

// What each card edits. Party and people lists are `one` (a single id) or `many`; contract lists are the roles.
const TYPES = {
  visit: {
    entity: 'visit',
    parties: [
      ['visitingPartyId', 'one'],
      ['hostPartyIds', 'many'],
    ],
    people: [['delegationHeadId', 'one']],
    dates: ['startDate', 'endDate'],
    statuses: ['planned', 'completed', 'cancelled'],
  },
  memorandum: {
    entity: 'memorandum',
    parties: [['parties', 'many']],
    people: [['signatories', 'many']],
    dates: ['signedOn'],
    count: true,
    statuses: ['draft', 'signed', 'in_progress'],
  },
  contract: {
    entity: 'contract',
    parties: [
      ['supplier', 'many'],
      ['buyer', 'many'],
      ['partner', 'many'],
    ],
    people: [],
    dates: ['signedOn'],
    amount: true,
    count: true,
    statuses: ['negotiating', 'signed', 'in_execution'],
  },
  followUp: {
    entity: 'follow_up',
    parties: [['responsiblePartyId', 'one']],
    people: [],
    dates: ['dueOn'],
    statuses: ['planned', 'in_progress', 'done'],
  },
};

const newCard = () => ({ title: '', quotes: [], refs: {}, dates: {}, amount: '', currency: '', quantity: '', status: '' });
const unique = (ids) => [...new Set(ids)];

/** Fills what the card leaves empty from the mentions inside the passage just cited: a proposal, not a decision. */
function propose(type, card, inQuote, text) {
  const spec = TYPES[type];
  const next = { ...card, refs: { ...card.refs }, dates: { ...card.dates } };
  const partyIds = unique(inQuote.filter((m) => m.kind === 'party').map((m) => m.partyId));
  const personIds = unique(inQuote.filter((m) => m.kind === 'person').map((m) => m.personId));
  const dates = inQuote.filter((m) => m.kind === 'date').map((m) => m.value);
  const precise = dates.filter((value) => value.precision !== 'year');
  const usable = precise.length ? precise : dates;
  const empty = (field) => !next.refs[field]?.length;
  if (partyIds.length) {
    const [first] = spec.parties;
    if (type === 'visit') {
      if (empty('visitingPartyId')) next.refs.visitingPartyId = [partyIds[0]];
      if (empty('hostPartyIds')) next.refs.hostPartyIds = partyIds.filter((id) => id !== next.refs.visitingPartyId[0]);
    } else if (type === 'contract') {
      if (['supplier', 'buyer', 'partner'].every(empty)) Object.assign(next.refs, guessContractRoles(text, inQuote));
    } else if (empty(first[0])) next.refs[first[0]] = first[1] === 'one' ? [partyIds[0]] : partyIds;
  }
  const [person] = spec.people;
  if (person && personIds.length && empty(person[0])) next.refs[person[0]] = person[1] === 'one' ? [personIds[0]] : personIds;
  spec.dates.forEach((field, index) => {
    const value = index === spec.dates.length - 1 ? usable[usable.length - 1] : usable[0];
    if (value && !next.dates[field]?.date) next.dates[field] = value;
  });
  const amount = inQuote.find((m) => m.kind === 'amount');
  if (spec.amount && amount && !next.amount) Object.assign(next, { amount: amount.value.amount, currency: amount.value.currency });
  const count = inQuote.find((m) => m.kind === 'count');
  if (spec.count && count && !next.quantity) next.quantity = String(count.value.count);
  return next;
}

/** A card as the REST create body of its type. */
function bodyOf(type, card, key, language) {
  const one = (field) => card.refs[field]?.[0];
  const many = (field) => card.refs[field] ?? [];
  const body = { [`title${SUFFIX[language]}`]: card.title.trim() || undefined, sources: card.quotes.map((quote) => ({ article: key, quote })) };
  if (type === 'visit')
    Object.assign(body, { visitingPartyId: one('visitingPartyId'), hostPartyIds: many('hostPartyIds'), delegationHeadId: one('delegationHeadId') });
  if (type === 'memorandum') {
    body.parties = many('parties').map((partyId) => ({ partyId }));
    body.signatories = many('signatories').map((personId) => ({ personId }));
  }
  if (type === 'contract') body.parties = ['supplier', 'buyer', 'partner'].flatMap((role) => many(role).map((partyId) => ({ partyId, role })));
  if (type === 'followUp') body.responsiblePartyId = one('responsiblePartyId');
  for (const field of TYPES[type].dates) {
    const value = card.dates[field];
    if (value?.date) Object.assign(body, { [field]: value.date, [`${field}Precision`]: value.precision });
  }
  if (card.amount) Object.assign(body, { amount: card.amount.replace(',', '.').replace(/\s/g, ''), currency: card.currency || undefined });
  if (card.quantity) body.quantity = Number(card.quantity);
  if (card.status) body.status = card.status;
  return JSON.parse(JSON.stringify(body));
}

/** The character offset of a point of the selection inside the text block (whose text is exactly the stored text). */
function offsetIn(container, node, offset) {
  const range = document.createRange();
  range.selectNodeContents(container);
  range.setEnd(node, offset);
  return range.toString().length;
}

const chipStyle = (colour, active) => ({
  display: 'inline-block',
  margin: '0 6px 6px 0',
  padding: '3px 10px',
  borderRadius: 14,
  border: `1px solid ${active ? '#3040d6' : '#bbb'}`,
  background: colour,
  cursor: 'pointer',
  fontSize: 13,
});

// Screen 2 of the core loop: the article with what it names highlighted; the editor selects passages, cites them in
// cards (one per record), confirms or corrects what the cards propose and saves everything in one transaction.
const SourceIntake = ({ record, resource, action }) => {
  const { translateComponent, translateLabel, translateMessage, i18n } = useTranslation();
  const t = (key, options) => translateComponent(`Intake.${key}`, options);
  const addNotice = useNotice();
  const navigate = useNavigate();
  const text = record.params.text ?? '';
  const language = record.params.language ?? 'ru';
  const key = record.params.key;
  const loaded = useMemo(() => JSON.parse(record.params.intakeJson || '{"mentions":[],"parties":[],"people":[]}'), [record.params.intakeJson]);
  const [directory, setDirectory] = useState(() => ({
    party: Object.fromEntries(loaded.parties.map((party) => [party.id, party])),
    person: Object.fromEntries(loaded.people.map((person) => [person.id, person])),
  }));
  const [cards, setCards] = useState({ visit: null, memorandum: null, contract: null, followUps: [] });
  const [selection, setSelection] = useState(null);
  const [refusal, setRefusal] = useState(null);
  const [busy, setBusy] = useState(false);
  const textRef = useRef(null);
  const nameOf = (kind, id) => pickTitle(directory[kind][id], i18n.language) ?? id;

  // The passage selected in the text, kept after the mouse leaves it (a click on a button may clear the selection).
  useEffect(() => {
    const onChange = () => {
      const chosen = window.getSelection();
      if (!chosen || chosen.isCollapsed || !textRef.current?.contains(chosen.anchorNode) || !textRef.current.contains(chosen.focusNode)) return;
      const range = chosen.getRangeAt(0);
      let start = offsetIn(textRef.current, range.startContainer, range.startOffset);
      let end = offsetIn(textRef.current, range.endContainer, range.endOffset);
      while (start < end && /\s/.test(text[start])) start += 1;
      while (end > start && /\s/.test(text[end - 1])) end -= 1;
      if (end > start) setSelection({ start, end });
    };
    document.addEventListener('selectionchange', onChange);
    return () => document.removeEventListener('selectionchange', onChange);
  }, [text]);

  const post = async (op, json) => {
    const data = new FormData();
    data.set('op', op);
    data.set('json', JSON.stringify(json));
    const response = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, method: 'post', data });
    return response.data;
  };

  const cite = (path) => {
    if (!selection) return;
    const quote = text.slice(selection.start, selection.end);
    const inQuote = loaded.mentions.filter((m) => m.start >= selection.start && m.end <= selection.end);
    const update = (type, card) => {
      const next = propose(type, { ...card, quotes: card.quotes.includes(quote) ? card.quotes : [...card.quotes, quote] }, inQuote, text);
      return next.title ? next : { ...next, title: quote.length > 200 ? `${quote.slice(0, 199)}…` : quote };
    };
    setCards((current) => {
      if (path === 'followUps+') return { ...current, followUps: [...current.followUps, update('followUp', newCard())] };
      if (path.startsWith('followUps.')) {
        const index = Number(path.split('.')[1]);
        return { ...current, followUps: current.followUps.map((card, i) => (i === index ? update('followUp', card) : card)) };
      }
      return { ...current, [path]: update(path, current[path] ?? newCard()) };
    });
  };

  const change = (path, patch) =>
    setCards((current) => {
      if (!path.startsWith('followUps.')) return { ...current, [path]: { ...current[path], ...patch(current[path]) } };
      const index = Number(path.split('.')[1]);
      return { ...current, followUps: current.followUps.map((card, i) => (i === index ? { ...card, ...patch(card) } : card)) };
    });
  const remove = (path) =>
    setCards((current) =>
      path.startsWith('followUps.')
        ? { ...current, followUps: current.followUps.filter((_, i) => i !== Number(path.split('.')[1])) }
        : { ...current, [path]: null },
    );

  const save = async () => {
    setBusy(true);
    const body = {};
    for (const type of ['visit', 'memorandum', 'contract']) if (cards[type]) body[type] = bodyOf(type, cards[type], key, language);
    if (cards.followUps.length) body.followUps = cards.followUps.map((card) => bodyOf('followUp', card, key, language));
    try {
      const result = await post('save', body);
      if (result.notice) addNotice({ ...result.notice, message: translateMessage(result.notice.message, resource.id) });
      if (result.redirectUrl) navigate(result.redirectUrl);
      else setRefusal(result.refusal ?? { errors: [], message: '' });
    } finally {
      setBusy(false);
    }
  };

  const known = (kind) => Object.keys(directory[kind]);
  const errorsOf = (path) => (refusal?.errors ?? []).filter((error) => error.field === path || error.field.startsWith(`${path}.`));
  const loose = (refusal?.errors ?? []).filter((error) => !/^(visit|memorandum|contract|followUps\.\d+)(\.|$)/.test(error.field));

  const refList = (path, card, kind, [field, arity]) => {
    const chosen = card.refs[field] ?? [];
    const set = (ids) => change(path, (c) => ({ refs: { ...c.refs, [field]: ids } }));
    return (
      <Box mb="md" key={field} data-testid={`${path}-${field}`}>
        <Label>{t(field)}</Label>
        <Box>
          {chosen.map((id) => (
            <span key={id} style={chipStyle(KIND_COLOURS[kind], true)} data-testid="chosen" onClick={() => set(chosen.filter((other) => other !== id))}>
              {nameOf(kind, id)} ×
            </span>
          ))}
          {known(kind)
            .filter((id) => !chosen.includes(id))
            .map((id) => (
              <span key={id} style={chipStyle('#f4f4f4', false)} data-testid="offer" onClick={() => set(arity === 'one' ? [id] : [...chosen, id])}>
                + {nameOf(kind, id)}
              </span>
            ))}
        </Box>
      </Box>
    );
  };

  const dateField = (path, card, field) => {
    const value = card.dates[field] ?? { date: '', precision: 'day' };
    const set = (patch) => change(path, (c) => ({ dates: { ...c.dates, [field]: { ...value, ...patch } } }));
    const offers = loaded.mentions.filter((m) => m.kind === 'date');
    return (
      <Box mb="md" key={field}>
        <Label>{t(field)}</Label>
        <Box flex flexWrap="wrap" style={{ gap: 6 }}>
          {/* The panel's own picker (its language, Monday first, dd.MM.yyyy), as in every form, not the browser's. */}
          <Box data-testid={`${path}-${field}`} style={{ minWidth: 170 }}>
            <DatePicker
              value={pickerValueOfDay(value.date)}
              onChange={(iso) => set({ date: dayOfPickerValue(iso) })}
              propertyType="date"
              {...datePickerProps('date', i18n.language)}
            />
          </Box>
          <select
            value={value.precision}
            onChange={(event) => set({ precision: event.target.value })}
            data-testid={`${path}-${field}Precision`}
            style={{ padding: 6 }}
          >
            {PRECISIONS.map((precision) => (
              <option key={precision} value={precision}>
                {translateLabel(`publishedOnPrecision.${precision}`, resource.id)}
              </option>
            ))}
          </select>
        </Box>
        <Box mt="sm">
          {offers.map((m) => (
            <span key={`${m.start}`} style={chipStyle(KIND_COLOURS.date, false)} onClick={() => set(m.value)}>
              {m.text}
            </span>
          ))}
        </Box>
      </Box>
    );
  };

  const cardView = (type, path, card) => {
    const spec = TYPES[type];
    const errors = errorsOf(path);
    const input = (field, props = {}) => (
      <Box mb="md" key={field}>
        <Label>{t(field)}</Label>
        <Input
          value={card[field]}
          onChange={(event) => change(path, () => ({ [field]: event.target.value }))}
          data-testid={`${path}-${field}`}
          width={1}
          {...props}
        />
      </Box>
    );
    return (
      <Box
        key={path}
        mb="lg"
        p="lg"
        bg="white"
        data-testid={`card-${path}`}
        style={{ border: `1px solid ${errors.length ? '#c00' : '#ddd'}`, borderRadius: 6 }}
      >
        <Box flex justifyContent="space-between" alignItems="center" mb="md">
          <Text fontWeight="bold">{translateLabel(`entityType.${spec.entity}`, resource.id)}</Text>
          <Button size="sm" variant="text" type="button" onClick={() => remove(path)}>
            {t('remove')}
          </Button>
        </Box>
        {errors.length ? (
          <MessageBox variant="danger" mb="md" data-testid={`errors-${path}`}>
            {errors.map((error) => (
              <div key={error.field + error.message}>
                {/* The server words the reason in the user's language; one that names its field «…» needs no prefix. */}
                {error.message.includes('«')
                  ? error.message
                  : `${t(error.field.slice(path.length + 1).split('.')[0] || 'title', { defaultValue: error.field.slice(path.length + 1) })}: ${error.message}`}
              </div>
            ))}
          </MessageBox>
        ) : null}
        {input('title')}
        <Label>{t('quotes')}</Label>
        {card.quotes.map((quote) => (
          <Text key={quote} mb="sm" style={{ fontStyle: 'italic' }} data-testid="quote">
            «{quote}»
            <span style={{ cursor: 'pointer', marginLeft: 6 }} onClick={() => change(path, (c) => ({ quotes: c.quotes.filter((q) => q !== quote) }))}>
              ×
            </span>
          </Text>
        ))}
        <Button size="sm" type="button" mb="md" disabled={!selection} onClick={() => cite(path)} data-testid={`${path}-add-quote`}>
          {t('addSelection')}
        </Button>
        {spec.parties.map((list) => refList(path, card, 'party', list))}
        {spec.people.map((list) => refList(path, card, 'person', list))}
        {spec.dates.map((field) => dateField(path, card, field))}
        {spec.amount ? (
          <Box flex style={{ gap: 8 }}>
            {input('amount', { inputMode: 'decimal' })}
            {input('currency', { maxLength: 3, style: { width: 80 } })}
          </Box>
        ) : null}
        {spec.count ? input('quantity', { inputMode: 'numeric' }) : null}
        <Label>{t('status')}</Label>
        <select
          value={card.status}
          onChange={(event) => change(path, () => ({ status: event.target.value }))}
          data-testid={`${path}-status`}
          style={{ padding: 6 }}
        >
          <option value="">{t('statusByDates', { status: translateLabel(`status.${impliedStatus(spec.entity, card.dates)}`, resource.id) })}</option>
          {spec.statuses.map((status) => (
            <option key={status} value={status}>
              {translateLabel(`status.${status}`, resource.id)}
            </option>
          ))}
        </select>
      </Box>
    );
  };

  const segments = useMemo(() => {
    const parts = [];
    let at = 0;
    for (const m of [...loaded.mentions].sort((a, b) => a.start - b.start)) {
      if (m.start < at) continue;
      if (m.start > at) parts.push({ text: text.slice(at, m.start) });
      parts.push({ text: text.slice(m.start, m.end), kind: m.kind });
      at = m.end;
    }
    if (at < text.length) parts.push({ text: text.slice(at) });
    return parts;
  }, [loaded, text]);

  const citeButtons = [
    ['visit', 'visit'],
    ['memorandum', 'memorandum'],
    ['contract', 'contract'],
    ['followUps+', 'follow_up'],
  ];

  return (
    <Box variant="container" data-testid="source-intake">
      <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 24 }}>
        <Box style={{ flex: '1 1 420px', minWidth: 0 }}>
          <Box mb="md" data-testid="legend">
            {Object.entries(KIND_COLOURS).map(([kind, colour]) => (
              <span key={kind} style={{ ...chipStyle(colour, false), cursor: 'default' }}>
                {t(`kind.${kind}`)}
              </span>
            ))}
          </Box>
          <Box p="lg" bg="grey20" style={{ whiteSpace: 'pre-wrap', lineHeight: 1.7 }} ref={textRef} data-testid="intake-text">
            {segments.map((part, index) =>
              part.kind ? (
                <mark key={index} data-kind={part.kind} style={{ background: KIND_COLOURS[part.kind], padding: 0 }}>
                  {part.text}
                </mark>
              ) : (
                <React.Fragment key={index}>{part.text}</React.Fragment>
              ),
            )}
          </Box>
          <Box mt="md" p="md" bg="white" style={{ border: '1px solid #ddd' }} data-testid="cite-bar">
            <Text mb="sm" data-testid="selection">
              {selection ? `«${text.slice(selection.start, selection.end)}»` : t('noSelection')}
            </Text>
            <Text as="span" mr="sm">
              {t('citeIn')}
            </Text>
            {citeButtons.map(([path, entity]) => (
              <Button key={path} size="sm" type="button" mr="sm" mb="sm" disabled={!selection} onClick={() => cite(path)} data-testid={`cite-${entity}`}>
                {translateLabel(`entityType.${entity}`, resource.id)}
              </Button>
            ))}
          </Box>
          <NewDirectoryEntry
            t={t}
            translateLabel={translateLabel}
            language={i18n.language}
            kinds={[...PARTY_KINDS, 'person']}
            selectedText={selection ? text.slice(selection.start, selection.end) : ''}
            post={post}
            onAdd={(kind, entry) => setDirectory((current) => ({ ...current, [kind]: { ...current[kind], [entry.id]: entry } }))}
          />
        </Box>
        <Box style={{ flex: '1 1 360px', minWidth: 0 }} data-testid="cards">
          {refusal?.message || loose.length ? (
            <MessageBox variant="danger" mb="lg" data-testid="intake-refusal">
              {refusal.message} {loose.map((error) => (error.message.includes('«') ? error.message : `${error.field}: ${error.message}`)).join('; ')}
            </MessageBox>
          ) : null}
          {['visit', 'memorandum', 'contract'].map((type) => (cards[type] ? cardView(type, type, cards[type]) : null))}
          {cards.followUps.map((card, index) => cardView('followUp', `followUps.${index}`, card))}
          {cards.visit || cards.memorandum || cards.contract || cards.followUps.length ? (
            <Button variant="contained" type="button" disabled={busy} onClick={save} data-testid="intake-save">
              {t('save')}
            </Button>
          ) : (
            <Text color="grey60">{t('howTo')}</Text>
          )}
        </Box>
      </Box>
    </Box>
  );
};

export default SourceIntake;
