import React from 'react';
import { Box, Label, Table, TableBody, TableCell, TableHead, TableRow, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { StatusLabel } from './StatusBadge.jsx';
import { formatDate, formatDateTime } from './formats.js';
import { actorLabel, pickTitle } from './titles.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LONG_TEXT = 120;

const parseJson = (text, fallback) => {
  try {
    return JSON.parse(text || '') ?? fallback;
  } catch {
    return fallback;
  }
};

const shorten = (text) => (text.length > LONG_TEXT ? `${text.slice(0, LONG_TEXT - 1)}…` : text);

// Status changes (with comments) and field edits of the record with their old and new values, newest first, with
// who made them. Enum values, dates and the records a field points at read in the reader's language.
const RecordHistory = ({ record, property, resource }) => {
  const { translateProperty, translateComponent, translateLabel, i18n } = useTranslation();
  const language = i18n.language;
  const entries = parseJson(record.params[property.path], []);
  const names = parseJson(record.params.historyNamesJson, {});
  const status = (value) => translateLabel(`status.${value}`, resource.id, { defaultValue: value });
  // An enum value has its label under the field's name (labels.spheres.trade); free text never matches that shape.
  const enumLabel = (field, value) => (/^[a-z_]+$/.test(value) ? translateLabel(`${field}.${value}`, resource.id, { defaultValue: '' }) : '');
  const value = (field, raw) => {
    if (raw === null || raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) return '—';
    if (Array.isArray(raw)) return raw.map((item) => value(field, item)).join(', ');
    if (typeof raw === 'boolean') return translateComponent(`Filter.${raw}`);
    if (typeof raw === 'object') return shorten(JSON.stringify(raw));
    const text = String(raw);
    if (UUID.test(text)) return pickTitle(names[text.toLowerCase()], language) ?? text;
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(text, language);
    if (/^\d{4}-\d{2}-\d{2}T/.test(text)) return formatDateTime(text, language);
    return enumLabel(field, text) || shorten(text);
  };
  // Who joined or left a membership list: "+ Akimat (signatory); − Governor".
  const member = (item) => {
    const who = value('', item.party ?? item.person);
    const extra = item.role
      ? translateLabel(`partyRole.${item.role}`, resource.id, { defaultValue: item.role })
      : item.person && item.party
        ? value('', item.party)
        : '';
    return extra ? `${who} (${extra})` : who;
  };
  const fieldChange = (field, change) => {
    const label = translateProperty(field, resource.id);
    if (change && ('added' in change || 'removed' in change)) {
      const parts = [...(change.added ?? []).map((item) => `+ ${member(item)}`), ...(change.removed ?? []).map((item) => `− ${member(item)}`)];
      return `${label}: ${parts.join('; ')}`;
    }
    return `${label}: ${value(field, change?.from)} → ${value(field, change?.to)}`;
  };
  const action = (entry) =>
    translateComponent(
      `RecordHistory.${entry.action === 'create' ? 'created' : entry.action === 'archive' ? 'archived' : entry.action === 'restore' ? 'restored' : 'updated'}`,
    );
  const describe = (entry) => {
    if (entry.kind === 'status') return [translateComponent('RecordHistory.statusChange', { from: status(entry.from), to: status(entry.to) })];
    if (entry.action !== 'update') return [action(entry)];
    return [action(entry), ...Object.entries(entry.changes || {}).map(([field, change]) => fieldChange(field, change))];
  };
  return (
    <Box mb="xl" data-testid="record-history">
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      {entries.length === 0 ? (
        <Text color="grey60">{translateComponent('RecordHistory.empty')}</Text>
      ) : (
        <Table>
          <TableHead>
            <TableRow>
              <TableCell>{translateComponent('RecordHistory.when')}</TableCell>
              <TableCell>{translateComponent('RecordHistory.who')}</TableCell>
              <TableCell>{translateComponent('RecordHistory.what')}</TableCell>
              <TableCell>{translateComponent('RecordHistory.comment')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {entries.map((entry, index) => (
              <TableRow key={index}>
                <TableCell style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at, i18n.language)}</TableCell>
                <TableCell>{actorLabel(entry.actor?.name, translateComponent)}</TableCell>
                <TableCell>
                  {entry.kind === 'status' ? (
                    <StatusLabel status={entry.to} tones={resource.properties?.status?.custom?.tones} resourceId={resource.id} testId="history-status" />
                  ) : null}
                  {describe(entry).map((line, lineIndex) => (
                    <Text key={lineIndex} data-testid="history-line">
                      {line}
                    </Text>
                  ))}
                </TableCell>
                <TableCell style={{ whiteSpace: 'pre-wrap' }}>{entry.comment || ''}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
};

export default RecordHistory;
