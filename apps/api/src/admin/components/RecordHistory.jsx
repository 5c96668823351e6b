import React from 'react';
import { Box, Label, Table, TableBody, TableCell, TableHead, TableRow, Text, Badge } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { formatDateTime } from './titles.js';

// Status changes (with comments) and field edits of the record, newest first, with who made them.
const RecordHistory = ({ record, property, resource }) => {
  const { translateProperty, translateComponent, translateLabel, i18n } = useTranslation();
  let entries;
  try {
    entries = JSON.parse(record.params[property.path] || '[]');
  } catch {
    entries = [];
  }
  const status = (value) => translateLabel(`status.${value}`, resource.id, { defaultValue: value });
  const describe = (entry) => {
    if (entry.kind === 'status') return translateComponent('RecordHistory.statusChange', { from: status(entry.from), to: status(entry.to) });
    const action = translateComponent(
      `RecordHistory.${entry.action === 'create' ? 'created' : entry.action === 'archive' ? 'archived' : entry.action === 'restore' ? 'restored' : 'updated'}`,
    );
    const fields = Object.keys(entry.changes || {}).map((field) => translateProperty(field, resource.id));
    return fields.length && entry.action === 'update' ? `${action}. ${translateComponent('RecordHistory.fields', { fields: fields.join(', ') })}` : action;
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
                <TableCell>{entry.actor?.name}</TableCell>
                <TableCell>
                  {entry.kind === 'status' ? (
                    <Badge variant="primary" mr="sm">
                      {status(entry.to)}
                    </Badge>
                  ) : null}
                  {describe(entry)}
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
