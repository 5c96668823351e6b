import React from 'react';
import { Link } from 'react-router-dom';
import { Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';
import { pickTitle, recordUrl } from './titles.js';

// The record's own title in the chosen interface language (kk/ru/en), falling back to the others.
const LocalizedTitle = ({ record, resource, where }) => {
  const { i18n } = useTranslation();
  const title = pickTitle(record.params, i18n.language) ?? record.title ?? record.id;
  if (where === 'list') {
    return (
      <Link to={recordUrl(resource.id, record.id)} onClick={(event) => event.stopPropagation()} data-testid="record-title">
        {title}
      </Link>
    );
  }
  return <Text fontWeight="bold">{title}</Text>;
};

export default LocalizedTitle;
