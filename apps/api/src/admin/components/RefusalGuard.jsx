import React from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { Box, Button, Icon, InfoBox, Text } from '@adminjs/design-system';
import { useTranslation } from 'adminjs';

// The server decides whether the user may open the page the browser loaded (page-access.ts) and, when not, answers
// 403 (or 404) with a meta tag saying so (REFUSAL_META there). It is read once, when the bundle loads, together with
// the page's own path: the refusal is about that page only, not the ones the user goes on to from it.
const refusal = typeof document === 'undefined' ? undefined : document.querySelector('meta[name="kelisim-refusal"]')?.getAttribute('content');
const refusedPath = typeof window === 'undefined' ? undefined : window.location.pathname;

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
  const location = useLocation();
  if (refusal && location.pathname === refusedPath) return <RefusedPage kind={refusal} />;
  return <OriginalComponent {...rest} />;
};

export default RefusalGuard;
