import React from 'react';
import { useTranslation } from 'adminjs';
import { ListLink } from './list-links.js';
import { pickTitle, recordUrl } from './titles.js';

// A list's reference column (a memorandum's visit, a follow-up's responsible party): AdminJS shows it as a centred
// button that wraps letter by letter in a narrow column, titled in Russian; here a left-aligned link of two lines at most, titled
// in the reader's language. Record pages keep AdminJS's own.
const ReferenceInList = (props) => {
  const { OriginalComponent, property, record } = props;
  const { i18n } = useTranslation();
  const populated = record?.populated?.[property.path];
  if (!populated?.recordActions?.some((action) => action.name === 'show')) return <OriginalComponent {...props} />;
  const title = pickTitle(populated.params, i18n.language) ?? populated.title ?? populated.id;
  return (
    <ListLink
      to={recordUrl(property.reference, populated.id)}
      onClick={(event) => event.stopPropagation()}
      title={title}
      $lines={2}
      $minWidth="6em"
      $maxWidth="12em"
      data-testid="reference-link"
    >
      {title}
    </ListLink>
  );
};

export default ReferenceInList;
