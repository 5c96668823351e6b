import React from 'react';
import { Text } from '@adminjs/design-system';
import { styled } from '@adminjs/design-system/styled-components';
import { BasePropertyComponent, useTranslation } from 'adminjs';
import { desktop, ListLink } from './list-links.js';
import { Highlighted, useListQuery } from './list-search.jsx';
import { pickTitle, recordUrl } from './titles.js';

// Below the breakpoint AdminJS hides every column but the title (the resource's `isTitle` one), so the title's cell
// is the row's card: the status and the date under the title. Tapping anywhere on it opens the record (AdminJS's row).
const CardDetails = styled.div`
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 8px;
  margin-top: 8px;
  ${desktop} {
    display: none;
  }
`;

/** The row's status and its first date (else its first timestamp), as their own columns show them. */
function cardProperties(resource) {
  const listed = resource.listProperties ?? [];
  const date = listed.find((property) => property.type === 'date') ?? listed.find((property) => property.type === 'datetime');
  return [listed.find((property) => property.name === 'status'), date].filter(Boolean);
}

// The record's own title in the chosen interface language (kk/ru/en), falling back to the others; in a list, with the
// list's search query marked in it.
const LocalizedTitle = ({ record, resource, where }) => {
  const { i18n } = useTranslation();
  const query = useListQuery(resource);
  const title = pickTitle(record.params, i18n.language) ?? record.title ?? record.id;
  if (where === 'list') {
    return (
      <>
        <ListLink
          to={recordUrl(resource.id, record.id)}
          onClick={(event) => event.stopPropagation()}
          title={title}
          $lines={3}
          $minWidth="min(14em, 13.5vw)"
          $maxWidth="20em"
          data-testid="record-title"
        >
          <Highlighted text={title} query={query} />
        </ListLink>
        <CardDetails data-testid="record-card-details">
          {cardProperties(resource).map((property) => (
            <BasePropertyComponent key={property.propertyPath} where="list" property={property} resource={resource} record={record} />
          ))}
        </CardDetails>
      </>
    );
  }
  return <Text fontWeight="bold">{title}</Text>;
};

export default LocalizedTitle;
