import React, { useEffect, useState } from 'react';
import { FormGroup, Input, Label, MessageBox } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

// The version the edit form was loaded with (read-only). After a stale edit the server sends the record as stored now
// with the user's edits put back (admin/stale-edit.ts): the form takes it over whole, so the next save is made
// against the current version, and says what happened.
const FormVersion = ({ record, property, onChange, resource }) => {
  const { translateProperty, translateMessage } = useTranslation();
  const [reloaded, setReloaded] = useState(false);
  const next = record.params.reloadedJson;
  useEffect(() => {
    if (!next) return;
    try {
      onChange(JSON.parse(next));
      setReloaded(true);
    } catch {
      // A malformed answer leaves the form as it is; the refusal's notice has already been shown.
    }
  }, [next]);
  return (
    <FormGroup>
      <Label>{translateProperty(property.label, property.resourceId)}</Label>
      <Input value={record.params.version ?? ''} disabled readOnly data-testid="form-version" />
      {reloaded ? <MessageBox mt="default" variant="info" data-testid="stale-edit-reloaded" message={translateMessage('formReloaded', resource.id)} /> : null}
    </FormGroup>
  );
};

export default FormVersion;
