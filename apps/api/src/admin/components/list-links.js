import { Link } from 'react-router-dom';
import { styled } from '@adminjs/design-system/styled-components';

// AdminJS's desktop breakpoint: below it a list shows only the title column (the row's card, see LocalizedTitle).
export const desktop = ({ theme }) => `@media screen and (min-width: ${theme.breakpoints[1]})`;

// A link in a list's column: left-aligned; from the desktop breakpoint it wraps to at most $lines lines (the rest cut
// with an ellipsis, the page gives the full text in its title attribute) within $minWidth..$maxWidth, so a long name
// neither squeezes the other columns nor pushes the table past its box.
export const ListLink = styled(Link)`
  display: block;
  text-align: left;
  overflow-wrap: anywhere;
  ${desktop} {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: ${({ $lines }) => $lines};
    min-width: ${({ $minWidth }) => $minWidth};
    max-width: ${({ $maxWidth }) => $maxWidth};
    overflow: hidden;
    overflow-wrap: normal;
    text-overflow: ellipsis;
  }
`;
