import React from 'react';
import { useTranslation } from 'adminjs';
// Every action page has this header, so the bundle always loads the refusal handling with it.
import './refusals.js';
import { ListSearch, listSearchKey } from './list-search.jsx';

const TITLE_KEY = 'recordTitle';

// AdminJS titles every action page with the action's name, so a record's page read "Show". Its header takes the title
// from translateAction(action.label) and nothing else, so the record's title is registered as that translation
// (per resource, replaced on every render) and the action is relabelled to it. The breadcrumbs still name the action.
// A list page is headed by what it lists ("Поручения"), not by the word "List", the same way, and a list with a
// free-text search has its search box under the heading.
const RecordTitleHeader = (props) => {
  const { OriginalComponent, action, record, resource } = props;
  const { i18n, translateLabel } = useTranslation();
  const title = action?.name === 'show' ? record?.title : action?.name === 'list' && resource ? translateLabel(resource.name, resource.id) : undefined;
  if (!title) return <OriginalComponent {...props} />;
  i18n.addResource(i18n.language, 'translation', `resources.${resource.id}.actions.${TITLE_KEY}`, title);
  const header = <OriginalComponent {...props} action={{ ...action, label: TITLE_KEY }} />;
  if (action.name !== 'list' || !listSearchKey(resource)) return header;
  return (
    <>
      {header}
      <ListSearch resource={resource} />
    </>
  );
};

export default RecordTitleHeader;
