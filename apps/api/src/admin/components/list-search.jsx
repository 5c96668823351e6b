import React, { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Box, Icon, Input } from '@adminjs/design-system';
import { styled } from '@adminjs/design-system/styled-components';
import { useTranslation } from 'adminjs';
import { desktop } from './list-links.js';
import { highlightParts } from './search-highlight.js';

// The filter behind a list's free-text search, as its list action names it (`custom.searchKey`: `q` for the register
// and directory, the title for sources). The header box and the filter drawer set the same `filters.<key>` of the URL.
export const listSearchKey = (resource) => resource?.resourceActions?.find((action) => action.name === 'list')?.custom?.searchKey;

const filterParam = (key) => `filters.${key}`;

// The list's search query as the URL carries it ('' for none).
export const useListQuery = (resource) => {
  const key = listSearchKey(resource);
  const { search } = useLocation();
  return key ? (new URLSearchParams(search).get(filterParam(key)) ?? '') : '';
};

// Typing settles for this long before the list is asked again; Enter asks at once.
const TYPING_PAUSE_MS = 350;

const SearchBox = styled(Box)`
  position: relative;
  width: 100%;
  ${desktop} {
    max-width: 32em;
  }
  & input {
    padding-left: 40px;
  }
`;

// The magnifier inside the box, at its start; clicks go through to the box.
const SearchIcon = styled.span`
  position: absolute;
  left: 12px;
  top: 50%;
  transform: translateY(-50%);
  display: flex;
  pointer-events: none;
`;

// The search box above a list: the list's own search, kept in the URL with the other filters (bookmarkable), back
// on the first page whenever the query changes.
export const ListSearch = ({ resource }) => {
  const key = listSearchKey(resource);
  const { translateComponent: tc } = useTranslation();
  const location = useLocation();
  // The URL as it is when a paused typing is sent (the list may have been sorted meanwhile).
  const current = useRef(location);
  current.current = location;
  const navigate = useNavigate();
  const inUrl = useListQuery(resource);
  const [value, setValue] = useState(inUrl);
  // The query this box last put in the URL: a URL change of its own must not overwrite what is being typed meanwhile.
  const sent = useRef(inUrl);
  const timer = useRef();

  useEffect(() => {
    // The drawer applied or reset the filters, or the user went back: the box shows the URL's query.
    if (inUrl !== sent.current) {
      sent.current = inUrl;
      setValue(inUrl);
    }
  }, [inUrl]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const send = (text) => {
    clearTimeout(timer.current);
    const query = text.trim();
    if (query === sent.current) return;
    sent.current = query;
    const params = new URLSearchParams(current.current.search);
    if (query) params.set(filterParam(key), query);
    else params.delete(filterParam(key));
    params.delete('page');
    const search = params.toString();
    navigate({ pathname: current.current.pathname, search: search ? `?${search}` : '' }, { replace: true });
  };

  const onChange = (event) => {
    const text = event.target.value;
    setValue(text);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => send(text), TYPING_PAUSE_MS);
  };

  return (
    <SearchBox
      as="form"
      role="search"
      mb="lg"
      onSubmit={(event) => {
        event.preventDefault();
        send(value);
      }}
    >
      <SearchIcon>
        <Icon icon="Search" />
      </SearchIcon>
      <Input
        type="search"
        width={1}
        value={value}
        onChange={onChange}
        placeholder={tc('ListSearch.placeholder')}
        aria-label={tc('ListSearch.label')}
        data-testid="list-search"
      />
    </SearchBox>
  );
};

// A text with the list's search query marked where it matches (folded as the search folds it).
export const Highlighted = ({ text, query }) => {
  const shown = String(text ?? '');
  if (!query) return shown;
  return highlightParts(shown, query).map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : part.text));
};
