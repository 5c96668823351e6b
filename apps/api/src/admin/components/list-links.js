import { Link } from 'react-router-dom';
import { styled } from '@adminjs/design-system/styled-components';

// AdminJS's desktop breakpoint: below it a list shows only the title column (the row's card, see LocalizedTitle).
export const desktop = ({ theme }) => `@media screen and (min-width: ${theme.breakpoints[1]})`;

// A link in a list's column: left-aligned, and from the desktop breakpoint on one line cut with an ellipsis (the page
// gives the full text in its title attribute), so a long name does not squeeze the other columns into wrapping.
export const ListLink = styled(Link)`
  display: block;
  text-align: left;
  overflow-wrap: anywhere;
  ${desktop} {
    max-width: ${({ $maxWidth }) => $maxWidth};
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
`;
