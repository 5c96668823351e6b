import React, { useState } from 'react';
import { Box, Button } from '@adminjs/design-system';
import { ApiClient, BasePropertyComponent, flat, useTranslation } from 'adminjs';
import NewDirectoryEntry, { PARTY_KINDS } from './NewDirectoryEntry.jsx';

const api = new ApiClient();

// A form's pick of a party or person (one, or a list) with "+ new" beside it: a missing party or person is added to
// the directory right here (near names offered first) and chosen at once, so no form sends staff to another screen.
// The pick itself is AdminJS's own reference field, rendered as it would be without this component.
const ReferenceWithNew = (props) => {
  const { property, record, onChange } = props;
  const { translateComponent, translateLabel, i18n } = useTranslation();
  const t = (key, options) => translateComponent(`Intake.${key}`, options);
  const [open, setOpen] = useState(false);
  const isPerson = property.reference === 'Person';
  const plain = { ...property, components: { ...property.components, edit: undefined } };

  const post = async (op, json) => {
    const data = new FormData();
    data.set('op', op);
    data.set('json', JSON.stringify(json));
    return (await api.resourceAction({ resourceId: property.reference, actionName: 'quickAdd', data })).data;
  };
  const choose = (_kind, entry) => {
    if (property.isArray) {
      const current = (flat.get(record.params, property.path) ?? []).filter(Boolean);
      if (!current.includes(entry.id)) onChange(property.path, [...current, entry.id]);
    } else onChange(property.path, entry.id);
    setOpen(false);
  };

  return (
    <Box data-testid={`reference-with-new-${property.path}`}>
      <BasePropertyComponent {...props} property={plain} />
      <Box mt="-lg" mb="xl">
        <Button size="sm" variant="text" type="button" onClick={() => setOpen(!open)} data-testid={`add-new-${property.path}`}>
          + {t(isPerson ? 'addNewPerson' : 'addNewParty')}
        </Button>
        {open ? (
          <NewDirectoryEntry
            t={t}
            translateLabel={translateLabel}
            language={i18n.language}
            kinds={isPerson ? ['person'] : PARTY_KINDS}
            post={post}
            onAdd={choose}
            testId={`new-${property.path}`}
          />
        ) : null}
      </Box>
    </Box>
  );
};

export default ReferenceWithNew;
