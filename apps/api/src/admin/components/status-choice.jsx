import React from 'react';
import { Box, FormGroup, FormMessage, Label, Select, Text, TextArea } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

// The new status and the reason for it, as one record's status change and a bulk change both ask for them.
export const StatusChoice = ({ idPrefix, options, to, onTo, comment, onComment, errors, resourceId, rows = 4, hint = false }) => {
  const { translateComponent, translateMessage } = useTranslation();
  return (
    <>
      <FormGroup error={!!errors.to}>
        <Label required>{translateComponent('ChangeStatus.to')}</Label>
        <Box data-testid="status-select">
          <Select
            inputId={`${idPrefix}-to`}
            value={options.find((option) => option.value === to) ?? null}
            options={options}
            placeholder={translateComponent('ChangeStatus.choose')}
            onChange={(selected) => onTo(selected?.value ?? '')}
          />
        </Box>
        <FormMessage>{errors.to ? translateMessage(errors.to.message, resourceId) : null}</FormMessage>
      </FormGroup>
      <FormGroup error={!!errors.comment}>
        <Label required htmlFor={`${idPrefix}-comment`}>
          {translateComponent('ChangeStatus.comment')}
        </Label>
        <TextArea id={`${idPrefix}-comment`} name="comment" width={1} rows={rows} value={comment} onChange={(event) => onComment(event.target.value)} />
        {hint ? (
          <Text fontSize="sm" color="grey60" mt="sm">
            {translateComponent('ChangeStatus.commentHint')}
          </Text>
        ) : null}
        <FormMessage>{errors.comment ? translateMessage(errors.comment.message, resourceId) : null}</FormMessage>
      </FormGroup>
    </>
  );
};
