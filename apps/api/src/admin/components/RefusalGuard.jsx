import React, { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Box, Button, Icon, InfoBox, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

// The server decides whether the user may open a page (page-access.ts). For the page the browser loaded it answers
// 403 (or 404) with a meta tag saying so (REFUSAL_META there), read once, when the bundle loads. A page reached inside
// the panel (a link, the browser's back and forward) loads nothing, so the guard asks about it (PAGE_ACCESS_PATH
// there) before showing it: a record archived, or moved to another region, since the link was drawn.
const ACCESS_URL = '/admin/page-access';

// A page is its path; a bulk page's records are in its query.
const pageKey = ({ pathname, search }) => (pathname.includes('/bulk/') ? pathname + search : pathname);

// The server's answer for the page the browser loaded, shown without asking again. Answers are not kept, since a
// record may change between two visits (a page allowed when loaded is asked about when the user comes back to it),
// except a refusal of the loaded page, which stays the answer for it.
let loadedPage =
  typeof window === 'undefined'
    ? undefined
    : { key: pageKey(window.location), refusal: document.querySelector('meta[name="kelisim-refusal"]')?.getAttribute('content') ?? null };

function takeLoadedAnswer(key) {
  if (loadedPage?.key !== key) return undefined;
  const answer = loadedPage;
  if (answer.refusal === null) loadedPage = undefined;
  return answer;
}

function askServer(key) {
  return (
    fetch(`${ACCESS_URL}?path=${encodeURIComponent(key)}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then((response) => (response.ok ? response.json() : { refusal: null }))
      .then((answer) => ({ key, refusal: answer.refusal ?? null }))
      // Unanswered (offline, logged out): AdminJS's own page, which has its own way of saying so.
      .catch(() => ({ key, refusal: null }))
  );
}

// Said in the reader's language, and the same for a page that exists and one that does not, where the user may not
// open any of its kind: the refusal never tells whether a record is there.
const RefusedPage = ({ kind }) => {
  const { translateComponent: tc } = useTranslation();
  const navigate = useNavigate();
  const texts = kind === 'notFound' ? 'notFound' : 'forbidden';
  // A typed or bookmarked address opens a tab with nothing to go back to.
  const canGoBack = typeof window !== 'undefined' && window.history.length > 1;
  return (
    <Box variant="container" m="xl" data-testid="refused-page" data-refusal={texts}>
      <InfoBox title={tc(`Refusal.${texts}Title`)} illustration={texts === 'notFound' ? 'NotFound' : 'Padlock'}>
        <Text mb="xl">{tc(`Refusal.${texts}Text`)}</Text>
        <Box flex flexDirection="row" justifyContent="center" style={{ gap: 16 }}>
          {canGoBack ? (
            <Button variant="outlined" onClick={() => navigate(-1)} data-testid="refused-back">
              <Icon icon="ArrowLeft" />
              {tc('Refusal.back')}
            </Button>
          ) : null}
          <Button as={Link} to="/admin" variant="contained" data-testid="refused-dashboard">
            <Icon icon="Home" />
            {tc('Refusal.dashboard')}
          </Button>
        </Box>
      </InfoBox>
    </Box>
  );
};

// Replaces AdminJS's resource, action, record and bulk routes: the refused page instead of theirs, which would say
// "no such action" or fail on the record's API call.
const RefusalGuard = (props) => {
  const { OriginalComponent, ...rest } = props;
  const key = pageKey(useLocation());
  const [answer, setAnswer] = useState(() => takeLoadedAnswer(key));
  useEffect(() => {
    // Decided when it was first drawn: the loaded page's own answer.
    if (answer?.key === key) return undefined;
    const known = takeLoadedAnswer(key);
    if (known) {
      setAnswer(known);
      return undefined;
    }
    let current = true;
    void askServer(key).then((reply) => current && setAnswer(reply));
    return () => {
      current = false;
    };
  }, [key]);
  // Until the server answers (a few milliseconds), nothing: AdminJS's page would start its own requests.
  if (answer?.key !== key) return null;
  if (answer.refusal) return <RefusedPage kind={answer.refusal} />;
  return <OriginalComponent {...rest} />;
};

export default RefusalGuard;
